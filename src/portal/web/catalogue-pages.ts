import type { Service } from '../../shared/catalogue'
import { html, type Html } from './html'
import { csrfField, field, page, type FieldError, type PageContext } from './layout'
import { feeText, termText } from './format'

/* The home page (services by category, search, "my application") and a service's start page. */

const nameOf = (s: Service, ctx: PageContext): string => (ctx.lang === 'en' ? s.name_en : s.name_uk)
const categoryOf = (s: Service, ctx: PageContext): string => (ctx.lang === 'en' ? s.category_en : s.category_uk)

/** Case-insensitive, in either language's name and category; every word must match. */
export function searchServices(services: readonly Service[], query: string): Service[] {
  const words = query.toLocaleLowerCase('uk').split(/\s+/).filter(Boolean)
  if (words.length === 0) return [...services]
  return services.filter((s) => {
    const hay = [s.name_uk, s.name_en, s.category_uk, s.category_en].join(' ').toLocaleLowerCase('uk')
    return words.every((w) => hay.includes(w))
  })
}

export interface LookupForm {
  orderNumber: string
  code: string
  errors: readonly FieldError[]
}

export function renderHome(ctx: PageContext, services: readonly Service[], query: string, lookup: LookupForm): string {
  const { t } = ctx
  const found = searchServices(services, query)
  const categories = new Map<string, Service[]>()
  for (const s of found) categories.set(categoryOf(s, ctx), [...(categories.get(categoryOf(s, ctx)) ?? []), s])
  const err = (name: string): string | undefined => lookup.errors.find((e) => e.field === name)?.message
  const list: Html[] = [...categories].map(
    ([category, list]) =>
      html`<h3>${category}</h3>
        <ul class="services">
          ${list.map(
            (s) =>
              html`<li>
                <a href="/services/${encodeURIComponent(s.id)}">${nameOf(s, ctx)}</a>
                <p class="meta">${t.term}: ${termText(s, t)} · ${t.fee}: ${feeText(s, t)}</p>
              </li>`
          )}
        </ul>`
  )
  const body = html`<div class="cols">
      <div>
        <h1>${t.homeTitle}</h1>
        <p class="lead">${t.homeLead}</p>
        <form method="get" action="/" role="search">
          <div class="group">
            <label for="q">${t.search}</label>
            <p class="hint" id="q-hint">${t.searchHint}</p>
            <div class="search">
              <input type="search" id="q" name="q" value="${query}" aria-describedby="q-hint" /><button type="submit">
                ${t.searchButton}
              </button>
            </div>
          </div>
        </form>
      </div>
      <aside class="lookup" aria-labelledby="lookup-title">
        <h2 id="lookup-title">${t.myApplication}</h2>
        <p>${t.myApplicationLead}</p>
        <form method="post" action="/lookup" novalidate>
          ${csrfField(ctx)}
          ${field({ name: 'orderNumber', label: t.orderNumber, hint: t.orderNumberHint, value: lookup.orderNumber, error: err('orderNumber'), autocomplete: 'off', width: 'medium' })}
          ${field({ name: 'code', label: t.accessCode, hint: t.accessCodeHint, value: lookup.code, error: err('code'), autocomplete: 'off', width: 'medium' })}
          <button type="submit">${t.showStatus}</button>
        </form>
      </aside>
    </div>
    <h2 id="services">${query ? html`${t.searchFound}: ${found.length}` : t.allServices}</h2>
    ${found.length === 0 ? html`<p>${t.searchNothing}</p>` : list}`
  // The lookup comes before the long list: on a phone it must not sit at the bottom of the page.
  return page(ctx, t.homeTitle, body, { errors: lookup.errors })
}

export function renderServiceStart(ctx: PageContext, s: Service, isTest = false): string {
  const { t } = ctx
  const en = ctx.lang === 'en'
  const result = en ? s.result_en : s.result_uk
  const body = html`${isTest ? html`<p class="test-badge" role="note"><strong>ТЕСТ</strong> · ${t.testService}</p>` : ''}
    <p class="caption">${categoryOf(s, ctx)}</p>
    <h1>${nameOf(s, ctx)}</h1>
    ${
      result
        ? html`<h2>${t.serviceResult}</h2>
            <p>${result}</p>`
        : ''
    }
    <dl class="summary">
      <div>
        <dt>${t.term}</dt>
        <dd>${termText(s, t)}</dd>
      </div>
      <div>
        <dt>${t.fee}</dt>
        <dd>${feeText(s, t)}</dd>
      </div>
    </dl>
    ${
      s.documents.length > 0
        ? html`<h2>${t.documents}</h2>
            <ul>
              ${s.documents.map(
                (d) => html`<li>${en ? d.name_en : d.name_uk} (${d.required ? t.documentRequired : t.documentOptional})</li>`
              )}
            </ul>`
        : ''
    }
    ${
      s.stages.length > 0
        ? html`<h2>${t.stages}</h2>
            <ol>
              ${s.stages.map((st) => html`<li>${en ? st.name_en : st.name_uk}</li>`)}
            </ol>`
        : ''
    }
    ${
      s.refusal_grounds_uk.length > 0
        ? html`<h2>${t.refusalGrounds}</h2>
            <ul lang="uk">
              ${s.refusal_grounds_uk.map((g) => html`<li>${g}</li>`)}
            </ul>`
        : ''
    }
    <h2>${t.howDelivered}</h2>
    <p>${t.howDeliveredText}</p>
    <p>${t.startHint}</p>
    <a class="button start" role="button" draggable="false" href="/apply/${encodeURIComponent(s.id)}/applicant">${t.start}</a>`
  return page(ctx, nameOf(s, ctx), body)
}
