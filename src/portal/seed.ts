import type { ApplicationEvent, ApplicationRecord, AttachmentRef } from '../shared/domain/application'
import { DEMO_CENTRE, DEMO_CLERKS } from '../shared/demo/clerks'
import { generateDemo } from '../shared/demo/generate'
import { formatInstant } from '../shared/domain/calendar'
import { parseOrderNumber } from '../shared/domain/order-number'
import { enrolmentCodeHash, hashPassword, sha256Hex } from './auth/secrets'
import type { PortalDb } from './db/portal-db'
import { insertApplicationsBulk } from './db/applications-repository'
import { insertAttachment } from './db/attachments-repository'
import { takeChangeVersions, upsertCentre } from './db/centres-repository'
import { upsertClerk } from './db/clerks-repository'
import { reserveOrderSeq } from './db/order-sequences-repository'
import { demoPdf, demoPng } from './demo-files'
import { nowIso, type PortalDeps } from './deps'

export interface SeedOptions {
  count?: number
  seed?: number
  /**
   * The demo as it stood this many days before the portal's clock, nothing having moved since: its
   * open applications have run past their deadlines (the end-to-end dashboard needs overdue work,
   * which a demo generated as of now hardly has). 0 (the default): as of now.
   */
  daysAgo?: number
}

export interface SeedSummary {
  centreId: string
  applications: number
  version: number
}

const passwordHashes = new Map<string, Promise<string>>()
function cachedHash(password: string): Promise<string> {
  // scrypt is slow on purpose; the demo's five clerks share one password, hash it once per process.
  let hash = passwordHashes.get(password)
  if (!hash) {
    hash = hashPassword(password)
    passwordHashes.set(password, hash)
  }
  return hash
}

const DAY_MS = 86_400_000

function asOf(deps: PortalDeps, daysAgo: number): string {
  if (!Number.isInteger(daysAgo) || daysAgo < 0)
    throw new RangeError(`seedDemo: daysAgo must be a whole number of days ≥ 0, got ${daysAgo}`)
  return daysAgo === 0 ? nowIso(deps) : formatInstant(deps.clock().getTime() - daysAgo * DAY_MS, deps.calendar.timeZone)
}

/** The demo centre and its clerks (idempotent). */
export async function seedDemoCentre(db: PortalDb, deps: PortalDeps): Promise<void> {
  const hashes = await Promise.all(DEMO_CLERKS.map((c) => cachedHash(c.password)))
  await db.transaction(async (tx) => {
    await upsertCentre(tx, {
      id: DEMO_CENTRE.id,
      name: DEMO_CENTRE.name,
      enrolmentCodeHash: enrolmentCodeHash(DEMO_CENTRE.enrolmentCode),
      now: deps.clock()
    })
    for (const [i, c] of DEMO_CLERKS.entries()) {
      await upsertClerk(tx, {
        id: c.clerkId,
        centreId: DEMO_CENTRE.id,
        login: c.login,
        name: c.name,
        role: c.role,
        passwordHash: hashes[i] as string
      })
    }
  })
}

/**
 * The demo: centre, clerks and `count` applications from the shared generator, each application
 * (with its events) under its own change version, so pull pages stay small. The generator's
 * attachment hashes are replaced by real demo files stored in the attachments table; JPEG scans
 * become PNG (no JPEG encoder in the standard library).
 */
export async function seedDemo(db: PortalDb, deps: PortalDeps, opts: SeedOptions = {}): Promise<SeedSummary> {
  const count = opts.count ?? 2000
  // Bad options are refused before anything is written.
  const now = asOf(deps, opts.daysAgo ?? 0)
  await seedDemoCentre(db, deps)
  const centreId = DEMO_CENTRE.id

  const blobs = new Map<string, AttachmentRef>()
  const files: { sha256: string; mediaType: string; bytes: Buffer }[] = []
  const realFile = (ref: AttachmentRef): AttachmentRef => {
    const key = `${ref.mediaType}:${ref.name}`
    const known = blobs.get(key)
    if (known) return known
    const isPdf = ref.mediaType === 'application/pdf'
    const bytes = isPdf
      ? demoPdf(['Vikno demo attachment', `File: ${ref.name}`, 'This is a generated placeholder scan.'])
      : demoPng(blobs.size)
    const sha256 = sha256Hex(bytes)
    const out: AttachmentRef = isPdf
      ? { ...ref, sha256 }
      : { sha256, mediaType: 'image/png', name: ref.name.replace(/\.(jpe?g|png)$/i, '') + '.png' }
    blobs.set(key, out)
    files.push({ sha256, mediaType: out.mediaType, bytes })
    return out
  }

  const maxSeq = new Map<number, number>()
  let batch: { record: ApplicationRecord; events: ApplicationEvent[] }[] = []
  let lastVersion = 0
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return
    const items = batch
    batch = []
    const pending = files.splice(0)
    lastVersion = await db.transaction(async (tx) => {
      for (const f of pending) await insertAttachment(tx, { ...f, now: deps.clock() })
      const base = await takeChangeVersions(tx, centreId, items.length, deps.nudges.notifiesInTransaction)
      await deps.hooks.afterChangeVersion?.({ centreId, version: base, source: 'seed' })
      await insertApplicationsBulk(tx, items, base)
      return base + items.length - 1
    })
  }

  for (const item of generateDemo({
    seed: opts.seed ?? 1,
    count,
    now,
    centreId,
    services: deps.catalogue,
    calendar: deps.calendar
  })) {
    const record: ApplicationRecord = { ...item.record, attachments: item.record.attachments.map(realFile) }
    const parsed = parseOrderNumber(record.orderNumber)
    if (parsed.ok) maxSeq.set(parsed.node, Math.max(maxSeq.get(parsed.node) ?? 0, parsed.seq))
    batch.push({ record, events: item.events })
    if (batch.length >= 250) await flush()
  }
  await flush()

  // Numbers already used stay used: the portal continues node 1 after them, and nodes the demo's
  // walk-ins used are never handed to a newly enrolled workstation.
  await db.transaction(async (tx) => {
    for (const [node, seq] of maxSeq) await reserveOrderSeq(tx, node, seq + 1)
  })
  if (lastVersion > 0) deps.nudges.published(centreId, lastVersion)
  return { centreId, applications: count, version: lastVersion }
}
