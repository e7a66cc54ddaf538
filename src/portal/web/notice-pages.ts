import { html } from './html'
import { page, type PageContext } from './layout'

export function renderNotFound(ctx: PageContext): string {
  const { t } = ctx
  return page(
    ctx,
    t.pageNotFound,
    html`<h1>${t.pageNotFound}</h1>
      <p>${t.pageNotFoundText}</p>
      <p><a href="/">${t.toHome}</a></p>`
  )
}

/** A form post without a valid CSRF token: nothing was done; the person goes back and sends it again. */
export function renderStaleForm(ctx: PageContext, back: string): string {
  const { t } = ctx
  return page(
    ctx,
    t.staleFormTitle,
    html`<h1>${t.staleFormTitle}</h1>
      <p>${t.staleFormText}</p>
      <p><a href="${back}">${t.goBack}</a></p>`
  )
}

export function renderTooManyTries(ctx: PageContext): string {
  const { t } = ctx
  return page(
    ctx,
    t.tooManyTries,
    html`<h1>${t.tooManyTries}</h1>
      <p><a href="/">${t.toHome}</a></p>`
  )
}
