import type { CitizenStatus } from '../intake/intake'

/*
 * The page a receipt's QR code opens: the citizen's view of one application, in Ukrainian, as
 * plain server-rendered HTML (no script, nothing to load). Every value is escaped: an order number
 * or a remark is data, never markup.
 */

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c)

const kyivDateTime = (iso: string | null): string =>
  iso ? new Intl.DateTimeFormat('uk-UA', { timeZone: 'Europe/Kyiv', dateStyle: 'long', timeStyle: 'short' }).format(new Date(iso)) : '—'

const BUCKET_TEXT: Record<CitizenStatus['bucket'], string> = {
  received: 'Заяву отримано, вона чекає на адміністратора',
  in_progress: 'Заява в роботі',
  needs_answer: 'Потрібні ваші виправлення',
  ready: 'Результат готовий — його можна отримати',
  closed: 'Розгляд завершено'
}

export const STATUS_PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

const STYLE = `<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a;line-height:1.5}
th{text-align:left;padding:.25rem 1rem .25rem 0;font-weight:600;vertical-align:top}td{padding:.25rem 0}
.state{font-size:1.25rem;font-weight:700;border-left:.3rem solid #1c5fb8;padding-left:.75rem}
.error{border-left:.3rem solid #b3261e;padding-left:.75rem}label{display:block;font-weight:600}
input{font:inherit;padding:.4rem;margin:.25rem 0 .75rem;border:2px solid #1a1a1a}button{font:inherit;padding:.5rem 1rem}</style>`

/**
 * The page that asks for the access code. The same for every number, known or not; `wrong` adds the
 * one message for a wrong code and an unknown number alike.
 */
export function renderAccessCodePage(orderNumber: string, wrong: boolean): string {
  const n = escapeHtml(orderNumber)
  return `<!doctype html>
<html lang="uk"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${wrong ? 'Помилка: ' : ''}Заява ${n} — код доступу</title>
${STYLE}</head>
<body><main><h1>Заява № ${n}</h1>
${wrong ? '<p class="error" role="alert">Заяву не знайдено або код доступу неправильний. Перевірте номер і код на квитанції.</p>' : ''}
<form method="get" action="/status/${encodeURIComponent(orderNumber)}">
<label for="code">Код доступу</label>
<p id="code-hint">12 знаків з квитанції, наприклад K7QM-4XPR-9TAW</p>
<input id="code" name="code" autocomplete="off" autocapitalize="characters" spellcheck="false" aria-describedby="code-hint" required>
<div><button type="submit">Переглянути стан</button></div>
</form></main></body></html>`
}

/** `2027-01-12` → `12.01.2027` (дд.мм.рррр). */
const plainDate = (iso: string): string => `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`

/** `today`: the centre's calendar date now (YYYY-MM-DD), to say whether the date to answer by has passed. */
export function renderStatusPage(s: CitizenStatus, today: string): string {
  const row = (label: string, value: string) => `<tr><th scope="row">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`
  const remarks = s.remarks
    ? `<section><h2>Що потрібно виправити</h2><ul>${s.remarks.items
        .map((i) => `<li><strong>${escapeHtml(i.field)}</strong>: ${escapeHtml(i.remark)}</li>`)
        .join('')}</ul>${s.remarks.general ? `<p>${escapeHtml(s.remarks.general)}</p>` : ''}${
        s.remarks.answerBy
          ? `<p class="state">Відповісти до ${plainDate(s.remarks.answerBy)}</p>${
              s.remarks.answerBy < today ? '<p>Цей строк минув, але відповідь усе одно приймуть.</p>' : ''
            }`
          : ''
      }</section>`
    : ''
  return `<!doctype html>
<html lang="uk"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Заява ${escapeHtml(s.orderNumber)} — стан розгляду</title>
${STYLE}</head>
<body><main><h1>Заява № ${escapeHtml(s.orderNumber)}</h1>
<p class="state">${escapeHtml(BUCKET_TEXT[s.bucket])}</p>
<table><tbody>
${row('Послуга', s.serviceName)}
${row('Стан', s.statusLabel)}
${row('Подано', kyivDateTime(s.receivedAt))}
${row('Взято в роботу', kyivDateTime(s.takenIntoWorkAt))}
${row('Очікуваний строк', s.paused ? 'строк зупинено до ваших виправлень' : kyivDateTime(s.dueAt))}
${s.closedAt ? row('Завершено', kyivDateTime(s.closedAt)) : ''}
</tbody></table>${remarks}</main></body></html>`
}
