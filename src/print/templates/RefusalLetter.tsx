/** @jsxRuntime automatic @jsxImportSource react */
import type { ApplicationRecord } from '../../shared/domain/application'
import { dateOf } from '../format'
import { ApplicantLetterTop, PrintedLine, Signatory, type ApplicationPaperCommon } from './layout'

export type RefusalLetterProps = ApplicationPaperCommon

export const refusalLetterTitle = (a: ApplicationRecord): string => `Повідомлення про відмову, заява № ${a.orderNumber}`

/**
 * Used when the decision does not say how to appeal. Art. 20 of Law 5203-VI (appeal of a service
 * provider's decisions) and the Law on administrative procedure (administrative complaint) are
 * the general routes; a centre's lawyer may replace this text in the decision itself.
 */
export const DEFAULT_APPEAL_UK =
  'Рішення про відмову може бути оскаржене в адміністративному (досудовому) порядку відповідно до Закону України ' +
  '«Про адміністративну процедуру» або до суду (стаття 20 Закону України «Про адміністративні послуги»). ' +
  'Після усунення причин відмови Ви можете звернутися із заявою повторно.'

export function RefusalLetter(p: RefusalLetterProps) {
  const a = p.application
  const d = a.decision
  const serviceName = p.service?.name_uk ?? a.serviceId
  return (
    <>
      <ApplicantLetterTop
        {...p}
        date={dateOf(d?.decidedAt ?? a.updatedAt, p.timeZone)}
        title="Повідомлення про відмову в наданні адміністративної послуги"
      />
      <p className="indent">
        За результатами розгляду Вашої заяви щодо надання адміністративної послуги «{serviceName}» прийнято рішення про відмову в її
        наданні.
      </p>
      <table className="kv">
        <tbody>
          <tr>
            <th scope="row">Підстава для відмови</th>
            <td className="literal" data-field="ground">
              {d?.ground ?? '—'}
            </td>
          </tr>
          <tr>
            <th scope="row">Правова підстава</th>
            <td style={{ fontWeight: 400 }}>
              перелік підстав для відмови інформаційної картки адміністративної послуги «{serviceName}»
              {p.service?.national_code ? ` (код послуги ${p.service.national_code})` : ''}
            </td>
          </tr>
        </tbody>
      </table>
      {d && d.text.trim() !== '' ? (
        <div className="keep">
          <h2 className="section">Обґрунтування</h2>
          <p className="literal">{d.text}</p>
        </div>
      ) : null}
      <div className="keep">
        <h2 className="section">Порядок оскарження</h2>
        <p className="literal">{d?.appeal && d.appeal.trim() !== '' ? d.appeal : DEFAULT_APPEAL_UK}</p>
      </div>
      <Signatory position="Посадова особа, яка прийняла рішення" name={d?.decidedBy.name ?? ''} />
      <PrintedLine text={p.printedLine} screenOnly />
    </>
  )
}
