import type { Service } from '../../shared/catalogue'
import { DELIVERY } from '../../shared/domain/application'
import { html, type Html } from './html'
import { csrfField, field, page, type FieldError, type PageContext } from './layout'
import { DELIVERY_TEXT } from './messages'
import { COMMENT_MAX, docKey, FIELDS, LABEL, STEPS, type Answers, type Docs, type FieldName, type Step } from './apply-form'
import { plainDay } from './format'

/* The application form's pages, "check your answers" and the confirmation (GOV.UK patterns). */

const STEP_TITLE = { applicant: 'stepApplicant', contact: 'stepContact', details: 'stepDetails', documents: 'stepDocuments' } as const

const serviceName = (s: Service, ctx: PageContext): string => (ctx.lang === 'en' ? s.name_en : s.name_uk)
const base = (s: Service): string => `/apply/${encodeURIComponent(s.id)}`

function input(ctx: PageContext, name: FieldName, answers: Answers, errors: readonly FieldError[]): Html {
  const { t } = ctx
  const common = { name, label: t[LABEL[name]], value: answers[name] ?? '', error: errors.find((e) => e.field === name)?.message }
  switch (name) {
    case 'surname':
      return field({ ...common, autocomplete: 'family-name' })
    case 'givenName':
      return field({ ...common, autocomplete: 'given-name' })
    case 'patronymic':
      return field({ ...common, autocomplete: 'additional-name' })
    case 'rnokpp':
      return field({ ...common, hint: t.rnokppHint, inputmode: 'numeric', width: 'medium', autocomplete: 'off' })
    case 'birthDate':
      return field({ ...common, hint: t.birthDateHint, inputmode: 'numeric', width: 'medium', autocomplete: 'bday' })
    case 'phone':
      return field({ ...common, hint: t.phoneHint, type: 'tel', width: 'medium', autocomplete: 'tel' })
    case 'email':
      return field({ ...common, type: 'email', autocomplete: 'email' })
    case 'address':
      return field({ ...common, hint: t.addressHint, autocomplete: 'street-address', multiline: true })
    case 'comment':
      return field({ ...common, hint: t.commentHint.replace('500', String(COMMENT_MAX)), multiline: true })
    case 'delivery': {
      const chosen = answers.delivery ?? ''
      return html`<div class="group${common.error ? ' group-error' : ''}"><fieldset${common.error ? html` aria-describedby="delivery-error"` : ''}>
<legend>${common.label}</legend>${common.error ? html`<p class="field-error" id="delivery-error">${common.error}</p>` : ''}${DELIVERY.map(
        (d, i) =>
          html`<div class="radio">
            <input
              type="radio"
              id="${i === 0 ? 'delivery' : `delivery-${d}`}"
              name="delivery"
              value="${d}"
              ${chosen === d ? html` checked` : ''}
            /><label for="${i === 0 ? 'delivery' : `delivery-${d}`}">${DELIVERY_TEXT[ctx.lang][d]}</label>
          </div>`
      )}</fieldset></div>`
    }
  }
}

/** The card's documents, a file input each (GOV.UK file upload); a document already uploaded may be replaced. */
function documentInputs(ctx: PageContext, s: Service, docs: Docs, errors: readonly FieldError[]): Html {
  const { t } = ctx
  if (s.documents.length === 0) return html`<p>${t.documentsNone}</p>`
  return html`<p>${t.documentsLead}</p>
    ${s.documents.map((d, i) => {
      const name = docKey(i)
      const error = errors.find((e) => e.field === name)?.message
      const hint = `${d.required ? t.documentRequired : t.documentOptional} · ${docs[name] ? t.fileUploaded : t.fileHint}`
      return html`<div class="group${error ? ' group-error' : ''}">
        <label for="${name}">${ctx.lang === 'en' ? d.name_en : d.name_uk}</label>
        <p class="hint" id="${name}-hint">${hint}</p>
        ${error ? html`<p class="field-error" id="${name}-error">${error}</p>` : ''}
        <input
          type="file"
          id="${name}"
          name="${name}"
          accept="${UPLOAD_ACCEPT}"
          aria-describedby="${name}-hint${error ? ` ${name}-error` : ''}"
          ${error ? html` aria-invalid="true"` : ''}
        />
      </div>`
    })}`
}

export const UPLOAD_ACCEPT = 'application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png'

export function renderStep(
  ctx: PageContext,
  s: Service,
  step: Step,
  answers: Answers,
  docs: Docs,
  errors: readonly FieldError[],
  fromCheck: boolean
): string {
  const { t } = ctx
  const n = STEPS.indexOf(step)
  const back = n === 0 ? `/services/${encodeURIComponent(s.id)}` : `${base(s)}/${STEPS[n - 1] ?? ''}`
  // The token first: the server checks it before it reads any file (routes.ts).
  const body = html`<p><a href="${fromCheck ? `${base(s)}/check` : back}">${t.back}</a></p>
    <p class="caption">${serviceName(s, ctx)} · ${t.stepOf} ${n + 1} / ${STEPS.length}</p>
    <h1>${t[STEP_TITLE[step]]}</h1>
    <form method="post" action="${base(s)}/${step}" novalidate${step === 'documents' ? html` enctype="multipart/form-data"` : ''}>
      ${csrfField(ctx)}${fromCheck ? html`<input type="hidden" name="returnTo" value="check" />` : ''}
      ${step === 'documents' ? documentInputs(ctx, s, docs, errors) : FIELDS[step].map((f) => input(ctx, f, answers, errors))}
      <button type="submit">${t.continue}</button>
    </form>`
  return page(ctx, `${t[STEP_TITLE[step]]} — ${serviceName(s, ctx)}`, body, { errors })
}

export function renderCheck(ctx: PageContext, s: Service, answers: Answers, docs: Docs, errors: readonly FieldError[]): string {
  const { t } = ctx
  const shown = (f: FieldName): string => {
    const v = answers[f] ?? ''
    if (f === 'delivery') return v in DELIVERY_TEXT[ctx.lang] ? DELIVERY_TEXT[ctx.lang][v as keyof (typeof DELIVERY_TEXT)['uk']] : v
    return v === '' ? '—' : v
  }
  const body = html`<p class="caption">${serviceName(s, ctx)}</p>
    <h1>${t.checkTitle}</h1>
    ${STEPS.filter((step) => step !== 'documents').map(
      (step) =>
        html`<h2>${t[STEP_TITLE[step]]}</h2>
          <dl class="summary">
            ${FIELDS[step].map(
              (f) =>
                html`<div>
                  <dt>${t[LABEL[f]]}</dt>
                  <dd>${shown(f)}</dd>
                  <dd class="act">
                    <a href="${base(s)}/${step}?change=1#${f}">${t.change}<span class="visually-hidden"> ${t[LABEL[f]]}</span></a>
                  </dd>
                </div>`
            )}
          </dl>`
    )}
    <h2>${t.stepDocuments}</h2>
    ${
      s.documents.length === 0
        ? html`<p>${t.documentsNone}</p>`
        : html`<dl class="summary">
            ${s.documents.map(
              (d, i) =>
                html`<div>
                  <dt>${ctx.lang === 'en' ? d.name_en : d.name_uk}</dt>
                  <dd>${docs[docKey(i)] ? t.attached : d.required ? t.notAttached : '—'}</dd>
                  <dd class="act">
                    <a href="${base(s)}/documents?change=1#${docKey(i)}"
                      >${t.change}<span class="visually-hidden"> ${ctx.lang === 'en' ? d.name_en : d.name_uk}</span></a
                    >
                  </dd>
                </div>`
            )}
          </dl>`
    }
    <h2>${t.submitTitle}</h2>
    <p>${t.submitText}</p>
    <form method="post" action="${base(s)}/submit" novalidate>${csrfField(ctx)}<button type="submit">${t.submit}</button></form>`
  return page(ctx, t.checkTitle, body, { errors })
}

/** The receipt of one application as a PDF; it opens with the access code kept for that number (routes.ts). */
export const receiptHref = (orderNumber: string): string => `/status/${encodeURIComponent(orderNumber)}/receipt.pdf`

export interface Confirmation {
  orderNumber: string
  accessCode: string
  dueAt: string
}

export function renderConfirmation(ctx: PageContext, s: Service, c: Confirmation): string {
  const { t } = ctx
  const body = html`<div class="panel">
      <h1>${t.confirmationTitle}</h1>
      <p>${t.yourOrderNumber}<br /><span class="big">${c.orderNumber}</span></p>
      <p>${t.yourAccessCode}<br /><span class="big">${c.accessCode}</span></p>
    </div>
    <p class="warning"><strong>${t.accessCodeOnce}</strong></p>
    <dl class="summary">
      <div>
        <dt>${t.service}</dt>
        <dd>${serviceName(s, ctx)}</dd>
      </div>
      <div>
        <dt>${t.expectedDate}</dt>
        <dd>${plainDay(c.dueAt)}</dd>
      </div>
    </dl>
    <h2>${t.whatNext}</h2>
    <p>${t.whatNextText}</p>
    <p><a href="${receiptHref(c.orderNumber)}" download>${t.receiptPdf}</a><br /><span class="hint">${t.receiptPdfHint}</span></p>
    <p><a href="/status/${encodeURIComponent(c.orderNumber)}">${t.toStatus}</a></p>`
  return page(ctx, t.confirmationTitle, body)
}
