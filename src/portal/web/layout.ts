import { html, type Html, type HtmlValue } from './html'
import { MESSAGES, type Lang, type Messages } from './messages'

/*
 * The frame of every citizens' page (GOV.UK patterns: skip link, header, one <main>, error summary
 * at the top linking to each bad field). No script anywhere; the one stylesheet is /assets/site.css,
 * so the CSP allows styles from 'self' only.
 */

/** Where a page is rendered: the language, its strings, the form token and the address to come back to. */
export interface PageContext {
  lang: Lang
  t: Messages
  csrf: string
  /** The page's own path and query, for the language switch to return to. */
  path: string
}

export const contextFor = (lang: Lang, csrf: string, path: string): PageContext => ({ lang, t: MESSAGES[lang], csrf, path })

export interface FieldError {
  field: string
  message: string
}

export function page(ctx: PageContext, title: string, body: Html | HtmlValue, opts: { errors?: readonly FieldError[] } = {}): string {
  const { t, lang } = ctx
  const other: Lang = lang === 'uk' ? 'en' : 'uk'
  const errors = opts.errors ?? []
  const switchHref = `/language/${other}?back=${encodeURIComponent(ctx.path)}`
  return `<!doctype html>\n${
    html`<html lang="${lang}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${errors.length > 0 ? `${t.errorSummaryTitle}: ` : ''}${title} — ${t.siteName}</title>
        <link rel="icon" href="/assets/icon.svg" type="image/svg+xml" />
        <link rel="stylesheet" href="/assets/site.css" />
      </head>
      <body>
        <a class="skip" href="#main">${t.skipToContent}</a>
        <header class="top">
          <div class="wrap">
            <a class="brand" href="/">${t.siteName}</a>
            <a class="lang" href="${switchHref}" lang="${other}" hreflang="${other}" aria-label="${t.switchLanguageLabel}"
              >${t.switchLanguage}</a
            >
          </div>
        </header>
        <main id="main" class="wrap" tabindex="-1">${errorSummary(ctx, errors)}${body}</main>
        <footer class="foot"><div class="wrap">© Вікно · ЦНАП</div></footer>
      </body>
    </html>`.text
  }\n`
}

function errorSummary(ctx: PageContext, errors: readonly FieldError[]): Html | null {
  if (errors.length === 0) return null
  return html`<div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1">
    <h2 id="error-summary-title">${ctx.t.errorSummaryTitle}</h2>
    <ul>
      ${errors.map((e) => html`<li><a href="#${e.field}">${e.message}</a></li>`)}
    </ul>
  </div>`
}

export const csrfField = (ctx: PageContext): Html => html`<input type="hidden" name="_csrf" value="${ctx.csrf}" />`

export interface InputSpec {
  name: string
  label: string
  hint?: string
  value: string
  error?: string
  type?: 'text' | 'email' | 'tel'
  autocomplete?: string
  inputmode?: 'numeric' | 'decimal' | 'text' | 'tel' | 'email'
  width?: 'short' | 'medium' | 'full'
  multiline?: boolean
  /** The longest answer the rules allow (the browser stops typing there; the server checks it anyway). */
  maxlength?: number
}

/** A labelled field with its hint and its error, linked by aria-describedby (GOV.UK form group). */
export function field(s: InputSpec): Html {
  const described = [s.hint ? `${s.name}-hint` : '', s.error ? `${s.name}-error` : ''].filter(Boolean).join(' ')
  const common = html`id="${s.name}"
  name="${s.name}"${described ? html` aria-describedby="${described}"` : ''}${
    s.error ? html` aria-invalid="true"` : ''
  }${s.autocomplete ? html` autocomplete="${s.autocomplete}"` : ''}${s.maxlength !== undefined ? html` maxlength="${String(s.maxlength)}"` : ''}`
  const control = s.multiline
    ? html`<textarea ${common} rows="5">${s.value}</textarea>`
    : html`<input
        class="w-${s.width ?? 'full'}"
        type="${s.type ?? 'text'}"
        ${common}${s.inputmode ? html` inputmode="${s.inputmode}"` : ''}
        value="${s.value}"
        spellcheck="false"
      />`
  return html`<div class="group${s.error ? ' group-error' : ''}">
    <label for="${s.name}">${s.label}</label>${
      s.hint ? html`<p class="hint" id="${s.name}-hint">${s.hint}</p>` : ''
    }${s.error ? html`<p class="field-error" id="${s.name}-error">${s.error}</p>` : ''}${control}
  </div>`
}
