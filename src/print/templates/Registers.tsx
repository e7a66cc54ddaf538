/** @jsxRuntime automatic @jsxImportSource react */
import { CHANNEL_UK, dateOf, DELIVERY_SHORT_UK, dueOf, plainDate, timeOf } from '../format'
import type { ReactElement } from 'react'
import type { ApplicationWithService, RegisterItem } from '../model'
import { LeadCells, Marks, OrgHeader, PrintedLine, SignLine, type PaperCommon } from './layout'

interface RegisterCommon extends PaperCommon {
  date: string
  clerkName: string
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

/** A column of a register: its heading and, where it is not the one that takes the rest, its width. */
interface Column {
  label: string
  width?: string
}

/**
 * The frame both registers share: marks, the centre, the title for the day, the table (or the line
 * saying the day had none), the closing count and signature.
 */
function Register<T>(
  p: RegisterCommon & {
    title: string
    columns: readonly Column[]
    items: readonly T[]
    empty: string
    closing: string
    row: (item: T, index: number) => ReactElement
  }
) {
  return (
    <>
      <Marks copy={p.copy} provisionalCommandId={null} />
      <OrgHeader centre={p.centre} />
      <h1 className="doc-title">{p.title}</h1>
      <div className="doc-subtitle">
        за <span className="b num">{plainDate(p.date)}</span>
      </div>
      <table className="grid small">
        <thead>
          <tr>
            {p.columns.map((c) => (
              <th key={c.label} style={c.width ? { width: c.width } : undefined}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {p.items.length === 0 ? (
            <tr>
              <td colSpan={p.columns.length} className="c">
                {p.empty}
              </td>
            </tr>
          ) : (
            p.items.map(p.row)
          )}
        </tbody>
      </table>
      <Closing clerkName={p.clerkName} count={p.items.length} what={p.closing} />
      <PrintedLine text={p.printedLine} screenOnly />
    </>
  )
}

const SHY = '\u00ad'

const DAILY_COLUMNS: readonly Column[] = [
  { label: '№ з/п', width: '9mm' },
  { label: 'Номер заяви', width: '26mm' },
  { label: 'Час', width: '13mm' },
  { label: 'Суб’єкт звернення', width: '38mm' },
  { label: 'Адміністративна послуга' },
  { label: 'Подано', width: '19mm' },
  { label: `Доку${SHY}мен${SHY}тів`, width: '14mm' },
  { label: 'Строк розгляду', width: '20mm' },
  { label: `Отри${SHY}мання резуль${SHY}тату`, width: '22mm' },
  { label: 'Прийняв(ла)', width: '27mm' },
  { label: 'Підпис суб’єкта звернення', width: '26mm' }
]

const ISSUE_COLUMNS: readonly Column[] = [
  { label: '№ з/п', width: '9mm' },
  { label: 'Номер заяви', width: '26mm' },
  { label: 'Дата заяви', width: '20mm' },
  { label: 'Суб’єкт звернення', width: '36mm' },
  { label: 'Адміністративна послуга' },
  { label: 'Отримувач', width: '34mm' },
  { label: 'Документ отримувача', width: '32mm' },
  { label: 'Час', width: '13mm' },
  { label: 'Видав(ла)', width: '25mm' },
  { label: 'Підпис отримувача', width: '25mm' }
]

/** Журнал реєстрації заяв: every application received on the day, portal and walk-in alike. */
export function DailyRegister(p: RegisterCommon & { items: RegisterItem[] }) {
  return (
    <Register
      {...p}
      title="Журнал реєстрації заяв"
      columns={DAILY_COLUMNS}
      items={byTime(p.items, (x) => x.record.receivedAt)}
      empty="За цей день заяв не зареєстровано"
      closing="Усього зареєстровано заяв"
      row={(item, i) => (
        <tr key={item.record.id}>
          <LeadCells index={i} item={item} when={<td className="c num">{timeOf(item.record.receivedAt, p.timeZone)}</td>} />
          <td className="c">{CHANNEL_UK[item.record.channel]}</td>
          <td className="c num">{item.record.documents.filter((d) => d.received).length}</td>
          <td className="num">{dueOf(item.record.dueAt, p.timeZone)}</td>
          <td>{DELIVERY_SHORT_UK[item.record.delivery]}</td>
          <td className="literal">{item.registeredBy ?? 'портал'}</td>
          <td className="c sign">{item.record.channel === 'portal' ? 'електронна заява' : ''}</td>
        </tr>
      )}
    />
  )
}

/** Журнал видачі результатів: who received which result, on what document, with a signature. */
export function IssueRegister(p: RegisterCommon & { items: ApplicationWithService[] }) {
  return (
    <Register
      {...p}
      title="Журнал видачі результатів надання адміністративних послуг"
      columns={ISSUE_COLUMNS}
      items={byTime(p.items, (x) => x.record.issuedTo?.at ?? x.record.closedAt ?? '')}
      empty="За цей день результатів не видано"
      closing="Усього видано результатів"
      row={(item, i) => {
        const record = item.record
        return (
          <tr key={record.id}>
            <LeadCells index={i} item={item} when={<td className="num">{dateOf(record.receivedAt, p.timeZone)}</td>} />
            <td className="literal">{record.issuedTo?.name ?? ''}</td>
            <td className="literal">{record.issuedTo?.document ?? ''}</td>
            <td className="c num">{record.issuedTo ? timeOf(record.issuedTo.at, p.timeZone) : ''}</td>
            <td className="literal">{record.issuedTo?.by.name ?? ''}</td>
            <td className="sign" />
          </tr>
        )
      }}
    />
  )
}
