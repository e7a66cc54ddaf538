import type { Service } from '../../shared/catalogue'
import type { FormField, ServiceCard } from '../../shared/catalogue/card'
import { html, type Html } from './html'
import { csrfField, field, page, type FieldError, type PageContext } from './layout'
import { DELIVERY_TEXT, type Messages } from './messages'
import {
  COMMENT_MAX,
  deliveriesOf,
  docSlots,
  FIELDS,
  isOptional,
  labelOf,
  OWN_ANSWER_MAX,
  questionInput,
  questionPages,
  questionsOf,
  requiredByCard,
  stepsFor,
  type Answers,
  type Draft,
  type FieldName,
  type OwnAnswers,
  type Step
} from './apply-form'
import { plainDay } from './format'

/* The application form's pages, "check your answers" and the confirmation (GOV.UK patterns). */

/** A card version as the form pages need it: the catalogue's view and the card with its form. */
export interface FormService {
  service: Service
  card: ServiceCard
}

const STEP_TITLE = { applicant: 'stepApplicant', contact: 'stepContact', details: 'stepDetails', documents: 'stepDocuments' } as const
function stepTitle(card: ServiceCard, step: Step, t: Messages): string {
  if (step in STEP_TITLE) return t[STEP_TITLE[step as keyof typeof STEP_TITLE]]
  const pages = questionPages(card).length
  const n = step === 'questions' ? 1 : Number(step.slice('questions-'.length))
  return pages > 1 ? `${t.stepQuestions} (${n} / ${pages})` : t.stepQuestions
}

const serviceName = (s: Service, ctx: PageContext): string => (ctx.lang === 'en' ? s.name_en : s.name_uk)
const base = (s: Service): string => `/apply/${encodeURIComponent(s.id)}`

/** Radios (GOV.UK): a fieldset whose legend is the question; the first radio has the question's id, so the error summary can link to it. */
function radios(
  name: string,
  legend: string,
  hint: string | null,
  options: readonly { value: string; label: string }[],
  chosen: string,
  error: string | undefined
): Html {
  const described = [hint ? `${name}-hint` : '', error ? `${name}-error` : ''].filter(Boolean).join(' ')
  return html`<div class="group${error ? ' group-error' : ''}"><fieldset${described ? html` aria-describedby="${described}"` : ''}>
<legend>${legend}</legend>${hint ? html`<p class="hint" id="${name}-hint">${hint}</p>` : ''}${error ? html`<p class="field-error" id="${name}-error">${error}</p>` : ''}${options.map(
    (o, i) =>
      html`<div class="radio">
        <input
          type="radio"
          id="${i === 0 ? name : `${name}-${o.value}`}"
          name="${name}"
          value="${o.value}"
          ${chosen === o.value ? html` checked` : ''}
        /><label for="${i === 0 ? name : `${name}-${o.value}`}">${o.label}</label>
      </div>`
  )}</fieldset></div>`
}

function input(ctx: PageContext, card: ServiceCard, name: FieldName, answers: Answers, errors: readonly FieldError[]): Html {
  const { t } = ctx
  const common = {
    name,
    label: labelOf(card, name, ctx.lang, t),
    value: answers[name] ?? '',
    error: errors.find((e) => e.field === name)?.message
  }
  // A standard question the card makes required shows the card's hint when it has one.
  const hintOr = (siteHint: string): string => requiredByCard(card, name)?.hint?.[ctx.lang] ?? siteHint
  switch (name) {
    case 'surname':
      return field({ ...common, autocomplete: 'family-name' })
    case 'givenName':
      return field({ ...common, autocomplete: 'given-name' })
    case 'patronymic':
      return field({ ...common, autocomplete: 'additional-name' })
    case 'rnokpp':
      return field({ ...common, hint: hintOr(t.rnokppHint), inputmode: 'numeric', width: 'medium', autocomplete: 'off' })
    case 'birthDate':
      return field({ ...common, hint: t.birthDateHint, inputmode: 'numeric', width: 'medium', autocomplete: 'bday' })
    case 'phone':
      return field({ ...common, hint: hintOr(t.phoneHint), type: 'tel', width: 'medium', autocomplete: 'tel' })
    case 'email':
      return field({
        ...common,
        type: 'email',
        autocomplete: 'email',
        ...(isOptional(card, name) ? {} : { hint: hintOr('') || undefined })
      })
    case 'address':
      return field({ ...common, hint: t.addressHint, autocomplete: 'street-address', multiline: true })
    case 'comment':
      return field({ ...common, hint: t.commentHint.replace('500', String(COMMENT_MAX)), multiline: true })
    case 'delivery':
      return radios(
        'delivery',
        common.label,
        null,
        deliveriesOf(card).map((d) => ({ value: d, label: DELIVERY_TEXT[ctx.lang][d] })),
        answers.delivery ?? '',
        common.error
      )
  }
}

/** Radios for a few options, a select for more (GOV.UK: radios up to about six). */
const RADIOS_UP_TO = 6

/** An own question's label: the card's, marked «(необов’язково)» when it may be left empty, as the site marks its optional questions. */
const questionLabel = (ctx: PageContext, f: FormField): string =>
  f.required ? f.label[ctx.lang] : `${f.label[ctx.lang]} ${ctx.t.optionalMark}`

/** One of the card's own questions, rendered from its type. */
export function question(ctx: PageContext, f: FormField, fields: OwnAnswers, errors: readonly FieldError[]): Html {
  const { t, lang } = ctx
  const name = questionInput(f)
  const label = questionLabel(ctx, f)
  const value = fields[f.id] ?? ''
  const error = errors.find((e) => e.field === name)?.message
  const hint = f.hint?.[lang] ?? null
  const maxlength = Math.min(f.rules.maxLength ?? OWN_ANSWER_MAX, OWN_ANSWER_MAX)
  const common = { name, label, value, error, ...(hint ? { hint } : {}) }
  switch (f.type) {
    case 'short_text':
      return field({ ...common, maxlength })
    case 'long_text':
      return field({ ...common, maxlength, multiline: true })
    case 'address':
      return field({ ...common, maxlength, multiline: true, autocomplete: 'street-address' })
    case 'number':
      return field({ ...common, inputmode: f.rules.integer ? 'numeric' : 'decimal', width: 'medium' })
    case 'date':
      return field({
        ...common,
        hint: hint ? `${hint} (${t.birthDateHint})` : t.birthDateHint,
        inputmode: 'numeric',
        width: 'medium',
        autocomplete: 'off'
      })
    case 'rnokpp':
      return field({ ...common, hint: hint ?? t.rnokppHint, inputmode: 'numeric', width: 'medium', autocomplete: 'off' })
    case 'phone':
      return field({ ...common, hint: hint ?? t.phoneHint, type: 'tel', width: 'medium', autocomplete: 'tel' })
    case 'email':
      return field({ ...common, type: 'email', autocomplete: 'email' })
    case 'yes_no':
      return radios(
        name,
        label,
        hint,
        [
          { value: 'yes', label: t.answerYes },
          { value: 'no', label: t.answerNo }
        ],
        value,
        error
      )
    case 'choice': {
      const options = (f.rules.choices ?? []).map((c) => ({ value: c.value, label: c.label[lang] }))
      if (options.length <= RADIOS_UP_TO) return radios(name, label, hint, options, value, error)
      const described = [hint ? `${name}-hint` : '', error ? `${name}-error` : ''].filter(Boolean).join(' ')
      return html`<div class="group${error ? ' group-error' : ''}">
        <label for="${name}">${label}</label>${hint ? html`<p class="hint" id="${name}-hint">${hint}</p>` : ''}${
          error ? html`<p class="field-error" id="${name}-error">${error}</p>` : ''
        }<select
          id="${name}"
          name="${name}"
          ${described ? html` aria-describedby="${described}"` : ''}${error ? html` aria-invalid="true"` : ''}
        >
          <option value="">${t.selectOne}</option>
          ${options.map((o) => html`<option value="${o.value}" ${value === o.value ? html` selected` : ''}>${o.label}</option>`)}
        </select>
      </div>`
    }
    case 'document_upload':
      // On the documents page (documentInputs).
      return html``
  }
}

/** An own answer as "check your answers" shows it: a choice's label, «Так»/«Ні», a date as typed. */
function shownAnswer(ctx: PageContext, f: FormField, fields: OwnAnswers): string {
  const v = fields[f.id] ?? ''
  if (v === '') return '—'
  if (f.type === 'yes_no') return v === 'yes' ? ctx.t.answerYes : v === 'no' ? ctx.t.answerNo : v
  if (f.type === 'choice') return f.rules.choices?.find((c) => c.value === v)?.label[ctx.lang] ?? v
  return v
}

/** The card's documents and its own upload questions, a file input each (GOV.UK file upload); a file already uploaded may be replaced. */
function documentInputs(ctx: PageContext, card: ServiceCard, docs: Draft['docs'], errors: readonly FieldError[]): Html {
  const { t } = ctx
  const slots = docSlots(card)
  if (slots.length === 0) return html`<p>${t.documentsNone}</p>`
  return html`<p>${t.documentsLead}</p>
    ${slots.map((d) => {
      const name = d.key
      const error = errors.find((e) => e.field === name)?.message
      const own = d.hint ? `${d.hint[ctx.lang]} · ` : ''
      const hint = `${own}${d.required ? t.documentRequired : t.documentOptional} · ${docs[name] ? t.fileUploaded : t.fileHint}`
      return html`<div class="group${error ? ' group-error' : ''}">
        <label for="${name}">${d.name[ctx.lang]}</label>
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

/** The notice that the card's form changed under the draft (routes.ts, carryDraft). */
const changedNotice = (ctx: PageContext, notice: Draft['notice']): Html | null =>
  notice === 'form_changed'
    ? html`<div class="warning" role="status">
        <p><strong>${ctx.t.formChanged}</strong></p>
      </div>`
    : null

export function renderStep(
  ctx: PageContext,
  fs: FormService,
  step: Step,
  draft: Pick<Draft, 'answers' | 'fields' | 'docs' | 'notice'>,
  errors: readonly FieldError[],
  fromCheck: boolean
): string {
  const { t } = ctx
  const { service: s, card } = fs
  const steps = stepsFor(card)
  const n = steps.indexOf(step)
  const back = n <= 0 ? `/services/${encodeURIComponent(s.id)}` : `${base(s)}/${steps[n - 1] ?? ''}`
  const own = questionsOf(card, step)
  const title = stepTitle(card, step, t)
  // The token first: the server checks it before it reads any file (routes.ts).
  const body = html`<p><a href="${fromCheck ? `${base(s)}/check` : back}">${t.back}</a></p>
    ${changedNotice(ctx, draft.notice)}
    <p class="caption">${serviceName(s, ctx)} · ${t.stepOf} ${n + 1} / ${steps.length}</p>
    <h1>${title}</h1>
    <form method="post" action="${base(s)}/${step}" novalidate${step === 'documents' ? html` enctype="multipart/form-data"` : ''}>
      ${csrfField(ctx)}${fromCheck ? html`<input type="hidden" name="returnTo" value="check" />` : ''}
      ${
        step === 'documents'
          ? documentInputs(ctx, card, draft.docs, errors)
          : own
            ? own.map((f) => question(ctx, f, draft.fields, errors))
            : (FIELDS[step as keyof typeof FIELDS] ?? []).map((f) => input(ctx, card, f, draft.answers, errors))
      }
      <button type="submit">${t.continue}</button>
    </form>`
  return page(ctx, `${title} — ${serviceName(s, ctx)}`, body, { errors })
}

interface Row {
  label: string
  value: string
  href: string
}
const summary = (ctx: PageContext, rows: readonly Row[]): Html =>
  html`<dl class="summary">
    ${rows.map(
      (r) =>
        html`<div>
          <dt>${r.label}</dt>
          <dd>${r.value}</dd>
          <dd class="act">
            <a href="${r.href}">${ctx.t.change}<span class="visually-hidden"> ${r.label}</span></a>
          </dd>
        </div>`
    )}
  </dl>`

export function renderCheck(
  ctx: PageContext,
  fs: FormService,
  draft: Pick<Draft, 'answers' | 'fields' | 'docs' | 'notice'>,
  errors: readonly FieldError[]
): string {
  const { t } = ctx
  const { service: s, card } = fs
  const { answers } = draft
  const shown = (f: FieldName): string => {
    const v = answers[f] ?? ''
    if (f === 'delivery') return v in DELIVERY_TEXT[ctx.lang] ? DELIVERY_TEXT[ctx.lang][v as keyof (typeof DELIVERY_TEXT)['uk']] : v
    return v === '' ? '—' : v
  }
  const sections = stepsFor(card)
    .filter((step) => step !== 'documents')
    .map((step) => {
      const own = questionsOf(card, step)
      const rows: Row[] = own
        ? own.map((f) => ({
            label: f.label[ctx.lang],
            value: shownAnswer(ctx, f, draft.fields),
            href: `${base(s)}/${step}?change=1#${questionInput(f)}`
          }))
        : (FIELDS[step as keyof typeof FIELDS] ?? []).map((f) => ({
            label: labelOf(card, f, ctx.lang, t),
            value: shown(f),
            href: `${base(s)}/${step}?change=1#${f}`
          }))
      return html`<h2>${stepTitle(card, step, t)}</h2>
        ${summary(ctx, rows)}`
    })
  const slots = docSlots(card)
  const body = html`${changedNotice(ctx, draft.notice)}
    <p class="caption">${serviceName(s, ctx)}</p>
    <h1>${t.checkTitle}</h1>
    ${sections}
    <h2>${t.stepDocuments}</h2>
    ${
      slots.length === 0
        ? html`<p>${t.documentsNone}</p>`
        : summary(
            ctx,
            slots.map((d) => ({
              label: d.name[ctx.lang],
              value: draft.docs[d.key] ? t.attached : d.required ? t.notAttached : '—',
              href: `${base(s)}/documents?change=1#${d.key}`
            }))
          )
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
