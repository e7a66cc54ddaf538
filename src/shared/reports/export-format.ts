import { z } from 'zod'
import { isoDateSchema } from '../domain/application'
import { realDate, type ReportFilter } from './definitions'

/*
 * Export formats (reports.md, "Exports"), pure: the writers in src/main stream what these functions
 * format. Two CSV profiles, because the complaints about iGov's exports were exactly these:
 * - open-data: UTF-8 without BOM, comma, ISO 8601 dates, decimal point, one header row;
 * - excel: UTF-8 with BOM (or Excel guesses the encoding wrong), semicolon (Ukrainian Excel's list
 *   separator), dates дд.мм.рррр, decimal comma.
 * Lines end with CRLF (RFC 4180). A field is quoted when it holds the separator, a quote, CR or LF,
 * quotes doubled; in the excel profile a text starting with = + - @ gets an apostrophe (no formula runs).
 */

/** open-data and quarterly carry no personal data; list (the applications of a period, with names) is audited. */
export const EXPORT_KINDS = ['open-data', 'quarterly', 'list'] as const
export type ExportKind = (typeof EXPORT_KINDS)[number]
export const EXPORT_FORMATS = ['csv', 'xlsx'] as const
export type ExportFormat = (typeof EXPORT_FORMATS)[number]
export const CSV_PROFILES = ['open-data', 'excel'] as const
export type CsvProfile = (typeof CSV_PROFILES)[number]

export const exportRequestSchema = z
  .strictObject({
    kind: z.enum(EXPORT_KINDS),
    from: realDate,
    to: realDate,
    format: z.enum(EXPORT_FORMATS).default('csv'),
    profile: z.enum(CSV_PROFILES).optional(),
    serviceIds: z.array(z.string().min(1)).max(500).optional(),
    channels: z.array(z.enum(['portal', 'walk_in'])).optional()
  })
  .refine((r) => r.from <= r.to, { message: 'Початок періоду не може бути пізніше за його кінець', path: ['to'] })
export type ExportRequest = z.infer<typeof exportRequestSchema>

/** Open data is published as open-data CSV; everything else defaults to what Excel opens. */
export function profileFor(req: Pick<ExportRequest, 'kind' | 'profile'>): CsvProfile {
  return req.profile ?? (req.kind === 'open-data' ? 'open-data' : 'excel')
}

export type ColumnType = 'string' | 'integer' | 'number' | 'date'
export interface Column {
  name: string
  title: string
  description: string
  datatype: ColumnType
  required: boolean
}
export type Cell = string | number | null

export interface CsvDialect {
  bom: boolean
  separator: string
  /** How an ISO date (YYYY-MM-DD) is written. */
  date: (iso: string) => string
  decimalComma: boolean
  /** Prefix a text that a spreadsheet would run as a formula with an apostrophe (excel only: open data stays verbatim). */
  guardFormulas: boolean
}

export const DIALECTS: Readonly<Record<CsvProfile, CsvDialect>> = {
  'open-data': { bom: false, separator: ',', date: (d) => d, decimalComma: false, guardFormulas: false },
  excel: { bom: true, separator: ';', date: isoToUkrainianDate, decimalComma: true, guardFormulas: true }
}

export function isoToUkrainianDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso)
  if (!m) throw new RangeError(`Expected a date YYYY-MM-DD, got ${JSON.stringify(iso)}`)
  return `${m[3]}.${m[2]}.${m[1]}`
}

export const BOM = '\uFEFF'
export const CRLF = '\r\n'

export function csvField(value: string, separator: string, guardFormulas = false): string {
  const formulaLike = guardFormulas && /^[=+\-@]/.test(value) && !/^-?\d+([.,]\d+)?$/.test(value)
  const v = formulaLike ? `'${value}` : value
  return v.includes(separator) || /["\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v
}

/** One cell as text in a dialect. Dates are only reformatted where the column says `date`. */
export function formatCell(value: Cell, type: ColumnType, d: CsvDialect): string {
  if (value === null) return ''
  if (type === 'date' && typeof value === 'string') return d.date(value)
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`Not a finite number: ${value}`)
    const s = String(value)
    return d.decimalComma ? s.replace('.', ',') : s
  }
  return value
}

export function csvLine(cells: readonly Cell[], columns: readonly Column[], d: CsvDialect): string {
  if (cells.length !== columns.length) throw new RangeError(`A row of ${cells.length} cells for ${columns.length} columns`)
  return (
    cells.map((c, i) => csvField(formatCell(c, (columns[i] as Column).datatype, d), d.separator, d.guardFormulas)).join(d.separator) + CRLF
  )
}

export function csvHeader(columns: readonly Column[], d: CsvDialect): string {
  return columns.map((c) => csvField(c.name, d.separator)).join(d.separator) + CRLF
}

/** The structure file of an open dataset: one row per column. */
export const STRUCTURE_COLUMNS: readonly Column[] = [
  { name: 'name', title: 'Назва поля', description: 'Технічна назва поля (заголовок стовпця)', datatype: 'string', required: true },
  { name: 'title', title: 'Заголовок', description: 'Назва поля українською', datatype: 'string', required: true },
  { name: 'description', title: 'Опис', description: 'Що містить поле', datatype: 'string', required: true },
  { name: 'datatype', title: 'Тип даних', description: 'string, integer, number або date (ISO 8601)', datatype: 'string', required: true },
  { name: 'required', title: 'Обовʼязкове', description: 'true, якщо поле заповнене в кожному рядку', datatype: 'string', required: true }
]
export function structureRows(columns: readonly Column[]): Cell[][] {
  return columns.map((c) => [c.name, c.title, c.description, c.datatype, c.required ? 'true' : 'false'])
}

/** What produced a file, in words a reader checks: the period and every filter (or "усі"). */
export function describeFilters(req: Pick<ExportRequest, 'kind' | 'from' | 'to' | 'serviceIds' | 'channels'>): string {
  const list = (xs: readonly string[] | undefined): string => (xs && xs.length > 0 ? xs.join(', ') : 'усі')
  return [
    `Вибірка: ${req.kind}`,
    `період ${isoToUkrainianDate(req.from)}–${isoToUkrainianDate(req.to)} (за київським часом)`,
    `послуги: ${list(req.serviceIds)}`,
    `канали: ${list(req.channels)}`
  ].join('; ')
}

export function reportFilterOf(req: ExportRequest): ReportFilter {
  return {
    period: { from: req.from, to: req.to },
    ...(req.serviceIds ? { serviceIds: req.serviceIds } : {}),
    ...(req.channels ? { channels: req.channels } : {})
  }
}

export const passportSchema = z.strictObject({
  title: z.string(),
  description: z.string(),
  publisher: z.string(),
  periodicity: z.string(),
  format: z.string(),
  licence: z.string(),
  lastUpdate: isoDateSchema,
  filters: z.string(),
  rows: z.number().int().nonnegative()
})
export type Passport = z.infer<typeof passportSchema>
