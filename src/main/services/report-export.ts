import { createWriteStream, mkdirSync, renameSync, rmSync, writeFileSync, type WriteStream } from 'node:fs'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import type { Service } from '../../shared/catalogue'
import { kyivDate, localTimeToMs, type WorkCalendar } from '../../shared/domain/calendar'
import { DomainError } from '../../shared/result'
import {
  APPLICATIONS_COLUMNS,
  applicationAggregates,
  LIST_COLUMNS,
  listCells,
  QUARTERLY_COLUMNS,
  quarterlyRows,
  SERVICES_COLUMNS,
  serviceCells
} from '../../shared/reports/datasets'
import { endOfDayMs } from '../../shared/reports/definitions'
import {
  BOM,
  csvHeader,
  csvLine,
  describeFilters,
  DIALECTS,
  exportRequestSchema,
  isoToUkrainianDate,
  profileFor,
  reportFilterOf,
  STRUCTURE_COLUMNS,
  structureRows,
  type Cell,
  type Column,
  type CsvDialect,
  type ExportRequest,
  type Passport
} from '../../shared/reports/export-format'
import { listServices } from '../db/catalogue-repository'
import { countReportRows, iterateListRows, iterateReportRows } from '../db/reports-repository'
import type { Db } from '../db/sql'

/*
 * Writes an export (issue 18 item 4) into a folder. Every file is written under a temporary name and
 * renamed when complete, so a failure leaves no half-written file under a final name. No row limit
 * exists anywhere: the manifest states each file's row count, which the tests compare.
 */

export interface ExportFile {
  name: string
  rows: number
}
export interface ExportResult {
  dir: string
  files: ExportFile[]
  filters: string
}
export interface ExportOptions {
  outDir: string
  calendar: WorkCalendar
  now: () => Date
  publisher: string
  onProgress?: (done: number, total: number | null) => void
  /**
   * Records a list export (it carries applicants' names: Law 2297-VI) before any file is written.
   * A list export without it is refused.
   */
  auditList?: (detail: { kind: 'list'; format: string; filters: string }) => void
}

/** XLSX sheets hold 1,048,576 rows: a longer list continues on the next sheet, never cut short. */
const XLSX_ROWS_PER_SHEET = 1_000_000

async function write(stream: WriteStream, chunk: string): Promise<void> {
  if (!stream.write(chunk)) await new Promise<void>((resolve) => stream.once('drain', resolve))
}

async function finish(stream: WriteStream): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    stream.once('error', reject)
    stream.end(resolve)
  })
}

interface Table {
  base: string
  title: string
  columns: readonly Column[]
  rows: Iterable<Cell[]>
}

async function writeCsv(dir: string, t: Table, dialect: CsvDialect, filters: string, withFiltersLine: boolean): Promise<ExportFile> {
  const name = `${t.base}.csv`
  const part = join(dir, `${name}.part`)
  const out = createWriteStream(part, { encoding: 'utf8' })
  let rows = 0
  try {
    if (dialect.bom) await write(out, BOM)
    // The open-data profile has exactly one header row: its filters are in the passport and the manifest.
    if (withFiltersLine) await write(out, csvLine([filters, ...t.columns.slice(1).map(() => null)], t.columns.map(textColumn), dialect))
    await write(out, csvHeader(t.columns, dialect))
    for (const r of t.rows) {
      await write(out, csvLine(r, t.columns, dialect))
      rows++
    }
    await finish(out)
  } catch (e) {
    out.destroy()
    rmSync(part, { force: true })
    throw e
  }
  renameSync(part, join(dir, name))
  return { name, rows }
}

const textColumn = (c: Column): Column => ({ ...c, datatype: 'string' })

async function writeXlsx(dir: string, t: Table, filters: string): Promise<ExportFile> {
  const name = `${t.base}.xlsx`
  const part = join(dir, `${name}.part`)
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: part, useStyles: false, useSharedStrings: false })
  let rows = 0
  let sheetNo = 0
  let sheet: ExcelJS.Worksheet | null = null
  let inSheet = 0
  const newSheet = (): ExcelJS.Worksheet => {
    sheetNo++
    const s = wb.addWorksheet(sheetNo === 1 ? t.title.slice(0, 31) : `${t.title.slice(0, 26)} (${sheetNo})`)
    s.addRow([filters]).commit()
    s.addRow(t.columns.map((c) => c.name)).commit()
    inSheet = 0
    return s
  }
  try {
    for (const r of t.rows) {
      if (sheet === null || inSheet >= XLSX_ROWS_PER_SHEET) {
        if (sheet) sheet.commit()
        sheet = newSheet()
      }
      sheet
        .addRow(r.map((c, i) => (c !== null && t.columns[i]?.datatype === 'date' && typeof c === 'string' ? isoToUkrainianDate(c) : c)))
        .commit()
      inSheet++
      rows++
    }
    if (sheet === null) sheet = newSheet()
    sheet.commit()
    await wb.commit()
  } catch (e) {
    rmSync(part, { force: true })
    throw e
  }
  renameSync(part, join(dir, name))
  return { name, rows }
}

function writeText(dir: string, name: string, text: string): ExportFile {
  writeFileSync(join(dir, `${name}.part`), text, 'utf8')
  renameSync(join(dir, `${name}.part`), join(dir, name))
  return { name, rows: 0 }
}

function* counted<T>(items: Iterable<T>, every: number, report: (n: number) => void): Generator<T> {
  let n = 0
  for (const x of items) {
    yield x
    if (++n % every === 0) report(n)
  }
  report(n)
}

/** Validates first (nothing is created for bad input), then writes the files and a manifest. */
export async function runExport(db: Db, input: unknown, opts: ExportOptions): Promise<ExportResult> {
  const req: ExportRequest = exportRequestSchema.parse(input)
  const filter = reportFilterOf(req)
  const filters = describeFilters(req)
  const dialect = DIALECTS[profileFor(req)]
  const services: Service[] = listServices(db)
  const names = new Map(services.map((s) => [s.id, s.name_uk]))
  const serviceName = (id: string): string => names.get(id) ?? id
  const endMs = endOfDayMs(req.to, opts.calendar)
  const startMs = localTimeToMs(req.from, 0, 0, 0, opts.calendar.timeZone)
  // How many applications a report reads is known up front (a list's is not counted first).
  const total = req.kind === 'list' ? null : countReportRows(db, endMs, startMs)
  const progress = (n: number): void => opts.onProgress?.(n, total)
  const rows = () => counted(iterateReportRows(db, endMs, startMs), 10_000, progress)
  const today = kyivDate(opts.now().toISOString(), opts.calendar)

  if (req.kind === 'list' && !opts.auditList) {
    throw new DomainError('forbidden', 'Список заяв з іменами заявників вивантажується лише з записом у журналі аудиту')
  }
  mkdirSync(opts.outDir, { recursive: true })
  const files: ExportFile[] = []
  const emit = async (t: Table, withFiltersLine: boolean): Promise<ExportFile> => {
    const f =
      req.format === 'xlsx' ? await writeXlsx(opts.outDir, t, filters) : await writeCsv(opts.outDir, t, dialect, filters, withFiltersLine)
    files.push(f)
    return f
  }
  const excelLike = dialect.bom

  if (req.kind === 'open-data') {
    const datasets: { t: Table; description: string; periodicity: string }[] = [
      {
        t: { base: 'services', title: 'Послуги центру', columns: SERVICES_COLUMNS, rows: services.map(serviceCells) },
        description: 'Перелік адміністративних послуг, які надає центр: код, назва, категорія, строк і плата.',
        periodicity: 'у разі змін'
      },
      {
        t: {
          base: 'applications',
          title: 'Звернення',
          columns: APPLICATIONS_COLUMNS,
          rows: applicationAggregates(rows(), filter, opts.calendar, serviceName)
        },
        description:
          'Кількість звернень за день реєстрації × послуга × канал × результат (станом на дату оновлення). Без персональних даних.',
        periodicity: 'щоквартально'
      }
    ]
    for (const d of datasets) {
      const f = await emit(d.t, excelLike)
      const structure = await writeCsv(
        opts.outDir,
        { base: `${d.t.base}.structure`, title: 'Структура', columns: STRUCTURE_COLUMNS, rows: structureRows(d.t.columns) },
        DIALECTS['open-data'],
        filters,
        false
      )
      files.push(structure)
      const passport: Passport = {
        title: d.t.title,
        description: d.description,
        publisher: opts.publisher,
        periodicity: d.periodicity,
        format: req.format === 'xlsx' ? 'XLSX' : 'CSV',
        licence: 'Creative Commons Attribution 4.0 (CC BY 4.0)',
        lastUpdate: today,
        filters,
        rows: f.rows
      }
      files.push(writeText(opts.outDir, `${d.t.base}.passport.json`, JSON.stringify(passport, null, 2) + '\n'))
    }
  } else if (req.kind === 'list') {
    opts.auditList?.({ kind: 'list', format: req.format, filters })
    const list = iterateListRows(db, { fromMs: startMs, toMs: endMs, serviceIds: req.serviceIds, channels: req.channels })
    await emit(
      {
        base: 'list',
        title: 'Заяви',
        columns: LIST_COLUMNS,
        rows: counted(
          (function* () {
            for (const r of list) yield listCells(r, opts.calendar)
          })(),
          10_000,
          progress
        )
      },
      excelLike
    )
  } else {
    await emit(
      {
        base: 'quarterly',
        title: 'Звіт за період',
        columns: QUARTERLY_COLUMNS,
        rows: quarterlyRows(rows(), filter, opts.calendar, serviceName)
      },
      excelLike
    )
  }
  const manifest = {
    kind: req.kind,
    from: req.from,
    to: req.to,
    format: req.format,
    profile: profileFor(req),
    filters,
    createdAt: opts.now().toISOString(),
    files
  }
  writeText(opts.outDir, 'manifest.json', JSON.stringify(manifest, null, 2) + '\n')
  return { dir: opts.outDir, files, filters }
}
