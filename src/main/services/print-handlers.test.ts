import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { closeDatabase, openDatabase, type Db } from '../db/connection'
import { insertEvents, upsertApplication } from '../db/applications-repository'
import { loadCatalogueFile, replaceCatalogueFromPortal, seedCatalogue } from '../db/catalogue-repository'
import { cardFromCatalogueService } from '../../shared/catalogue/from-file'
import { cardWithOwnFields } from '../../shared/testing/card-with-fields'
import { listAllOutbox } from '../db/sync-repository'
import { loadPrintFonts } from '../../print/fonts'
import { ChromiumPdfRenderer, chromiumExecutablePath, type NativePrinter, type PdfRenderer } from '../../print/pdf'
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { sampleRecords, SAMPLE_CENTRE } from '../../print/samples'
import { SyncEngine } from '../sync/sync-engine'
import type { ClerkSession } from '../../shared/session'
import { DEFAULT_CALENDAR } from '../../shared/domain/calendar'
import { printRequestSchema, printSendSchema } from '../../shared/print-contract'
import { DomainError } from '../../shared/result'
import { createPrintHandlers, pdfFileName, type PrintHandlerDeps } from './print-handlers'

const ROOT = join(__dirname, '../../..')
const catalogue = loadCatalogueFile(join(ROOT, 'resources/catalog/services.json'))
const fonts = loadPrintFonts(join(ROOT, 'resources/fonts'))
const olena: ClerkSession = { clerkId: 'clerk-olena', name: 'Олена Коваль', role: 'clerk', centreId: 'khm-cnap' }
const PDF_BYTES = new TextEncoder().encode('%PDF-1.4\n1 0 obj <</Type /Page>> endobj\n2 0 obj <</Type /Pages>> endobj\n%%EOF')

let db: Db
let ids = 0
let session: ClerkSession | null
let samples: ReturnType<typeof sampleRecords>

function setup(overrides: Partial<PrintHandlerDeps> = {}) {
  const engine = new SyncEngine({
    db,
    clock: () => new Date('2026-03-02T14:40:00.000Z'),
    newId: () => `cmd-${++ids}`,
    transport: null,
    calendar: DEFAULT_CALENDAR,
    centreId: 'khm-cnap',
    workstationId: 'w1',
    log: { info: () => {}, warn: () => {} },
    emit: () => {}
  })
  const pdfCalls: string[] = []
  const pdf: PdfRenderer = {
    toPdf: async (html) => {
      pdfCalls.push(html)
      return PDF_BYTES
    },
    close: async () => {}
  }
  const handlers = createPrintHandlers({
    db,
    engine,
    pdf,
    printer: null,
    session: () => session,
    clock: () => new Date('2026-03-02T14:40:00.000Z'),
    calendar: DEFAULT_CALENDAR,
    portalUrl: () => 'https://portal.vikno.example/',
    centre: () => SAMPLE_CENTRE,
    fonts,
    ...overrides
  })
  return { handlers, engine, pdfCalls }
}

const parse = (_method: 'print.preview' | 'print.record' | 'print.pdf', input: unknown) => printRequestSchema.parse(input)
const parseSend = (input: unknown) => printSendSchema.parse(input)
const prints = () => listAllOutbox(db).filter((c) => c.type === 'record_print')

beforeEach(() => {
  db = openDatabase(':memory:')
  seedCatalogue(db, catalogue)
  samples = sampleRecords(catalogue)
  for (const r of samples.all) upsertApplication(db, r, 'confirmed')
  session = olena
  ids = 0
})
afterEach(() => closeDatabase(db))

describe('print handlers', () => {
  it('prints an application against its card version: one under version 1 stays version 1 after version 2 is live (issue 17)', async () => {
    const base = catalogue.find((s) => s.id === 'residence-registration')!
    replaceCatalogueFromPortal(db, {
      revision: 2,
      revisionId: 'r2',
      cards: [
        { serviceId: base.id, version: 1, stage: 'published', live: false, card: cardFromCatalogueService(base) },
        { serviceId: base.id, version: 2, stage: 'published', live: true, card: cardWithOwnFields(base) }
      ]
    })
    const { handlers } = setup()
    expect(samples.receipt).toMatchObject({ serviceId: base.id, serviceVersion: 1 })
    const underV1 = await handlers['print.preview'](parse('print.preview', { document: 'receipt', applicationId: samples.receipt.id }))
    expect(underV1.html).toContain(base.name_uk)
    expect(underV1.html).not.toContain('(версія 2)')
    upsertApplication(db, { ...samples.receipt, id: 'app-v2', orderNumber: '002-000458-1', serviceVersion: 2 }, 'confirmed')
    const underV2 = await handlers['print.preview'](parse('print.preview', { document: 'receipt', applicationId: 'app-v2' }))
    expect(underV2.html).toContain(`${base.name_uk} (версія 2)`)
  })

  const PDFTOTEXT = '/usr/bin/pdftotext'
  it.skipIf(!existsSync(PDFTOTEXT) || !existsSync(chromiumExecutablePath()))(
    'the PDF of a receipt reads the application’s card version (Chromium + pdftotext)',
    async () => {
      const base = catalogue.find((s) => s.id === 'residence-registration')!
      replaceCatalogueFromPortal(db, {
        revision: 2,
        revisionId: 'r2',
        cards: [
          { serviceId: base.id, version: 1, stage: 'published', live: false, card: cardFromCatalogueService(base) },
          { serviceId: base.id, version: 2, stage: 'published', live: true, card: cardWithOwnFields(base) }
        ]
      })
      upsertApplication(db, { ...samples.receipt, id: 'app-v2', orderNumber: '002-000458-1', serviceVersion: 2 }, 'confirmed')
      const renderer = new ChromiumPdfRenderer()
      const dir = mkdtempSync(join(tmpdir(), 'vikno-card-pdf-'))
      try {
        const { handlers } = setup({ pdf: renderer })
        const text = async (applicationId: string): Promise<string> => {
          const out = await handlers['print.pdf'](parse('print.pdf', { document: 'receipt', applicationId }))
          const file = join(dir, `${applicationId}.pdf`)
          writeFileSync(file, Buffer.from(out.pdfBase64, 'base64'))
          return execFileSync(PDFTOTEXT, ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ')
        }
        expect(await text('app-v2')).toContain('(версія 2)')
        expect(await text(samples.receipt.id)).not.toContain('(версія 2)')
      } finally {
        await renderer.close()
        rmSync(dir, { recursive: true, force: true })
      }
    },
    60_000
  )

  it('previews without recording; printing records one record_print; the next print is a КОПІЯ', async () => {
    const { handlers } = setup()
    const req = parse('print.preview', { document: 'receipt', applicationId: samples.receipt.id })
    const preview = await handlers['print.preview'](req)
    expect(preview).toMatchObject({ copy: false, provisional: null, paper: 'A4', applicationIds: [samples.receipt.id] })
    expect(preview.html).toContain('https://portal.vikno.example/status/002-000457-4')
    expect(prints()).toHaveLength(0)

    const first = await handlers['print.record'](req)
    expect(first.copy).toBe(false)
    expect(first.html).not.toContain('КОПІЯ')
    expect(prints()).toEqual([
      expect.objectContaining({
        commandId: first.commandIds[0],
        applicationId: samples.receipt.id,
        payload: { document: 'receipt', copy: false, provisionalCommandId: null }
      })
    ])

    expect((await handlers['print.preview'](req)).copy).toBe(true)
    const again = await handlers['print.record'](req)
    expect(again.copy).toBe(true)
    expect(again.html).toContain('data-mark="copy"')
    expect(prints()[1]?.payload).toEqual({ document: 'receipt', copy: true, provisionalCommandId: null })
  })

  it('counts a print the portal already confirmed (a pulled "printed" event) as printed', async () => {
    insertEvents(db, [
      {
        id: 'ev-1',
        applicationId: samples.refusal.id,
        kind: 'printed',
        at: '2026-03-02T12:00:00.000Z',
        actor: 'Тарас',
        commandId: 'old',
        data: { document: 'refusal_letter', copy: false }
      }
    ])
    const { handlers } = setup()
    expect(
      (await handlers['print.preview'](parse('print.preview', { document: 'refusal_letter', applicationId: samples.refusal.id }))).copy
    ).toBe(true)
    expect((await handlers['print.preview'](parse('print.preview', { document: 'receipt', applicationId: samples.refusal.id }))).copy).toBe(
      false
    )
  })

  it('marks a letter provisional while its decision waits in the outbox, and records that id', async () => {
    upsertApplication(db, {
      ...samples.receipt,
      id: 'held',
      orderNumber: '002-000900-6',
      status: 'in_review',
      holder: { clerkId: olena.clerkId, name: olena.name, since: '2026-03-02T10:00:00.000Z' }
    })
    const { handlers, engine } = setup()
    const decide = engine.submit(
      { type: 'decide', applicationId: 'held', payload: { kind: 'approve', ground: null, text: '', appeal: null } },
      olena
    )
    const req = parse('print.record', { document: 'result_ready_notice', applicationId: 'held' })
    const out = await handlers['print.record'](req)
    expect(out.provisional).toEqual({ commandId: decide.commandId })
    expect(out.html).toContain(`рішення ще не підтверджено порталом (команда ${decide.commandId})`)
    expect(prints()[0]?.payload).toEqual({ document: 'result_ready_notice', copy: false, provisionalCommandId: decide.commandId })
    // The receipt is not a decision: never provisional.
    expect((await handlers['print.preview'](parse('print.preview', { document: 'receipt', applicationId: 'held' }))).provisional).toBeNull()
  })

  it('refuses what cannot be printed, with reasons a clerk can act on', async () => {
    const { handlers } = setup()
    await expect(async () =>
      handlers['print.preview'](parse('print.preview', { document: 'refusal_letter', applicationId: samples.receipt.id }))
    ).rejects.toThrow(/немає рішення про відмову/)
    await expect(async () =>
      handlers['print.preview'](parse('print.preview', { document: 'receipt', applicationId: 'nope' }))
    ).rejects.toMatchObject({ code: 'not_found' })
    await expect(async () =>
      handlers['print.preview'](parse('print.preview', { document: 'refusal_letter', applicationId: samples.refusal.id, paper: '80mm' }))
    ).rejects.toMatchObject({
      code: 'invalid_input',
      field: 'paper'
    })
    await expect(async () =>
      handlers['print.preview'](parse('print.preview', { document: 'routing_slip', applicationIds: [samples.receipt.id] }))
    ).rejects.toThrow(/ще не передано/)
    session = null
    await expect(async () =>
      handlers['print.preview'](parse('print.preview', { document: 'receipt', applicationId: samples.receipt.id }))
    ).rejects.toMatchObject({ code: 'unauthenticated' })
  })

  it('daily register: the applications received that day (Kyiv time), one audit command per row', async () => {
    const { handlers } = setup()
    const req = parse('print.record', { document: 'daily_register', date: '2026-03-02' })
    const out = await handlers['print.record'](req)
    const expected = samples.all.filter((r) => r.receivedAt.startsWith('2026-03-02')).map((r) => r.id)
    expect(new Set(out.applicationIds)).toEqual(new Set(expected))
    expect(out.commandIds).toHaveLength(expected.length)
    expect(
      prints()
        .map((c) => c.applicationId)
        .sort()
    ).toEqual([...expected].sort())
    // The same register again is a copy; a different day is empty and records nothing.
    expect((await handlers['print.preview'](req)).copy).toBe(true)
    const empty = await handlers['print.record'](parse('print.record', { document: 'daily_register', date: '2026-03-03' }))
    expect(empty).toMatchObject({ applicationIds: [], commandIds: [], copy: false })
    expect(empty.html).toContain('За цей день заяв не зареєстровано')
  })

  it('issue register: the results issued that day', async () => {
    const { handlers } = setup()
    const out = await handlers['print.preview'](parse('print.preview', { document: 'issue_register', date: '2026-03-02' }))
    expect(new Set(out.applicationIds)).toEqual(new Set(samples.issued.map((r) => r.id)))
    expect(
      (await handlers['print.preview'](parse('print.preview', { document: 'issue_register', date: '2026-03-01' }))).applicationIds
    ).toEqual([])
  })

  it('routing slip: addressed to the body named when the batch was forwarded', async () => {
    insertEvents(
      db,
      samples.forwarded.map((r, i) => ({
        id: `fw-${i}`,
        applicationId: r.id,
        kind: 'forwarded' as const,
        at: '2026-03-02T14:00:00.000Z',
        actor: 'Олена',
        commandId: null,
        data: { body: 'Управління ДАБК' }
      }))
    )
    const { handlers } = setup()
    const ids = samples.forwarded.map((r) => r.id)
    const out = await handlers['print.preview'](parse('print.preview', { document: 'routing_slip', applicationIds: ids }))
    expect(out.html).toContain('Управління ДАБК')
    const named = await handlers['print.preview'](
      parse('print.preview', { document: 'routing_slip', applicationIds: ids, body: 'Відділ реєстрації' })
    )
    expect(named.html).toContain('Відділ реєстрації')
    expect(() => parse('print.preview', { document: 'routing_slip', applicationIds: [ids[0], ids[0]] })).toThrow()
  })

  it('print.pdf records only after the PDF exists; a failed PDF records nothing', async () => {
    const { handlers, pdfCalls } = setup()
    const req = parse('print.pdf', { document: 'receipt', applicationId: samples.receipt.id, paper: '80mm' })
    const out = await handlers['print.pdf'](req)
    expect(Buffer.from(out.pdfBase64, 'base64').toString('latin1')).toContain('%PDF')
    expect(out).toMatchObject({ pages: 1, copy: false, fileName: 'Опис вхідного пакета документів № 002-000457-4.pdf' })
    expect(pdfCalls[0]).toContain('content="80mm"')
    expect(prints()).toHaveLength(1)

    const broken = setup({
      pdf: { toPdf: async () => Promise.reject(new Error('Chromium is not installed\nstack')), close: async () => {} }
    })
    await expect(async () => broken.handlers['print.pdf'](req)).rejects.toMatchObject({
      code: 'unavailable',
      message: 'Не вдалося створити PDF: Chromium is not installed'
    })
    expect(prints()).toHaveLength(1)
  })

  it('print.send: unavailable in the web shell; a cancelled dialog records nothing; a sent job records', async () => {
    const web = setup()
    expect(await web.handlers['print.printers']({})).toEqual({ native: false, printers: [] })
    const req = parseSend({ document: 'receipt', applicationId: samples.receipt.id, paper: '80mm', silent: true, deviceName: 'TM-T20' })
    await expect(async () => web.handlers['print.send'](req)).rejects.toBeInstanceOf(DomainError)

    let answer = false
    const jobs: { silent: boolean; deviceName: string | null; copies: number; paper: string }[] = []
    const printer: NativePrinter = {
      listPrinters: async () => [{ name: 'TM-T20', displayName: 'Epson TM-T20' }],
      print: async (_html, options) => {
        jobs.push(options)
        return answer
      }
    }
    const desk = setup({ printer })
    expect(await desk.handlers['print.printers']({})).toEqual({ native: true, printers: [{ name: 'TM-T20', displayName: 'Epson TM-T20' }] })
    expect(await desk.handlers['print.send'](req)).toMatchObject({ sent: false, commandIds: [] })
    expect(prints()).toHaveLength(0)
    answer = true
    const sent = await desk.handlers['print.send'](req)
    expect(sent).toMatchObject({ sent: true, copy: false })
    expect(sent.commandIds).toHaveLength(1)
    expect(jobs.at(-1)).toEqual({ silent: true, deviceName: 'TM-T20', copies: 1, paper: '80mm' })
  })

  it('the correction notice prints the date the clerk set (v2); for a v1 request, the default term from the day it was asked', async () => {
    const { handlers } = setup()
    const asked = samples.correction
    const req = parse('print.preview', { document: 'correction_notice', applicationId: asked.id })
    const withDate = { ...asked, correction: { ...asked.correction!, answerBy: '2026-03-20' }, version: asked.version + 1 }
    upsertApplication(db, withDate, 'confirmed')
    expect((await handlers['print.preview'](req)).html).toContain('до 20.03.2026')
    upsertApplication(db, { ...asked, version: asked.version + 2 }, 'confirmed')
    // Asked on 2 March: 30 calendar days later.
    expect((await handlers['print.preview'](req)).html).toContain('до 01.04.2026')
  })

  it('names PDF files safely', () => {
    expect(pdfFileName('Журнал: 02/03/2026 <копія>')).toBe('Журнал_ 02_03_2026 _копія_.pdf')
  })
})
