/** @jsxRuntime automatic @jsxImportSource react */
import { dateOf, dateTimeOf, dueOf } from '../format'
import type { ApplicationWithService } from '../model'
import { LeadCells, Marks, OrgHeader, PrintedLine, SignCell, type PaperCommon } from './layout'

export interface RoutingSlipProps extends PaperCommon {
  items: ApplicationWithService[]
  body: string | null
  clerkName: string
  printedAt: string
}

export const routingSlipTitle = (count: number, date: string): string => `Супровідний лист і реєстр передачі (${count}) від ${date}`

/**
 * Супровідний лист + реєстр передачі документів: the batch the clerk hands to the deciding body, no
 * later than the next working day after receipt (Law 5203-VI art. 13). The register is what the
 * body's officer signs for.
 */
export function RoutingSlip(p: RoutingSlipProps) {
  const date = dateOf(p.printedAt, p.timeZone)
  return (
    <>
      <Marks copy={p.copy} provisionalCommandId={null} />
      <OrgHeader centre={p.centre} />
      <div className="letter-head">
        <div className="ref-line num">{date}</div>
        <div className="addressee">
          <div className="muted">Кому</div>
          {p.body ? (
            <div className="b literal">{p.body}</div>
          ) : (
            <>
              <div className="b">Суб’єкту надання адміністративних послуг</div>
              <div className="sign-line" />
            </>
          )}
        </div>
      </div>
      <h1 className="doc-title">Супровідний лист</h1>
      <p className="indent">
        Відповідно до статті 13 Закону України «Про адміністративні послуги» передаємо для розгляду та прийняття рішення документи за{' '}
        <span className="b">{p.items.length}</span> {plural(p.items.length, 'заявою', 'заявами', 'заявами')} згідно з реєстром передачі,
        наведеним нижче. Просимо повідомити центр про прийняті рішення у строки, встановлені для відповідних послуг.
      </p>
      <h2 className="section center">Реєстр передачі документів від {date}</h2>
      <table className="grid small">
        <thead>
          <tr>
            <th style={{ width: '8mm' }}>№</th>
            <th style={{ width: '26mm' }}>Номер заяви</th>
            <th style={{ width: '23mm' }}>Зареє&shy;стровано</th>
            <th style={{ width: '35mm' }}>Суб’єкт звернення</th>
            <th>Адміністративна послуга</th>
            <th style={{ width: '14mm' }}>Доку&shy;мен&shy;тів</th>
            <th style={{ width: '22mm' }}>Передати до</th>
          </tr>
        </thead>
        <tbody>
          {p.items.map(({ record, service }, i) => (
            <tr key={record.id}>
              <LeadCells index={i} item={{ record, service }} when={<td className="num">{dateTimeOf(record.receivedAt, p.timeZone)}</td>} />
              <td className="c num">{record.documents.filter((d) => d.received).length}</td>
              <td className="num">{record.forwardDueAt ? dueOf(record.forwardDueAt, p.timeZone) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="note">
        Усього заяв: <span className="b">{p.items.length}</span>; документів:{' '}
        <span className="b">{p.items.reduce((n, { record }) => n + record.documents.filter((d) => d.received).length, 0)}</span>.
      </p>
      <table className="handover keep">
        <tbody>
          <tr>
            <th scope="row">Передав(ла)</th>
            <SignCell caption="(підпис)" />
            <SignCell caption="(адміністратор ЦНАП)" name={p.clerkName} />
            <SignCell caption="(дата, час)" />
          </tr>
          <tr>
            <th scope="row">Прийняв(ла)</th>
            <SignCell caption="(підпис)" />
            <SignCell caption="(посада, прізвище, ініціали)" />
            <SignCell caption="(дата, час)" />
          </tr>
        </tbody>
      </table>
      <PrintedLine text={p.printedLine} screenOnly />
    </>
  )
}

/** Ukrainian plural of a count (1 заява, 2 заяви, 5 заяв), in whatever case the caller passes. */
export function plural(n: number, one: string, few: string, many: string): string {
  const mod10 = n % 10
  const mod100 = n % 100
  if (mod10 === 1 && mod100 !== 11) return one
  if (mod10 >= 2 && mod10 <= 4 && (mod100 < 12 || mod100 > 14)) return few
  return many
}
