import type { CitizenStatus } from '../intake/intake'
import { html, type Html } from './html'
import { csrfField, field, page, type FieldError, type PageContext } from './layout'
import { BUCKET_TEXT, MESSAGES, type MessageKey } from './messages'
import { isoToTyped, plainDay, plainDayTime } from './format'
import { receiptHref, UPLOAD_ACCEPT } from './apply-pages'

/*
 * The status of one application, and the page that asks for its access code. The asking page is the
 * same for every number, known or not; with a wrong code it adds the one message a wrong code and an
 * unknown number share.
 */

export function renderAccessCodePage(ctx: PageContext, orderNumber: string, wrong: boolean): string {
  const { t } = ctx
  const errors: FieldError[] = wrong ? [{ field: 'code', message: t.notFoundOrWrongCode }] : []
  const body = html`<h1>${t.applicationTitle} <span class="nowrap">${orderNumber}</span></h1>
    <form method="post" action="/status/${encodeURIComponent(orderNumber)}" novalidate>
      ${csrfField(ctx)}
      ${field({ name: 'code', label: t.accessCode, hint: t.accessCodeHint, value: '', error: wrong ? t.notFoundOrWrongCode : undefined, autocomplete: 'off', width: 'medium' })}
      <button type="submit">${t.showStatus}</button>
    </form>`
  return page(ctx, `${t.applicationTitle} ${orderNumber} — ${t.accessCode}`, body, { errors })
}

const fieldLabel = (ctx: PageContext, key: string): string =>
  key in MESSAGES.uk && ['surname', 'givenName', 'patronymic', 'rnokpp', 'birthDate', 'phone', 'email', 'address'].includes(key)
    ? ctx.t[key as MessageKey]
    : key

/** Corrected documents with the answer (GOV.UK file upload, several files). */
function filesInput(ctx: PageContext, error: string | undefined): Html {
  const { t } = ctx
  return html`<div class="group${error ? ' group-error' : ''}">
    <label for="files">${t.replacementFiles}</label>
    <p class="hint" id="files-hint">${t.replacementFilesHint}</p>
    ${error ? html`<p class="field-error" id="files-error">${error}</p>` : ''}
    <input
      type="file"
      id="files"
      name="files"
      multiple
      accept="${UPLOAD_ACCEPT}"
      aria-describedby="files-hint${error ? ' files-error' : ''}"
      ${error ? html` aria-invalid="true"` : ''}
    />
  </div>`
}

export interface AnswerForm {
  value: string
  errors: readonly FieldError[]
  /** Just answered: say so above the status. */
  sent: boolean
}

/** `today`: the centre's date (YYYY-MM-DD), to say whether the date to answer by has passed. */
export function renderStatusPage(ctx: PageContext, s: CitizenStatus, today: string, answer: AnswerForm): string {
  const { t } = ctx
  const events: [string, string][] = [[s.receivedAt, t.received]]
  if (s.takenIntoWorkAt) events.push([s.takenIntoWorkAt, t.takenIntoWork])
  if (s.remarksRequestedAt) events.push([s.remarksRequestedAt, t.remarksRequested])
  if (s.lastAnswer) events.push([s.lastAnswer.answeredAt, t.answered])
  if (s.forwardedAt) events.push([s.forwardedAt, t.forwarded])
  if (s.decision) events.push([s.decision.decidedAt, t.decided])
  if (s.closedAt) events.push([s.closedAt, t.closed])
  events.sort((a, b) => a[0].localeCompare(b[0]))

  const decision: Html | null = s.decision
    ? html`<p class="notice">
        ${
          s.decision.kind === 'approve' ? t.decisionApprove : s.decision.kind === 'refuse' ? t.decisionRefuse : t.decisionReturn
        }${s.decision.ground ? html`<br />${t.decisionGround}: <span lang="uk">${s.decision.ground}</span>` : ''}
      </p>`
    : null

  const remarks: Html | null = s.remarks
    ? html`<h2>${t.whatToFix}</h2>
        <ul lang="uk">
          ${s.remarks.items.map((i) => html`<li><strong>${fieldLabel(ctx, i.field)}</strong>: ${i.remark}</li>`)}
        </ul>
        ${s.remarks.general ? html`<p lang="uk">${s.remarks.general}</p>` : ''}${
          s.remarks.answerBy
            ? html`<p class="warning">
                <strong>${t.answerBy} ${isoToTyped(s.remarks.answerBy)}</strong>${
                  s.remarks.answerBy < today ? html`<br />${t.answerLate}` : ''
                }
              </p>`
            : ''
        }
        <form method="post" action="/status/${encodeURIComponent(s.orderNumber)}/answer" enctype="multipart/form-data" novalidate>
          ${csrfField(ctx)}
          ${field({ name: 'answer', label: t.yourAnswer, hint: t.yourAnswerHint, value: answer.value, error: answer.errors.find((e) => e.field === 'answer')?.message, multiline: true })}
          ${filesInput(ctx, answer.errors.find((e) => e.field === 'files')?.message)}
          <button type="submit">${t.sendAnswer}</button>
        </form>`
    : null

  const body = html`<p class="caption">${t.service}: <span lang="uk">${s.serviceName}</span></p>
    <h1>${t.applicationTitle} <span class="nowrap">${s.orderNumber}</span></h1>
    ${answer.sent ? html`<p class="notice" role="status">${t.answerSent}</p>` : ''}
    <p class="tag">${BUCKET_TEXT[ctx.lang][s.bucket]}</p>
    ${decision}
    <dl class="summary">
      <div>
        <dt>${t.state}</dt>
        <dd lang="uk">${s.statusLabel}</dd>
      </div>
      <div>
        <dt>${t.received}</dt>
        <dd>${plainDay(s.receivedAt)}</dd>
      </div>
      <div>
        <dt>${t.expectedDate}</dt>
        <dd>${s.paused ? t.pausedDue : plainDay(s.dueAt)}</dd>
      </div>
    </dl>
    ${remarks}
    <p><a href="${receiptHref(s.orderNumber)}" download>${t.receiptPdf}</a></p>
    <h2>${t.timeline}</h2>
    <ol class="timeline">
      ${events.map(([at, what]) => html`<li><time datetime="${at}">${plainDayTime(at)}</time>${what}</li>`)}
    </ol>
    <form method="post" action="/status/${encodeURIComponent(s.orderNumber)}/close">
      ${csrfField(ctx)}<button class="secondary" type="submit">${t.signOut}</button>
    </form>`
  return page(ctx, `${t.applicationTitle} ${s.orderNumber}`, body, { errors: answer.errors })
}
