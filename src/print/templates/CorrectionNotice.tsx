/** @jsxRuntime automatic @jsxImportSource react */
import type { ApplicationRecord } from '../../shared/domain/application'
import { dateOf, FIELD_LABELS_UK } from '../format'
import { ApplicantLetterTop, PrintedLine, Signatory, type ApplicationPaperCommon } from './layout'

export interface CorrectionNoticeProps extends ApplicationPaperCommon {
  answerBy: string | null
  statusUrl: string | null
}

export const correctionNoticeTitle = (a: ApplicationRecord): string =>
  `Повідомлення про необхідність доопрацювання заяви № ${a.orderNumber}`

const DOCUMENT_FIELD = /^documents\.(\d+)$/

/** How the notice names the field a remark is about: the applicant's own fields, checklist items, attachments, form fields. */
export function fieldLabel(a: ApplicationRecord, field: string): string {
  const doc = DOCUMENT_FIELD.exec(field)
  if (doc) return `Документ (п. ${Number(doc[1]) + 1} опису)`
  if (field === 'attachments') return 'Скан-копії документів'
  return FIELD_LABELS_UK[field] ?? field
}

/** What the applicant wrote (or handed in) for the field the remark is about, when the record has it. */
export function fieldValue(a: ApplicationRecord, field: string): string | null {
  const doc = DOCUMENT_FIELD.exec(field)
  if (doc) {
    // The name only: whether it was handed in changes when the applicant answers.
    return a.documents[Number(doc[1])]?.name ?? null
  }
  if (field === 'attachments') return a.attachments.length > 0 ? a.attachments.map((x) => x.name).join('; ') : null
  const own = field.startsWith('applicant.') ? field.slice('applicant.'.length) : field
  if (own in a.applicant) {
    const v = a.applicant[own as keyof ApplicationRecord['applicant']]
    return v === null ? null : String(v)
  }
  return a.fields[field] ?? null
}

/** Повідомлення про необхідність доопрацювання: remark by remark (iGov's best idea), then the general one. */
export function CorrectionNotice(p: CorrectionNoticeProps) {
  const a = p.application
  const c = a.correction
  const items = c?.items ?? []
  const requestedAt = c?.requestedAt ?? a.updatedAt
  return (
    <>
      <ApplicantLetterTop {...p} date={dateOf(requestedAt, p.timeZone)} title="Повідомлення про необхідність доопрацювання заяви" />
      <p className="indent">
        Вашу заяву щодо надання адміністративної послуги «{p.service?.name_uk ?? a.serviceId}» розглянуто. Для її подальшого розгляду
        необхідно усунути зауваження, наведені нижче. На час доопрацювання строк розгляду заяви зупинено (з{' '}
        {dateOf(requestedAt, p.timeZone)}).
      </p>
      {items.length > 0 ? (
        <table className="grid">
          <thead>
            <tr>
              <th style={{ width: '9mm' }}>№</th>
              <th style={{ width: '36mm' }}>Поле, документ</th>
              <th style={{ width: '42mm' }}>Зазначено в заяві</th>
              <th>Зауваження адміністратора</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item, i) => (
              <tr key={i}>
                <td className="c num">{i + 1}</td>
                <td className="literal">{fieldLabel(a, item.field)}</td>
                <td className="literal">{fieldValue(a, item.field) ?? '—'}</td>
                <td className="literal">{item.remark}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {c && c.general.trim() !== '' ? (
        <div className="keep">
          <h2 className="section">Загальне зауваження</h2>
          <p className="literal">{c.general}</p>
        </div>
      ) : null}
      <p className="indent">
        {p.answerBy ? (
          <>
            Просимо подати виправлені відомості або документи <span className="b">до {p.answerBy}</span>
          </>
        ) : (
          <>Просимо подати виправлені відомості або документи</>
        )}{' '}
        — на порталі{p.statusUrl ? <> (сторінка заяви: {p.statusUrl})</> : null} або особисто в центрі. Після цього розгляд заяви буде
        продовжено, а строк надання послуги обчислено з урахуванням часу доопрацювання.
      </p>
      <Signatory position="Адміністратор центру надання адміністративних послуг" name={c?.requestedBy.name ?? ''} />
      <PrintedLine text={p.printedLine} screenOnly />
    </>
  )
}
