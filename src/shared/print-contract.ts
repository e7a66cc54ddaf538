import { z } from 'zod'
import { freeTextSchema } from './domain/application'
import { isIsoDate } from './domain/calendar'
import { PRINT_DOCUMENTS } from './domain/commands'

/*
 * The print part of the workstation contract (issue 7). Same shape as `contract` in contract.ts;
 * the lead merges `printContract` into it. One request shape serves every method: which document,
 * what it is about (one application, a batch, or a day), and the paper.
 *
 * Auditing (domain.md, Law 2297-VI): every act that puts an applicant's data on paper or in a file
 * — print.record, print.pdf, print.send — is a `record_print` command per application on the page.
 * print.preview records nothing. The back end decides `copy` (an earlier print of the same
 * document exists) and `provisional` (the decision behind the document is still in the outbox);
 * the HTML a method returns is marked accordingly, so the paper and the audit always agree.
 */

export type PrintDocument = (typeof PRINT_DOCUMENTS)[number]
export { PRINT_DOCUMENTS }

/** The documents about one application; the routing slip is about a batch, the registers about a day. */
export const APPLICATION_DOCUMENTS = [
  'receipt',
  'correction_notice',
  'refusal_letter',
  'result_ready_notice'
] as const satisfies readonly PrintDocument[]
export type ApplicationDocument = (typeof APPLICATION_DOCUMENTS)[number]
export const REGISTER_DOCUMENTS = ['daily_register', 'issue_register'] as const satisfies readonly PrintDocument[]
export type RegisterDocument = (typeof REGISTER_DOCUMENTS)[number]

export const PRINT_PAPERS = ['A4', '80mm'] as const
export type PrintPaper = (typeof PRINT_PAPERS)[number]

/** Which papers each document can be printed on: only the receipt has a thermal layout. */
export const PAPERS_FOR: Readonly<Record<PrintDocument, readonly PrintPaper[]>> = {
  receipt: ['A4', '80mm'],
  correction_notice: ['A4'],
  refusal_letter: ['A4'],
  result_ready_notice: ['A4'],
  routing_slip: ['A4'],
  daily_register: ['A4'],
  issue_register: ['A4']
}

/** Ukrainian names of the documents, as the screen and the file names show them. */
export const PRINT_DOCUMENT_TITLES_UK: Readonly<Record<PrintDocument, string>> = {
  receipt: 'Опис вхідного пакета документів',
  correction_notice: 'Повідомлення про необхідність доопрацювання',
  refusal_letter: 'Повідомлення про відмову в наданні адміністративної послуги',
  result_ready_notice: 'Повідомлення про готовність результату',
  routing_slip: 'Супровідний лист і реєстр передачі документів',
  daily_register: 'Журнал реєстрації заяв',
  issue_register: 'Журнал видачі результатів'
}

/** A batch forwarded in one trip to the deciding body; more would not fit a courier's folder anyway. */
export const MAX_BATCH = 500

const idSchema = z.string().min(1).max(64)
const dateSchema = z.string().refine(isIsoDate, 'Дата у форматі РРРР-ММ-ДД')
const paperSchema = z.enum(PRINT_PAPERS).default('A4')

function requestSchema<Extra extends z.ZodRawShape>(extra: Extra) {
  const one = <D extends ApplicationDocument>(document: D) =>
    z.strictObject({ document: z.literal(document), applicationId: idSchema, paper: paperSchema, ...extra })
  return z.discriminatedUnion('document', [
    one('receipt'),
    one('correction_notice'),
    one('refusal_letter'),
    one('result_ready_notice'),
    z.strictObject({
      document: z.literal('routing_slip'),
      applicationIds: z
        .array(idSchema)
        .min(1, 'Оберіть хоча б одну заявку')
        .max(MAX_BATCH, `Не більше ${MAX_BATCH} заявок в одному реєстрі`)
        .refine((ids) => new Set(ids).size === ids.length, 'Заявки в реєстрі не повинні повторюватися'),
      /** The deciding body as the clerk names it; by default the one named when the batch was forwarded. */
      body: freeTextSchema(300).nullable().default(null),
      paper: paperSchema,
      ...extra
    }),
    z.strictObject({ document: z.literal('daily_register'), date: dateSchema, paper: paperSchema, ...extra }),
    z.strictObject({ document: z.literal('issue_register'), date: dateSchema, paper: paperSchema, ...extra })
  ])
}

export const printRequestSchema = requestSchema({})
export type PrintRequest = z.input<typeof printRequestSchema>
export type PrintRequestParsed = z.output<typeof printRequestSchema>

export const printSendSchema = requestSchema({
  /** The system name of the printer; null = the system's default printer. */
  deviceName: z.string().min(1).max(200).nullable().default(null),
  copies: z.number().int().min(1).max(10).default(1),
  /** No print dialog: for the receipt printer at the desk. */
  silent: z.boolean().default(false)
})
export type PrintSendRequest = z.input<typeof printSendSchema>

export interface PrintMarks {
  /** An earlier print of this document exists: the paper says «КОПІЯ». */
  copy: boolean
  /** The decision behind the document is still waiting for the portal: the paper says so, with the command id. */
  provisional: { commandId: string } | null
}

export interface PrintPreview extends PrintMarks {
  html: string
  title: string
  paper: PrintPaper
  /** The applications whose data is on the page (what a print of it will record). */
  applicationIds: string[]
}

export interface PrintRecorded extends PrintPreview {
  /** One record_print command per application on the page. */
  commandIds: string[]
}

export interface PrintPdf extends PrintMarks {
  pdfBase64: string
  fileName: string
  title: string
  pages: number
  commandIds: string[]
}

export interface PrinterInfo {
  /** The system name (what print.send's deviceName takes). */
  name: string
  displayName: string
}

export interface PrintersList {
  /** False in the web shell: printing goes through the browser's own dialog there. */
  native: boolean
  printers: PrinterInfo[]
}

export interface PrintSent extends PrintMarks {
  /** False when the clerk cancelled the print dialog: nothing was recorded. */
  sent: boolean
  commandIds: string[]
}

export const printContract = {
  /** The document as it would print now; records nothing. */
  'print.preview': { input: printRequestSchema, output: {} as PrintPreview },
  /** Records the print (record_print per application) and returns exactly the HTML to print. */
  'print.record': { input: printRequestSchema, output: {} as PrintRecorded },
  /** Records the export and returns the PDF (Chromium's or Electron's printToPDF of the same HTML). */
  'print.pdf': { input: printRequestSchema, output: {} as PrintPdf },
  /** The printers the desktop shell can print to; empty and native: false in the web shell. */
  'print.printers': { input: z.strictObject({}), output: {} as PrintersList },
  /** Records and prints on a system printer (Electron only; the web shell answers `unavailable`). */
  'print.send': { input: printSendSchema, output: {} as PrintSent }
} as const

export type PrintMethodName = keyof typeof printContract
