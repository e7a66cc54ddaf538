/** @jsxRuntime automatic @jsxImportSource react */
import { CHANNEL_UK, dateOf, DELIVERY_SHORT_UK, dueOf, fullName, plainDate, timeOf } from '../format'
import type { ApplicationWithService, CentreInfo, RegisterItem } from '../model'
import { Marks, OrgHeader, PrintedLine, SignLine } from './layout'

interface RegisterCommon {
  date: string
  centre: CentreInfo
  clerkName: string
  timeZone: string
  copy: boolean
  printedLine: string
}

/** Registers are chronological whatever order the rows came in. */
function byTime<T>(items: readonly T[], at: (item: T) => string): T[] {
  return [...items].sort((a, b) => (Date.parse(at(a)) || 0) - (Date.parse(at(b)) || 0))
}

export const dailyRegisterTitle = (date: string): string => `Журнал реєстрації заяв за ${plainDate(date)}`
export const issueRegisterTitle = (date: string): string => `Журнал видачі результатів за ${plainDate(date)}`

function Closing(p: { clerkName: string; count: number; what: string }) {
  return (
    <div className="signatures">
      <div>
        <div>
          {p.what}: <span className="b">{p.count}</span>
        </div>
      </div>
      <div>
        <div>Журнал вів(ла) адміністратор</div>
        <SignLine caption="(підпис)" name={p.clerkName} />
      </div>
    </div>
  )
}

/** Журнал реєстрації заяв: every application received on the day, portal and walk-in alike. */
export function DailyRegister(p: RegisterCommon & { items: RegisterItem[] }) {
  return (
    <>
      <Marks copy={p.copy} provisionalCommandId={null} />
      <OrgHeader centre={p.centre} />
      <h1 className="doc-title">Журнал реєстрації заяв</h1>
      <div className="doc-subtitle">
        за <span className="b num">{plainDate(p.date)}</span>
      </div>
      <table className="grid small">
        <thead>
          <tr>
            <th style={{ width: '9mm' }}>№ з/п</th>
            <th style={{ width: '26mm' }}>Номер заяви</th>
            <th style={{ width: '13mm' }}>Час</th>
            <th style={{ width: '38mm' }}>Суб’єкт звернення</th>
            <th>Адміністративна послуга</th>
            <th style={{ width: '19mm' }}>Подано</th>
            <th style={{ width: '14mm' }}>Доку&shy;мен&shy;тів</th>
            <th style={{ width: '20mm' }}>Строк розгляду</th>
            <th style={{ width: '22mm' }}>Отри&shy;мання резуль&shy;тату</th>
            <th style={{ width: '27mm' }}>Прийняв(ла)</th>
            <th style={{ width: '26mm' }}>Підпис суб’єкта звернення</th>
          </tr>
        </thead>
        <tbody>
          {p.items.length === 0 ? (
            <tr>
              <td colSpan={11} className="c">
                За цей день заяв не зареєстровано
              </td>
            </tr>
          ) : (
            byTime(p.items, (x) => x.record.receivedAt).map(({ record, service, registeredBy }, i) => (
              <tr key={record.id}>
                <td className="c num">{i + 1}</td>
                <td className="num nowrap">{record.orderNumber}</td>
                <td className="c num">{timeOf(record.receivedAt, p.timeZone)}</td>
                <td className="literal">{fullName(record.applicant)}</td>
                <td>{service?.name_uk ?? record.serviceId}</td>
                <td className="c">{CHANNEL_UK[record.channel]}</td>
                <td className="c num">{record.documents.filter((d) => d.received).length}</td>
                <td className="num">{dueOf(record.dueAt, p.timeZone)}</td>
                <td>{DELIVERY_SHORT_UK[record.delivery]}</td>
                <td className="literal">{registeredBy ?? 'портал'}</td>
                <td className="c sign">{record.channel === 'portal' ? 'електронна заява' : ''}</td>
              </tr>
            ))
          )}
        </tbody>
      </table>
      <Closing clerkName={p.clerkName} count={p.items.length} what="Усього зареєстровано заяв" />
      <PrintedLine text={p.printedLine} screenOnly />
    </>
  )
}

/** Журнал видачі результатів: who received which result, on what document, with a signature. */
export function IssueRegister(p: RegisterCommon & { items: ApplicationWithService[] }) {
  return (
    <>
      <Marks copy={p.copy} provisionalCommandId={null} />
      <OrgHeader centre={p.centre} />
      <h1 className="doc-title">Журнал видачі результатів надання адміністративних послуг</h1>
      <div className="doc-subtitle">
        за <span className="b num">{plainDate(p.date)}</span>
      </div>
      <table className="grid small">
        <thead>
          <tr>
            <th style={{ width: '9mm' }}>№ з/п</th>
            <th style={{ width: '26mm' }}>Номер заяви</th>
            <th style={{ width: '20mm' }}>Дата заяви</th>
            <th style={{ width: '36mm' }}>Суб’єкт звернення</th>
            <th>Адміністративна послуга</th>
            <th style={{ width: '34mm' }}>Отримувач</th>
            <th style={{ width: '32mm' }}>Документ отримувача</th>
            <th style={{ width: '13mm' }}>Час</th>
            <th style={{ width: '25mm' }}>Видав(ла)</th>
            <th style={{ width: '25mm' }}>Підпис отримувача</th>
          </tr>
        </thead>
        <tbody>
          {p.items.length === 0 ? (
            <tr>
              <td colSpan={10} className="c">
                За цей день результатів не видано
              </td>
            </tr>
          ) : (
            byTime(p.items, (x) => x.record.issuedTo?.at ?? x.record.closedAt ?? '').map(({ record, service }, i) => (
              <tr key={record.id}>
                <td className="c num">{i + 1}</td>
                <td className="num nowrap">{record.orderNumber}</td>
                <td className="num">{dateOf(record.receivedAt, p.timeZone)}</td>
                <td className="literal">{fullName(record.applicant)}</td>
                <td>{service?.name_uk ?? record.serviceId}</td>
                <td className="literal">{record.issuedTo?.name ?? ''}</td>
                <td className="literal">{record.issuedTo?.document ?? ''}</td>
                <td className="c num">{record.issuedTo ? timeOf(record.issuedTo.at, p.timeZone) : ''}</td>
                <td className="literal">{record.issuedTo?.by.name ?? ''}</td>
                <td className="sign" />
              </tr>
            ))
          )}
        </tbody>
      </table>
      <Closing clerkName={p.clerkName} count={p.items.length} what="Усього видано результатів" />
      <PrintedLine text={p.printedLine} screenOnly />
    </>
  )
}
