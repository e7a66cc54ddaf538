import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { closeDatabase, openDatabase, type Db } from '../db/connection'
import { getApplication, upsertApplication } from '../db/applications-repository'
import { listUnuploadedAudit } from '../db/audit-repository'
import { loadCatalogueFile, seedCatalogue } from '../db/catalogue-repository'
import { writeSetting } from '../db/settings'
import { listAllOutbox } from '../db/sync-repository'
import { loadPrintFonts } from '../../print/fonts'
import { sampleRecords, SAMPLE_CENTRE } from '../../print/samples'
import { SyncEngine } from '../sync/sync-engine'
import type { ClerkSession } from '../../shared/session'
import { accessCodeHashSchema, splitAccessCodeHash } from '../../shared/domain/access-code'
import { DEFAULT_CALENDAR } from '../../shared/domain/calendar'
import { printRequestSchema } from '../../shared/print-contract'
import { DomainError } from '../../shared/result'
import { hashAccessCode } from './access-codes'
import { createAuditTrail } from './audit-trail'
import { createPrintHandlers } from './print-handlers'
import { createHandlers } from './workstation-handlers'

/*
 * Issue 16 at the desk: a walk-in's access code and a new code for an applicant who lost theirs are
 * made here (offline too), only their hash goes into the command, and the code itself waits for
 * exactly one receipt.
 */

const ROOT = join(__dirname, '../../..')
const catalogue = loadCatalogueFile(join(ROOT, 'resources/catalog/services.json'))
const fonts = loadPrintFonts(join(ROOT, 'resources/fonts'))
const olena: ClerkSession = { clerkId: 'clerk-olena', name: 'Олена Коваль', role: 'clerk', centreId: 'khm-cnap' }
const iryna: ClerkSession = { clerkId: 'clerk-iryna', name: 'Ірина Дем’яненко', role: 'back_office', centreId: 'khm-cnap' }

it('hashes with the shared parameters: the same pinned test vector as the portal (src/portal/intake/citizen-access.test.ts)', async () => {
  const hash = await hashAccessCode('K7QM-4XPR-9TAW', Buffer.from('vikno-test-salt!'))
  expect(hash).toBe('scrypt$16384$8$1$dmlrbm8tdGVzdC1zYWx0IQ==$DY5g24fLRSdmOAGpaQVdi6vYPqg4EJ+xpalVi8HM2oM=')
  expect(await hashAccessCode('к7qм 4хрr 9таw', Buffer.from('vikno-test-salt!'))).toBe(hash)
  await expect(hashAccessCode('not a code')).rejects.toThrow(RangeError)
})

let db: Db
let now: number
let session: ClerkSession | null
let ids: number

function desk() {
  const clock = (): Date => new Date(now)
  const audit = createAuditTrail({ db, clock, workstationId: 'w1', newId: () => `audit-${++ids}` })
  const engine = new SyncEngine({
    db,
    clock,
    newId: () => `cmd-${++ids}`,
    transport: null,
    calendar: DEFAULT_CALENDAR,
    centreId: 'khm-cnap',
    workstationId: 'w1',
    log: { info: () => {}, warn: () => {} },
    emit: () => {},
    auditCommand: (entry) => audit.command(entry)
  })
  const handlers = createHandlers({
    db,
    engine,
    clock,
    newId: () => `app-${++ids}`,
    calendar: DEFAULT_CALENDAR,
    shell: 'web',
    appVersion: 'test',
    workstationId: 'w1',
    portalUrl: null,
    session: () => session,
    poke: () => {},
    dataDir: '/nonexistent'
  })
  const print = createPrintHandlers({
    db,
    engine,
    pdf: { toPdf: async () => new TextEncoder().encode('%PDF-1.4\n%%EOF'), close: async () => {} },
    printer: null,
    session: () => session,
    clock,
    calendar: DEFAULT_CALENDAR,
    portalUrl: () => 'https://portal.vikno.example',
    centre: () => SAMPLE_CENTRE,
    fonts
  })
  const receipt = (applicationId: string) => printRequestSchema.parse({ document: 'receipt', applicationId })
  return { handlers, print, receipt }
}

const walkIn = {
  serviceId: 'residence-registration',
  applicant: {
    surname: 'Ткаченко',
    givenName: 'Остап',
    patronymic: null,
    rnokpp: null,
    birthDate: '1979-03-14',
    phone: null,
    email: null,
    address: 'м. Хмельницький, вул. Кам’янецька, 7'
  },
  fields: {},
  attachments: [],
  documents: [{ name: 'Паспорт', required: true, received: true }],
  delivery: 'in_person' as const
}

/** Does `code` hash to `hash` (recomputed with the hash's own salt)? */
async function opens(code: string, hash: string): Promise<boolean> {
  const parts = splitAccessCodeHash(hash)
  return parts !== null && (await hashAccessCode(code, Buffer.from(parts.salt, 'base64'))) === hash
}

const codeOnReceipt = (html: string): string | null => /data-field="access-code">([^<]+)</.exec(html)?.[1] ?? null

beforeEach(() => {
  db = openDatabase(':memory:')
  seedCatalogue(db, catalogue)
  writeSetting(db, 'workstation.node', 2)
  now = Date.parse('2026-03-02T09:00:00.000Z')
  session = olena
  ids = 0
})
afterEach(() => closeDatabase(db))

describe('access codes at the desk', () => {
  it('a walk-in gets a code: shown once, its hash (and only its hash) in the v3 command (with the card version), nowhere in the record', async () => {
    const { handlers } = desk()
    const registered = await handlers['walkIn.register'](walkIn)
    expect(registered.accessCode).toMatch(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/)
    const [command] = listAllOutbox(db)
    expect(command).toMatchObject({ type: 'register_walk_in', v: 3, applicationId: registered.applicationId })
    const hash = (command?.payload as { accessCodeHash: string }).accessCodeHash
    expect(accessCodeHashSchema.safeParse(hash).success).toBe(true)
    expect(await opens(registered.accessCode, hash)).toBe(true)
    expect(await opens('K7QM-4XPR-9TAW', hash)).toBe(false)
    expect(JSON.stringify(command)).not.toContain(registered.accessCode)
    const record = JSON.stringify(getApplication(db, registered.applicationId))
    expect(record).not.toContain('scrypt')
    expect(record).not.toContain(registered.accessCode)
    // Two walk-ins never share a code.
    const second = await handlers['walkIn.register'](walkIn)
    expect(second.accessCode).not.toBe(registered.accessCode)
  })

  it('the code is printed on the first receipt only: previews show it, printing it erases it from the desk', async () => {
    const { handlers, print, receipt } = desk()
    const { applicationId, accessCode, orderNumber } = await handlers['walkIn.register'](walkIn)
    const preview = await print['print.preview'](receipt(applicationId))
    expect(codeOnReceipt(preview.html)).toBe(accessCode)
    expect(preview.html).toContain(`https://portal.vikno.example/status/${orderNumber}?code=${accessCode}`)
    expect(codeOnReceipt((await print['print.preview'](receipt(applicationId))).html)).toBe(accessCode)

    const printed = await print['print.record'](receipt(applicationId))
    expect(codeOnReceipt(printed.html)).toBe(accessCode)
    expect(printed.copy).toBe(false)
    expect(db.prepare('SELECT count(*) AS n FROM access_code_slips').get()).toEqual({ n: 0 })

    const later = await print['print.pdf'](receipt(applicationId))
    expect(later.copy).toBe(true)
    const again = await print['print.preview'](receipt(applicationId))
    expect(codeOnReceipt(again.html)).toBeNull()
    expect(again.html).toContain('data-field="access-code-absent"')
    expect(again.html).not.toContain(accessCode)
  })

  it('an unprinted code is erased an hour after it was made', async () => {
    const { handlers, print, receipt } = desk()
    const { applicationId, accessCode } = await handlers['walkIn.register'](walkIn)
    now += 59 * 60_000
    expect(codeOnReceipt((await print['print.preview'](receipt(applicationId))).html)).toBe(accessCode)
    now += 2 * 60_000
    expect(codeOnReceipt((await print['print.preview'](receipt(applicationId))).html)).toBeNull()
    expect(db.prepare('SELECT count(*) AS n FROM access_code_slips').get()).toEqual({ n: 0 })
  })

  it('a clerk issues a new code: a reissue_access_code command with its hash, audited; the next receipt is an original with the new code', async () => {
    const { handlers, print, receipt } = desk()
    const sample = sampleRecords(catalogue).receipt
    upsertApplication(db, sample, 'confirmed')
    await print['print.record'](receipt(sample.id))
    const issued = await handlers['accessCode.reissue']({ id: sample.id })
    const command = listAllOutbox(db).find((c) => c.type === 'reissue_access_code')
    expect(command).toMatchObject({ v: 1, applicationId: sample.id, commandId: issued.commandId })
    expect(await opens(issued.accessCode, (command?.payload as { accessCodeHash: string }).accessCodeHash)).toBe(true)
    const audited = listUnuploadedAudit(db, 100).map((r) => r.entry)
    expect(audited).toContainEqual(
      expect.objectContaining({
        action: 'change',
        clerkId: olena.clerkId,
        applicationId: sample.id,
        detail: expect.objectContaining({ type: 'reissue_access_code' })
      })
    )
    expect(JSON.stringify(audited)).not.toContain(issued.accessCode)
    const newReceipt = await print['print.record'](receipt(sample.id))
    expect(codeOnReceipt(newReceipt.html)).toBe(issued.accessCode)
    expect(newReceipt.copy).toBe(false)
    // A second new code replaces the first before it is printed.
    const first = await handlers['accessCode.reissue']({ id: sample.id })
    const second = await handlers['accessCode.reissue']({ id: sample.id })
    expect(codeOnReceipt((await print['print.preview'](receipt(sample.id))).html)).toBe(second.accessCode)
    expect(first.accessCode).not.toBe(second.accessCode)
  })

  it('a closed application can get a new code (its applicant may want to read the decision); back office and callers of command.submit cannot', async () => {
    const { handlers } = desk()
    const closed = sampleRecords(catalogue).all.find((r) => r.status === 'refused' || r.status === 'issued')
    expect(closed).toBeDefined()
    upsertApplication(db, closed!, 'confirmed')
    expect((await handlers['application.get']({ id: closed!.id })).actions.reissue_access_code).toBeNull()
    await expect(handlers['accessCode.reissue']({ id: closed!.id })).resolves.toMatchObject({ commandId: expect.any(String) })

    session = iryna
    expect((await handlers['application.get']({ id: closed!.id })).actions.reissue_access_code).toContain('фронт-офісу')
    await expect(handlers['accessCode.reissue']({ id: closed!.id })).rejects.toMatchObject({ code: 'forbidden' })
    session = olena
    expect(() =>
      handlers['command.submit']({
        type: 'reissue_access_code',
        applicationId: closed!.id,
        payload: { accessCodeHash: 'scrypt$16384$8$1$AQEBAQEBAQEBAQEBAQEBAQ==$AgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgI=' }
      })
    ).toThrow(DomainError)
    await expect(handlers['accessCode.reissue']({ id: 'no-such-application' })).rejects.toMatchObject({ code: 'not_found' })
    session = null
    await expect(handlers['accessCode.reissue']({ id: closed!.id })).rejects.toMatchObject({ code: 'unauthenticated' })
  })
})
