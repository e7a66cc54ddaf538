/*
 * The citizens' pages are strings built by small typed functions. Everything interpolated into
 * `html` is escaped unless it is already `Html` (made by `html` itself): a remark, a name or an order
 * number is data, never markup, and a renderer cannot forget to escape it.
 */

export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text
  }
}

export const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c)

export type HtmlValue = Html | string | number | null | undefined | false | readonly HtmlValue[]

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return ''
  if (value instanceof Html) return value.text
  if (Array.isArray(value)) return value.map((v: HtmlValue) => render(v)).join('')
  return escapeHtml(String(value))
}

/** The tagged template every page is written with: `html\`<p>${text}</p>\``. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): Html {
  let out = strings[0] ?? ''
  values.forEach((v, i) => {
    out += render(v) + (strings[i + 1] ?? '')
  })
  return new Html(out)
}
