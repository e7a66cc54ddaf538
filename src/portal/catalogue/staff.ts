import { randomBytes } from 'node:crypto'
import type { z } from 'zod'
import type { AdminCredentials } from '../../shared/admin'
import { serviceCardSchema, type CardStage, type CardVersion, type ServiceCard } from '../../shared/catalogue/card'
import {
  CARD_EXPORT_FORMAT,
  cardExportSchema,
  type CardExport,
  type CardVersionResponse,
  type CatalogueList,
  type importResponseSchema,
  type testLinkResponseSchema
} from '../../shared/catalogue/contract'
import { diffCards } from '../../shared/catalogue/diff'
import { countsLineUk, editable, nextVersionRefusal, transitionRefusal, type CardTransition } from '../../shared/catalogue/lifecycle'
import { publicationErrors } from '../../shared/catalogue/publication'
import { catalogueRefusal, type CatalogueAction } from '../../shared/domain/roles'
import { sha256Hex } from '../auth/secrets'
import { insertAdminAuditEntry } from '../db/audit-repository'
import {
  cardStageCounts,
  getCardVersion,
  insertDraft,
  insertTestLink,
  listCardVersions,
  liveCard,
  revokeTestLinks,
  serviceVersions,
  setCardStage,
  supersedeLive,
  updateDraftCard,
  type CardKey
} from '../db/catalogue-repository'
import type { ClerkRow } from '../db/clerks-repository'
import type { PortalDb, Queryable } from '../db/portal-db'
import type { WorkstationRow } from '../db/workstations-repository'
import type { PortalDeps } from '../deps'
import { parseInput, PortalError } from '../errors'
import { verifyClerk } from '../sync/workstations'
import { catalogueChanged } from './revision'
import { ensureCentreCatalogue } from './seeding'

/*
 * The staff side of the catalogue (issue 17). Two credentials, both required, as for the admin
 * endpoints (auth/admin.ts): the workstation's token (checked before the body is read) and the
 * acting clerk's login and password with every request. The clerk must belong to the workstation's
 * centre; what they may do is the shared `catalogueRefusal` (src/shared/domain/roles.ts) on the
 * role from the portal's own clerks table. One acts only on one's own centre's cards: another
 * centre's do not exist (404). Every change is audited (audit_log, action 'admin', detail.op
 * 'catalogue_…') in its own transaction; a refused request writes nothing.
 */

const NOT_STAFF = 'Каталог послуг у стадіях редагування доступний лише керівникові та адміністраторові ЦНАП цього робочого місця'

async function authorise(
  db: PortalDb,
  deps: PortalDeps,
  via: WorkstationRow,
  creds: AdminCredentials,
  action: CatalogueAction
): Promise<ClerkRow> {
  const clerk = await verifyClerk(db, creds.login, creds.password)
  if (clerk.centreId !== via.centreId) throw new PortalError(403, 'forbidden', NOT_STAFF)
  const refusal = catalogueRefusal(clerk.role, action)
  if (refusal) throw new PortalError(403, 'forbidden', refusal)
  await ensureCentreCatalogue(db, deps, clerk.centreId)
  return clerk
}

async function audit(
  q: Queryable,
  deps: PortalDeps,
  via: WorkstationRow,
  actor: ClerkRow,
  op: string,
  key: CardKey,
  extra: Record<string, string | number | boolean | null> = {}
): Promise<void> {
  await insertAdminAuditEntry(q, {
    id: deps.newId(),
    workstationId: via.id,
    centreId: via.centreId,
    at: deps.clock(),
    clerkId: actor.id,
    clerkName: actor.name,
    detail: { op: `catalogue_${op}`, serviceId: key.serviceId, version: key.version, ...extra }
  })
}

const notFound = (): PortalError => new PortalError(404, 'not_found', 'Такої версії картки послуги немає')

function respond(v: CardVersion): CardVersionResponse {
  return { version: v, publicationErrors: publicationErrors(v.card) }
}

/** The card of a request, parsed with the card schema: 400 naming the field (`card.form.fields.2.rules.min`). */
function parseCard(input: unknown): ServiceCard {
  return parseInput(serviceCardSchema, input, 'card')
}

async function mustGet(q: Queryable, key: CardKey, lock = false): Promise<CardVersion> {
  const v = await getCardVersion(q, key, { lock })
  if (!v) throw notFound()
  return v
}

// ── reading ─────────────────────────────────────────────────────────────

export async function listCatalogue(
  db: PortalDb,
  deps: PortalDeps,
  via: WorkstationRow,
  creds: AdminCredentials,
  stage: CardStage | null
): Promise<CatalogueList> {
  const actor = await authorise(db, deps, via, creds, 'view')
  const [counts, versions] = await Promise.all([cardStageCounts(db, actor.centreId), listCardVersions(db, actor.centreId, stage)])
  return {
    counts,
    countsLine: countsLineUk(counts),
    versions: versions.map((v) => ({
      serviceId: v.serviceId,
      version: v.version,
      stage: v.stage,
      live: v.live,
      name_uk: v.card.name_uk,
      name_en: v.card.name_en,
      updatedAt: v.updatedAt,
      publicationErrors: publicationErrors(v.card).length
    }))
  }
}

export async function getCatalogueVersion(
  db: PortalDb,
  deps: PortalDeps,
  via: WorkstationRow,
  creds: AdminCredentials,
  serviceId: string,
  version: number
): Promise<CardVersionResponse> {
  const actor = await authorise(db, deps, via, creds, 'view')
  return respond(await mustGet(db, { centreId: actor.centreId, serviceId, version }))
}

/** One version as a file (cardExportSchema). Audited: a card leaves the centre. */
export async function exportCatalogueVersion(
  db: PortalDb,
  deps: PortalDeps,
  via: WorkstationRow,
  creds: AdminCredentials,
  serviceId: string,
  version: number
): Promise<CardExport> {
  const actor = await authorise(db, deps, via, creds, 'export')
  const key = { centreId: actor.centreId, serviceId, version }
  const v = await mustGet(db, key)
  await audit(db, deps, via, actor, 'export', key)
  return { format: CARD_EXPORT_FORMAT, formatVersion: 1, exportedAt: deps.clock().toISOString(), serviceId, version, card: v.card }
}

// ── drafts ──────────────────────────────────────────────────────────────

/** A new service's first draft. A service id the centre already has → 409 (draft its next version instead). */
export async function createServiceDraft(
  db: PortalDb,
  deps: PortalDeps,
  via: WorkstationRow,
  creds: AdminCredentials,
  input: unknown
): Promise<CardVersionResponse> {
  const actor = await authorise(db, deps, via, creds, 'edit')
  const card = parseCard(input)
  const key = { centreId: actor.centreId, serviceId: card.id, version: 1 }
  await db.transaction(async (tx) => {
    const existing = await serviceVersions(tx, actor.centreId, card.id, { lock: true })
    if (existing.length > 0)
      throw new PortalError(409, 'illegal_transition', `Послуга «${card.id}» уже є в каталозі: створіть її наступну версію`, 'card.id')
    await insertDraft(tx, key, card, deps.clock(), actor.id)
    await audit(tx, deps, via, actor, 'create_draft', key)
  })
  return respond(await mustGet(db, key))
}

/**
 * The next version of a service: a draft copied from its live version (or, when none is live, its
 * newest). Refused while a draft or a version in testing exists (one next version at a time).
 */
export async function draftNextVersion(
  db: PortalDb,
  deps: PortalDeps,
  via: WorkstationRow,
  creds: AdminCredentials,
  serviceId: string
): Promise<CardVersionResponse> {
  const actor = await authorise(db, deps, via, creds, 'edit')
  const key = await db.transaction(async (tx) => {
    const versions = await serviceVersions(tx, actor.centreId, serviceId, { lock: true })
    const newest = versions[0]
    if (!newest) throw notFound()
    const open = nextVersionRefusal(versions.map((v) => v.stage))
    if (open) throw new PortalError(409, 'illegal_transition', open.uk)
    const from = versions.find((v) => v.live) ?? newest
    const k = { centreId: actor.centreId, serviceId, version: newest.version + 1 }
    await insertDraft(tx, k, from.card, deps.clock(), actor.id)
    await audit(tx, deps, via, actor, 'draft_next_version', k, { from: from.version })
    return k
  })
  return respond(await mustGet(db, key))
}

/** Replaces a draft's card (schema-checked: 400 naming the field). Publication errors come back with it; they do not block saving. */
export async function updateServiceDraft(
  db: PortalDb,
  deps: PortalDeps,
  via: WorkstationRow,
  creds: AdminCredentials,
  serviceId: string,
  version: number,
  input: unknown
): Promise<CardVersionResponse> {
  const actor = await authorise(db, deps, via, creds, 'edit')
  const card = parseCard(input)
  if (card.id !== serviceId)
    throw new PortalError(400, 'invalid_input', 'Ідентифікатор послуги в картці не збігається з адресою', 'card.id')
  const key = { centreId: actor.centreId, serviceId, version }
  await db.transaction(async (tx) => {
    const v = await mustGet(tx, key, true)
    if (!editable(v.stage))
      throw new PortalError(
        409,
        'illegal_transition',
        'Змінювати можна лише чернетку; опублікована версія незмінна — створіть наступну версію'
      )
    await updateDraftCard(tx, key, card, deps.clock(), actor.id)
    await audit(tx, deps, via, actor, 'update_draft', key, { publicationErrors: publicationErrors(card).length })
  })
  return respond(await mustGet(db, key))
}

// ── transitions ─────────────────────────────────────────────────────────

const ACTION_OF: Readonly<Record<CardTransition, CatalogueAction>> = {
  to_testing: 'to_testing',
  publish: 'publish',
  back_to_draft: 'back_to_draft',
  withdraw: 'withdraw'
}

async function transition(
  db: PortalDb,
  deps: PortalDeps,
  via: WorkstationRow,
  creds: AdminCredentials,
  serviceId: string,
  version: number,
  t: CardTransition,
  inside: (tx: Queryable, key: CardKey, actor: ClerkRow) => Promise<Record<string, string | number | boolean | null>>
): Promise<CardKey> {
  const actor = await authorise(db, deps, via, creds, ACTION_OF[t])
  const key = { centreId: actor.centreId, serviceId, version }
  const centreVersion = await db.transaction(async (tx) => {
    // The service's versions are locked together: two publishes racing cannot leave two live.
    await serviceVersions(tx, actor.centreId, serviceId, { lock: true })
    const v = await mustGet(tx, key, true)
    const refusal = transitionRefusal(t, v.stage, v.card)
    if (refusal?.kind === 'illegal') throw new PortalError(409, 'illegal_transition', refusal.uk)
    if (refusal?.kind === 'not_publishable')
      throw new PortalError(409, 'not_publishable', refusal.uk, refusal.errors[0]?.path, refusal.errors)
    const extra = await inside(tx, key, actor)
    // Every transition changes what the centre's desks hold (a version enters or leaves testing,
    // becomes live, stops being live): a new catalogue revision, in this transaction (revision.ts).
    const changed = await catalogueChanged(tx, deps, actor.centreId)
    await audit(tx, deps, via, actor, t, key, { ...extra, catalogueRevision: changed.revision.revision })
    return changed.centreVersion
  })
  deps.nudges.published(actor.centreId, centreVersion)
  return key
}

/** Testing: the version is reachable by its test link (shown once here; only its hash is kept). */
export async function moveToTesting(
  db: PortalDb,
  deps: PortalDeps,
  via: WorkstationRow,
  creds: AdminCredentials,
  serviceId: string,
  version: number,
  validHours: number
): Promise<z.infer<typeof testLinkResponseSchema>> {
  const token = randomBytes(24).toString('base64url')
  const expiresAt = new Date(deps.clock().getTime() + validHours * 3_600_000)
  const key = await transition(db, deps, via, creds, serviceId, version, 'to_testing', async (tx, k, actor) => {
    await setCardStage(tx, k, 'testing', deps.clock(), actor.id)
    await insertTestLink(tx, k, { tokenHash: sha256Hex(token), now: deps.clock(), by: actor.id, expiresAt })
    return { expiresAt: expiresAt.toISOString() }
  })
  return {
    ...respond(await mustGet(db, key)),
    testLink: { token, url: testLinkUrl(deps, serviceId, token), expiresAt: expiresAt.toISOString() }
  }
}

/** The citizens' start page of a service in testing, opened with its token. */
export function testLinkUrl(deps: PortalDeps, serviceId: string, token: string): string {
  return `${deps.publicBaseUrl}/services/${encodeURIComponent(serviceId)}?test=${encodeURIComponent(token)}`
}

/** Publishing: this version becomes the live one; the previous live version stops being live, unchanged. */
export async function publishVersion(
  db: PortalDb,
  deps: PortalDeps,
  via: WorkstationRow,
  creds: AdminCredentials,
  serviceId: string,
  version: number
): Promise<CardVersionResponse> {
  const key = await transition(db, deps, via, creds, serviceId, version, 'publish', async (tx, k, actor) => {
    const previous = await supersedeLive(tx, k.centreId, k.serviceId, deps.clock())
    await setCardStage(tx, k, 'published', deps.clock(), actor.id)
    await revokeTestLinks(tx, k, deps.clock())
    return { previousLive: previous }
  })
  return respond(await mustGet(db, key))
}

export async function withdrawVersion(
  db: PortalDb,
  deps: PortalDeps,
  via: WorkstationRow,
  creds: AdminCredentials,
  serviceId: string,
  version: number
): Promise<CardVersionResponse> {
  const key = await transition(db, deps, via, creds, serviceId, version, 'withdraw', async (tx, k, actor) => {
    const wasLive = (await getCardVersion(tx, k))?.live ?? false
    await setCardStage(tx, k, 'withdrawn', deps.clock(), actor.id)
    return { wasLive }
  })
  return respond(await mustGet(db, key))
}

export async function backToDraft(
  db: PortalDb,
  deps: PortalDeps,
  via: WorkstationRow,
  creds: AdminCredentials,
  serviceId: string,
  version: number
): Promise<CardVersionResponse> {
  const key = await transition(db, deps, via, creds, serviceId, version, 'back_to_draft', async (tx, k, actor) => {
    await setCardStage(tx, k, 'draft', deps.clock(), actor.id)
    await revokeTestLinks(tx, k, deps.clock())
    return {}
  })
  return respond(await mustGet(db, key))
}

// ── import ──────────────────────────────────────────────────────────────

/**
 * Imports an exported card as a draft of this centre: a new service's version 1, or the next
 * version of one the centre has (refused while it has a draft or a version in testing). Answers the
 * publication errors and what differs from the centre's live version.
 */
export async function importCard(
  db: PortalDb,
  deps: PortalDeps,
  via: WorkstationRow,
  creds: AdminCredentials,
  file: unknown
): Promise<z.infer<typeof importResponseSchema>> {
  const actor = await authorise(db, deps, via, creds, 'import')
  const parsed = parseInput(cardExportSchema, file, 'file')
  const card = parsed.card
  const result = await db.transaction(async (tx) => {
    const versions = await serviceVersions(tx, actor.centreId, card.id, { lock: true })
    const open = nextVersionRefusal(versions.map((v) => v.stage))
    if (open) throw new PortalError(409, 'illegal_transition', open.uk, 'file.card.id')
    const key = { centreId: actor.centreId, serviceId: card.id, version: (versions[0]?.version ?? 0) + 1 }
    await insertDraft(tx, key, card, deps.clock(), actor.id)
    const live = await liveCard(tx, actor.centreId, card.id)
    const diff = live ? diffCards(live.card, card) : []
    await audit(tx, deps, via, actor, 'import', key, {
      fromVersion: parsed.version,
      differences: diff.length,
      againstLive: live?.version ?? null
    })
    return { key, live: live?.version ?? null, diff }
  })
  return { ...respond(await mustGet(db, result.key)), againstLiveVersion: result.live, diff: result.diff }
}
