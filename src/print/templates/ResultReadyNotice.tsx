/** @jsxRuntime automatic @jsxImportSource react */
import type { ApplicationRecord } from '../../shared/domain/application'
import { dateOf, DELIVERY_UK } from '../format'
import { ApplicantLetterTop, PrintedLine, QrCode, Signatory, type ApplicationPaperCommon } from './layout'

export interface ResultReadyNoticeProps extends ApplicationPaperCommon {
  statusUrl: string | null
  clerkName: string
}

export const resultReadyTitle = (a: ApplicationRecord): string => `Повідомлення про готовність результату, заява № ${a.orderNumber}`

export function ResultReadyNotice(p: ResultReadyNoticeProps) {
  const a = p.application
  const readyAt = a.decision?.decidedAt ?? a.updatedAt
  return (
    <>
      <ApplicantLetterTop
        {...p}
        date={dateOf(readyAt, p.timeZone)}
        title="Повідомлення про готовність результату надання адміністративної послуги"
      />
      <p className="indent">
        Повідомляємо, що за Вашою заявою щодо надання адміністративної послуги «{p.service?.name_uk ?? a.serviceId}» результат готовий (
        {dateOf(readyAt, p.timeZone)}).
      </p>
      <table className="kv">
        <tbody>
          <tr>
            <th scope="row">Результат</th>
            <td>{p.service?.result_uk ?? 'результат надання адміністративної послуги'}</td>
          </tr>
          <tr>
            <th scope="row">Спосіб отримання</th>
            <td>{DELIVERY_UK[a.delivery]}</td>
          </tr>
          {a.delivery === 'in_person' && p.centre.address ? (
            <tr>
              <th scope="row">Де отримати</th>
              <td>
                {p.centre.name}, {p.centre.address}
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
      {a.delivery === 'in_person' ? (
        <p className="indent">
          Для отримання результату майте при собі документ, що посвідчує особу, і номер заяви; представник — також документ, що підтверджує
          його повноваження.
        </p>
      ) : null}
      {p.statusUrl ? (
        <div className="qr-block">
          <QrCode text={p.statusUrl} />
          <div>
            <div className="b">Стан заяви</div>
            <div className="url" data-field="status-url">
              {p.statusUrl}
            </div>
          </div>
        </div>
      ) : null}
      <Signatory position="Адміністратор центру надання адміністративних послуг" name={p.clerkName} />
      <PrintedLine text={p.printedLine} screenOnly />
    </>
  )
}
