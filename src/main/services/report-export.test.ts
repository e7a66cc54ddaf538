import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import ExcelJS from 'exceljs'
import { afterAll, describe, expect, it } from 'vitest'
import { DEFAULT_CALENDAR } from '../../shared/domain/calendar'
import {
  APPLICATIONS_COLUMNS,
  applicationAggregates,
  LIST_COLUMNS,
  QUARTERLY_COLUMNS,
  quarterlyRows,
  SERVICES_COLUMNS
} from '../../shared/reports/datasets'
import { endOfDayMs, reportRowOf } from '../../shared/reports/definitions'
import { describeFilters, passportSchema } from '../../shared/reports/export-format'
import { upsertApplication } from '../db/applications-repository'
import { iterateReportRows } from '../db/reports-repository'
import { demoItems, memoryDb, testCatalogue } from '../db/test-fixtures'
import { runExport } from './report-export'

const records = demoItems(1200, 23).map((i) => i.record)
const db = memoryDb()
records.forEach((r) => upsertApplication(db, r))
const FROM = '2025-12-01'
const TO = '2026-03-02'
const filter = { period: { from: FROM, to: TO } }
const names = new Map(testCatalogue().map((s) => [s.id, s.name_uk]))
const serviceName = (id: string): string => names.get(id) ?? id
const rowsOf = () => records.map(reportRowOf)

const dirs: string[] = []
function outDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'vikno-export-'))
  dirs.push(d)
  return join(d, 'out')
}
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))
const opts = (dir: string) => ({
  outDir: dir,
  calendar: DEFAULT_CALENDAR,
  now: () => new Date('2026-03-02T12:00:00+02:00'),
  publisher: 'ЦНАП'
})

/** Every cell as the CSV writer writes it, to compare with what a CSV library reads back. */
const asText = (rows: (string | number | null)[][], decimalComma = false, dates: number[] = []): string[][] =>
  rows.map((r) =>
    r.map((c, i) => {
      if (c === null) return ''
      if (typeof c === 'number') return decimalComma ? String(c).replace('.', ',') : String(c)
      if (dates.includes(i)) return c.replace(/^(\d{4})-(\d{2})-(\d{2})$/, '$3.$2.$1')
      return c
    })
  )

describe('the rows reports are computed from', () => {
  it('are the records read back without personal data, each exactly once', () => {
    const end = endOfDayMs('2030-01-01', DEFAULT_CALENDAR)
    const fromDb = [...iterateReportRows(db, end)].sort((a, b) => (a.id < b.id ? -1 : 1))
    const expected = rowsOf().sort((a, b) => (a.id < b.id ? -1 : 1))
    expect(fromDb).toEqual(expected)
    // The demo has decisions and pauses, so the comparison covers them.
    expect(expected.some((r) => r.outcome !== null)).toBe(true)
    expect(expected.some((r) => r.pauses.length > 0)).toBe(true)
  })

  it('from a period’s start, leave out exactly the applications closed before it', () => {
    const end = endOfDayMs('2030-01-01', DEFAULT_CALENDAR)
    const since = Date.parse('2026-01-01T00:00:00+02:00')
    const kept = new Set([...iterateReportRows(db, end, since)].map((r) => r.id))
    const closedBefore = records.filter((r) => r.closedAt !== null && Date.parse(r.closedAt) < since)
    expect(closedBefore.length).toBeGreaterThan(50)
    expect(kept.size).toBe(records.length - closedBefore.length)
    for (const r of closedBefore) expect(kept.has(r.id)).toBe(false)
  })
})

describe('open data', () => {
  it('open-data profile: no BOM, comma, ISO dates, one header row; parses back to the same rows; structure and passport', async () => {
    const dir = outDir()
    const res = await runExport(db, { kind: 'open-data', from: FROM, to: TO }, opts(dir))
    expect(res.dir).toBe(dir)
    const text = readFileSync(join(dir, 'applications.csv'), 'utf8')
    expect(text.charCodeAt(0)).not.toBe(0xfeff)
    const parsed = parse(text, { delimiter: ',' }) as string[][]
    expect(parsed[0]).toEqual(APPLICATIONS_COLUMNS.map((c) => c.name))
    const expected = applicationAggregates(rowsOf(), filter, DEFAULT_CALENDAR, serviceName)
    expect(expected.length).toBeGreaterThan(50)
    expect(parsed.slice(1)).toEqual(asText(expected))
    // Every application received in the period (its Kyiv date, read by Intl here) is counted once.
    const kyivDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Kyiv' })
    const inPeriodCount = records.filter((r) => {
      const d = kyivDay.format(new Date(r.receivedAt))
      return d >= FROM && d <= TO
    }).length
    expect(expected.reduce((s, r) => s + Number(r[5]), 0)).toBe(inPeriodCount)

    const services = parse(readFileSync(join(dir, 'services.csv'), 'utf8')) as string[][]
    expect(services[0]).toEqual(SERVICES_COLUMNS.map((c) => c.name))
    expect(services).toHaveLength(testCatalogue().length + 1)

    const structure = parse(readFileSync(join(dir, 'applications.structure.csv'), 'utf8')) as string[][]
    expect(structure[0]).toEqual(['name', 'title', 'description', 'datatype', 'required'])
    expect(structure.slice(1).map((r) => r[0])).toEqual(APPLICATIONS_COLUMNS.map((c) => c.name))

    const passport = passportSchema.parse(JSON.parse(readFileSync(join(dir, 'applications.passport.json'), 'utf8')))
    expect(passport.rows).toBe(expected.length)
    expect(passport.filters).toBe(describeFilters({ kind: 'open-data', from: FROM, to: TO }))
    expect(passport.lastUpdate).toBe('2026-03-02')
    expect(readdirSync(dir).filter((f) => f.endsWith('.part'))).toEqual([])
  })

  it('never carries personal data of the generated applicants', async () => {
    const dir = outDir()
    await runExport(db, { kind: 'open-data', from: FROM, to: TO }, opts(dir))
    const quarterly = outDir()
    await runExport(db, { kind: 'quarterly', from: FROM, to: TO, format: 'csv' }, opts(quarterly))
    const all = [dir, quarterly].flatMap((d) => readdirSync(d).map((f) => readFileSync(join(d, f), 'utf8'))).join('\n')
    for (const r of records) {
      const a = r.applicant
      for (const value of [a.surname, a.givenName, a.rnokpp, a.phone, a.email, a.address, a.birthDate, r.holder?.name ?? null]) {
        if (value !== null) expect(all.includes(value), `${value} leaked`).toBe(false)
      }
    }
  })
})

describe('quarterly report', () => {
  it('excel profile: BOM, semicolon, the filters line, decimal comma; parses back to the same rows', async () => {
    const dir = outDir()
    await runExport(db, { kind: 'quarterly', from: FROM, to: TO }, opts(dir))
    const text = readFileSync(join(dir, 'quarterly.csv'), 'utf8')
    expect(text.charCodeAt(0)).toBe(0xfeff)
    const parsed = parse(text.slice(1), { delimiter: ';', relax_column_count: false }) as string[][]
    expect(parsed[0]?.[0]).toBe(describeFilters({ kind: 'quarterly', from: FROM, to: TO }))
    expect(parsed[0]?.[0]).toContain('01.12.2025–02.03.2026')
    expect(parsed[1]).toEqual(QUARTERLY_COLUMNS.map((c) => c.name))
    const expected = quarterlyRows(rowsOf(), filter, DEFAULT_CALENDAR, serviceName)
    expect(expected.length).toBeGreaterThan(5)
    expect(parsed.slice(2)).toEqual(asText(expected, true))
  })

  it('XLSX reads back with the same library: the filters row, the header, the same rows', async () => {
    const dir = outDir()
    await runExport(db, { kind: 'quarterly', from: FROM, to: TO, format: 'xlsx', serviceIds: [records[0]!.serviceId] }, opts(dir))
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.readFile(join(dir, 'quarterly.xlsx'))
    const sheet = wb.worksheets[0]!
    const values: unknown[][] = []
    sheet.eachRow((row) => values.push((row.values as unknown[]).slice(1)))
    expect(values[0]).toEqual([describeFilters({ kind: 'quarterly', from: FROM, to: TO, serviceIds: [records[0]!.serviceId] })])
    expect(values[1]).toEqual(QUARTERLY_COLUMNS.map((c) => c.name))
    const expected = quarterlyRows(rowsOf(), { ...filter, serviceIds: [records[0]!.serviceId] }, DEFAULT_CALENDAR, serviceName)
    expect(expected).toHaveLength(1)
    // exceljs reads an empty cell as a hole: compare with nulls as undefined.
    expect(values.slice(2)).toEqual(expected.map((r) => r.map((c) => (c === null ? undefined : c))))
  })

  it('refuses bad input with a clear error and writes nothing', async () => {
    const dir = outDir()
    await expect(runExport(db, { kind: 'quarterly', from: '2026-03-05', to: '2026-03-01' }, opts(dir))).rejects.toThrow(/Початок періоду/)
    // A list carries names: without an audit record it is refused.
    await expect(runExport(db, { kind: 'list', from: FROM, to: TO }, opts(dir))).rejects.toThrow(/журналі аудиту/)
    await expect(runExport(db, { kind: 'quarterly', from: '2026-02-30', to: TO }, opts(dir))).rejects.toThrow()
    expect(existsSync(dir)).toBe(false)
  })
})

describe('a clerk’s list', () => {
  it('lists every application received in the period with the applicant’s name, audited before the file is written', async () => {
    const dir = outDir()
    const audited: unknown[] = []
    const res = await runExport(
      db,
      { kind: 'list', from: FROM, to: TO, profile: 'open-data' },
      { ...opts(dir), auditList: (d) => audited.push({ ...d, fileExisted: existsSync(join(dir, 'list.csv')) }) }
    )
    expect(audited).toEqual([{ kind: 'list', format: 'csv', filters: res.filters, fileExisted: false }])
    const parsed = parse(readFileSync(join(dir, 'list.csv'), 'utf8')) as string[][]
    expect(parsed[0]).toEqual(LIST_COLUMNS.map((c) => c.name))
    const kyivDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Kyiv' })
    const inPeriod = records
      .filter((r) => {
        const d = kyivDay.format(new Date(r.receivedAt))
        return d >= FROM && d <= TO
      })
      .sort((a, b) => Date.parse(a.receivedAt) - Date.parse(b.receivedAt))
    expect(
      parsed
        .slice(1)
        .map((r) => r[0])
        .sort()
    ).toEqual(inPeriod.map((r) => r.orderNumber).sort())
    const first = inPeriod[0]!
    const line = parsed.find((r) => r[0] === first.orderNumber)!
    expect(line[3]).toBe([first.applicant.surname, first.applicant.givenName, first.applicant.patronymic].filter(Boolean).join(' '))
    expect(line[1]).toBe(kyivDay.format(new Date(first.receivedAt)))
    expect(res.files).toEqual([{ name: 'list.csv', rows: inPeriod.length }])
  })
})
