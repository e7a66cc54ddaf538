import type { Db } from '../db/connection'
import { getApplication } from '../db/applications-repository'
import { applicationService } from '../db/catalogue-repository'
import {
  forwardedBodyOf,
  latestPendingCommand,
  listIssuedBetween,
  listReceivedBetween,
  registeredByOf,
  wasPrinted
} from '../db/print-repository'
import { loadPrintFonts, type PrintFonts } from '../../print/fonts'
import type { CentreInfo, DocumentData } from '../../print/model'
import { countPdfPages, type NativePrinter, type PdfRenderer } from '../../print/pdf'
import { accessCodeSlipOf, deleteAccessCodeSlip, purgeAccessCodeSlips } from '../db/access-code-slips-repository'
import { renderDocument } from '../../print/render-html'
import type { SyncEngine } from '../sync/sync-engine'
import type { ClerkSession } from '../../shared/session'
import type { ApplicationRecord } from '../../shared/domain/application'
import { addCalendarDays, kyivDate, localTimeToMs, type WorkCalendar } from '../../shared/domain/calendar'
import { DEFAULT_ANSWER_DAYS, type CommandType } from '../../shared/domain/commands'
import {
  PAPERS_FOR,
  type PrintDocument,
  type PrintMarks,
  type PrintMethodName,
  type PrintPaper,
  type PrintRequestParsed
} from '../../shared/print-contract'
import { DomainError } from '../../shared/result'
import { requireClerk } from './handler-deps'
import type { HandlerMap } from './dispatch'

export interface PrintHandlerDeps {
  db: Db
  /** Every print is a record_print command through the sync engine (audit, Law 2297-VI). */
  engine: Pick<SyncEngine, 'submit'>
  /** Chromium (web shell) or Electron's printToPDF: the same HTML either way. */
  pdf: PdfRenderer
  /** The desktop shell's printers; null in the web shell (the browser prints there). */
  printer: NativePrinter | null
  session: () => ClerkSession | null
  clock: () => Date
  calendar: WorkCalendar
  /** The citizen portal's public base URL: the QR code and the printed link go to `<base>/status/<order number>`. */
  portalUrl: () => string | null
  /** The centre as its papers name it. */
  centre: () => CentreInfo
  /** Loaded once by the composition root (resources/fonts); defaults to the checkout's. */
  fonts?: PrintFonts
  /**
   * Days the applicant is given to answer a correction request, printed on the notice. No general
   * law sets it (special laws do, per service); 30 calendar days mirrors the default term of
   * Law 5203-VI art. 10 and is a centre setting, not law.
   */
  correctionAnswerDays?: number
  /** Asks the sync scheduler to push soon. */
  poke?: () => void
}

export type PrintHandlerMap = Pick<HandlerMap, PrintMethodName>

/** Commands whose pending state makes a document provisional. */
const DECIDED_BY: Readonly<Record<PrintDocument, readonly CommandType[]>> = {
  receipt: [],
  correction_notice: ['request_correction'],
  refusal_letter: ['decide'],
  result_ready_notice: ['decide'],
  routing_slip: [],
  daily_register: [],
  issue_register: []
}

const NOT_YET_FORWARDED = new Set(['registered', 'in_review', 'needs_correction'])

interface Prepared extends PrintMarks {
  data: DocumentData
  paper: PrintPaper
  applicationIds: string[]
  clerk: ClerkSession
  now: string
}

/** File names that every OS accepts. */
export function pdfFileName(title: string): string {
  return `${title
    .replace(/[\\/:*?"<>|\u0000-\u001f]+/g, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 150)}.pdf`
}

/**
 * The print use cases behind print-contract.ts. Data comes from the local database (offline too);
 * rendering is renderDocument; output is the PDF renderer or the native printer; the audit is one
 * record_print command per application on the page, recorded when the output was produced — so a
 * failed PDF or a cancelled print dialog records nothing, and the `copy` flag in the command is
 * the one printed on the paper.
 */
export function createPrintHandlers(deps: PrintHandlerDeps): PrintHandlerMap {
  const { db } = deps
  const fonts = deps.fonts ?? loadPrintFonts()
  const answerDays = deps.correctionAnswerDays ?? DEFAULT_ANSWER_DAYS

  const load = (id: string): ApplicationRecord => {
    const record = getApplication(db, id)
    if (!record) throw new DomainError('not_found', 'Заявку не знайдено на цій робочій станції')
    return record
  }

  const statusUrl = (orderNumber: string): string | null => {
    const base = deps.portalUrl()
    return base ? `${base.replace(/\/+$/, '')}/status/${encodeURIComponent(orderNumber)}` : null
  }

  const dayRange = (date: string): [number, number] => {
    const tz = deps.calendar.timeZone
    return [localTimeToMs(date, 0, 0, 0, tz), localTimeToMs(addCalendarDays(date, 1), 0, 0, 0, tz)]
  }

  const prepare = (req: PrintRequestParsed): Prepared => {
    const clerk = requireClerk(deps.session, 'друкувати документи із заявками')
    const now = deps.clock().toISOString()
    if (!PAPERS_FOR[req.document].includes(req.paper)) {
      throw new DomainError('invalid_input', 'На стрічку 80 мм друкується лише опис вхідного пакета; оберіть A4', 'paper')
    }
    let data: DocumentData
    let provisional: string | null = null
    switch (req.document) {
      case 'receipt':
      case 'correction_notice':
      case 'refusal_letter':
      case 'result_ready_notice': {
        const application = load(req.applicationId)
        const service = applicationService(db, application)
        provisional = latestPendingCommand(db, application.id, DECIDED_BY[req.document])
        if (req.document === 'receipt') {
          purgeAccessCodeSlips(db, deps.clock())
          const accessCode = accessCodeSlipOf(db, application.id, deps.clock())
          data = { document: 'receipt', application, service, statusUrl: statusUrl(application.orderNumber), accessCode }
        } else if (req.document === 'correction_notice') {
          if (!application.correction) throw new DomainError('illegal_transition', 'Для цієї заявки не було запиту на доопрацювання')
          // The date the clerk set (request_correction v2); for a v1 request, the centre's default term.
          const answerBy =
            application.correction.answerBy ?? addCalendarDays(kyivDate(application.correction.requestedAt, deps.calendar), answerDays)
          data = { document: 'correction_notice', application, service, answerBy, statusUrl: statusUrl(application.orderNumber) }
        } else if (req.document === 'refusal_letter') {
          if (application.decision?.kind !== 'refuse')
            throw new DomainError('illegal_transition', 'За цією заявою немає рішення про відмову')
          data = { document: 'refusal_letter', application, service }
        } else {
          if (application.decision?.kind !== 'approve')
            throw new DomainError('illegal_transition', 'За цією заявою результат ще не готовий')
          data = { document: 'result_ready_notice', application, service, statusUrl: statusUrl(application.orderNumber) }
        }
        break
      }
      case 'routing_slip': {
        const items = req.applicationIds.map((id) => {
          const record = load(id)
          if (NOT_YET_FORWARDED.has(record.status)) {
            throw new DomainError('illegal_transition', `Заяву ${record.orderNumber} ще не передано суб’єкту надання`, 'applicationIds')
          }
          return { record, service: applicationService(db, record) }
        })
        const bodies = new Set(items.map(({ record }) => forwardedBodyOf(db, record.id)))
        const [only] = [...bodies]
        data = { document: 'routing_slip', items, body: req.body ?? (bodies.size === 1 && only ? only : null) }
        break
      }
      case 'daily_register': {
        const [from, to] = dayRange(req.date)
        const items = listReceivedBetween(db, from, to).map((record) => ({
          record,
          service: applicationService(db, record),
          registeredBy: record.channel === 'walk_in' ? registeredByOf(db, record.id) : null
        }))
        data = { document: 'daily_register', date: req.date, items }
        break
      }
      case 'issue_register': {
        const [from, to] = dayRange(req.date)
        const items = listIssuedBetween(db, from, to).map((record) => ({ record, service: applicationService(db, record) }))
        data = { document: 'issue_register', date: req.date, items }
        break
      }
    }
    const applicationIds = idsOf(data)
    // A reprint is a print of a page whose every application already had this document printed:
    // an evening register with new rows is a new original, the same register again is a copy.
    // A receipt with a new access code on it is an original whatever was printed before: the applicant's copy of that code.
    const freshCode = data.document === 'receipt' && data.accessCode !== null
    const copy = !freshCode && applicationIds.length > 0 && applicationIds.every((id) => wasPrinted(db, id, req.document))
    return { data, paper: req.paper, applicationIds, copy, provisional: provisional ? { commandId: provisional } : null, clerk, now }
  }

  const render = (p: Prepared) =>
    renderDocument({
      data: p.data,
      paper: p.paper,
      centre: deps.centre(),
      printedBy: { clerkId: p.clerk.clerkId, name: p.clerk.name },
      printedAt: p.now,
      timeZone: deps.calendar.timeZone,
      copy: p.copy,
      provisionalCommandId: p.provisional?.commandId ?? null,
      fonts
    })

  /**
   * One record_print per application, all or none, each with its audit row in the same transaction:
   * 'print' when the paper comes out, 'export' when a PDF file leaves the program.
   */
  const record = (p: Prepared, document: PrintDocument, action: 'print' | 'export'): string[] => {
    if (p.applicationIds.length === 0) return []
    const run = db.transaction(() =>
      p.applicationIds.map((applicationId) => {
        // The access code is on paper (or in the PDF) now: the desk forgets it, in the same
        // transaction as the print's audit, so a crash cannot leave one without the other.
        if (p.data.document === 'receipt' && p.data.accessCode !== null) deleteAccessCodeSlip(db, applicationId)
        return deps.engine.submit(
          {
            type: 'record_print',
            applicationId,
            payload: { document, copy: p.copy, provisionalCommandId: p.provisional?.commandId ?? null }
          },
          p.clerk,
          undefined,
          { action, detail: { document, copy: p.copy, paper: p.paper } }
        ).commandId
      })
    )
    const ids = run.immediate()
    deps.poke?.()
    return ids
  }

  const toPdf = async (html: string, paper: PrintPaper): Promise<Uint8Array> => {
    try {
      return await deps.pdf.toPdf(html, paper)
    } catch (error) {
      const reason = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error)
      throw new DomainError('unavailable', `Не вдалося створити PDF: ${reason.slice(0, 200)}`)
    }
  }

  return {
    'print.preview': (req) => {
      const p = prepare(req)
      const { html, title } = render(p)
      return { html, title, paper: p.paper, applicationIds: p.applicationIds, copy: p.copy, provisional: p.provisional }
    },
    'print.record': (req) => {
      const p = prepare(req)
      const { html, title } = render(p)
      const commandIds = record(p, req.document, 'print')
      return { html, title, paper: p.paper, applicationIds: p.applicationIds, copy: p.copy, provisional: p.provisional, commandIds }
    },
    'print.pdf': async (req) => {
      const p = prepare(req)
      const { html, title } = render(p)
      const pdf = await toPdf(html, p.paper)
      const commandIds = record(p, req.document, 'export')
      return {
        pdfBase64: Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength).toString('base64'),
        fileName: pdfFileName(title),
        title,
        pages: countPdfPages(pdf),
        copy: p.copy,
        provisional: p.provisional,
        commandIds
      }
    },
    'print.printers': async () => {
      if (!deps.printer) return { native: false, printers: [] }
      return { native: true, printers: await deps.printer.listPrinters() }
    },
    'print.send': async (req) => {
      const printer = deps.printer
      if (!printer) {
        throw new DomainError(
          'unavailable',
          'Друк на принтер робочої станції доступний у настільній програмі; у браузері натисніть «Друкувати»'
        )
      }
      const p = prepare(req)
      const { html } = render(p)
      const sent = await printer.print(html, { silent: req.silent, deviceName: req.deviceName, copies: req.copies, paper: p.paper })
      if (!sent) return { sent: false, commandIds: [], copy: p.copy, provisional: p.provisional }
      const commandIds = record(p, req.document, 'print')
      return { sent: true, commandIds, copy: p.copy, provisional: p.provisional }
    }
  }
}

function idsOf(data: DocumentData): string[] {
  switch (data.document) {
    case 'receipt':
    case 'correction_notice':
    case 'refusal_letter':
    case 'result_ready_notice':
      return [data.application.id]
    case 'routing_slip':
    case 'daily_register':
    case 'issue_register':
      return data.items.map((i) => i.record.id)
  }
}
