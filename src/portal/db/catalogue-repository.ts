import type { CardStage, CardVersion, ServiceCard } from '../../shared/catalogue/card'
import type { CatalogueRevision, DeskCard, DeskCatalogue } from '../../shared/catalogue/desk-catalogue'
import type { StageCounts } from '../../shared/catalogue/lifecycle'
import type { Queryable } from './portal-db'
import { jsonParam } from './sql'

/*
 * The centres' service cards, version by version (migration 11; the lifecycle's rules are
 * src/shared/catalogue/lifecycle.ts, the handlers catalogue/staff.ts and catalogue/public.ts). All
 * SQL of the catalogue is here. The database keeps the invariants the handlers rely on: one live
 * version per service, one version being worked on, no change to a card that left the draft.
 */

export interface CardKey {
  centreId: string
  serviceId: string
  version: number
}

interface Row {
  serviceId: string
  version: number
  stage: CardStage
  card: ServiceCard
  createdAt: Date | string
  createdBy: string | null
  updatedAt: Date | string
  testingAt: Date | string | null
  testingBy: string | null
  publishedAt: Date | string | null
  publishedBy: string | null
  supersededAt: Date | string | null
  withdrawnAt: Date | string | null
  withdrawnBy: string | null
}

const COLUMNS = `service_id AS "serviceId", version, stage, card, created_at AS "createdAt", created_by AS "createdBy",
  updated_at AS "updatedAt", testing_at AS "testingAt", testing_by AS "testingBy", published_at AS "publishedAt",
  published_by AS "publishedBy", superseded_at AS "supersededAt", withdrawn_at AS "withdrawnAt", withdrawn_by AS "withdrawnBy"`

const iso = (d: Date | string): string => (d instanceof Date ? d.toISOString() : new Date(d).toISOString())
const isoOrNull = (d: Date | string | null): string | null => (d === null ? null : iso(d))

function toVersion(r: Row): CardVersion {
  return {
    serviceId: r.serviceId,
    version: Number(r.version),
    stage: r.stage,
    live: r.stage === 'published' && r.supersededAt === null,
    card: r.card,
    createdAt: iso(r.createdAt),
    createdBy: r.createdBy,
    testingAt: isoOrNull(r.testingAt),
    testingBy: r.testingBy,
    publishedAt: isoOrNull(r.publishedAt),
    publishedBy: r.publishedBy,
    withdrawnAt: isoOrNull(r.withdrawnAt),
    withdrawnBy: r.withdrawnBy,
    updatedAt: iso(r.updatedAt)
  }
}

/**
 * The catalogue file's cards as published version 1 of each service the centre has never had a
 * version of. Idempotent (several processes starting at once insert each row once). Returns how many were new.
 */
export async function seedCentreCatalogue(q: Queryable, centreId: string, cards: readonly ServiceCard[], now: Date): Promise<number> {
  if (cards.length === 0) return 0
  const rows = await q.query<{ serviceId: string }>(
    `INSERT INTO service_card_versions (centre_id, service_id, version, stage, card, created_at, updated_at, published_at)
     SELECT $1, x ->> 'id', 1, 'published', x, $3, $3, $3
       FROM jsonb_array_elements($2::jsonb) AS x
      WHERE NOT EXISTS (SELECT 1 FROM service_card_versions v WHERE v.centre_id = $1 AND v.service_id = x ->> 'id')
     ON CONFLICT DO NOTHING
     RETURNING service_id AS "serviceId"`,
    [centreId, jsonParam(cards), now]
  )
  return rows.length
}

/** Whether the centre has any card version at all (a centre created after the portal started has none). */
export async function centreHasCatalogue(q: Queryable, centreId: string): Promise<boolean> {
  const rows = await q.query<{ one: number }>('SELECT 1 AS one FROM service_card_versions WHERE centre_id = $1 LIMIT 1', [centreId])
  return rows.length > 0
}

export async function allCentreIds(q: Queryable): Promise<string[]> {
  const rows = await q.query<{ id: string }>('SELECT id FROM centres ORDER BY id')
  return rows.map((r) => r.id)
}

/** The centre's versions, newest first within a service; only those at `stage` when given. */
export async function listCardVersions(q: Queryable, centreId: string, stage: CardStage | null): Promise<CardVersion[]> {
  const rows = await q.query<Row>(
    `SELECT ${COLUMNS} FROM service_card_versions WHERE centre_id = $1 AND ($2::text IS NULL OR stage = $2)
      ORDER BY service_id, version DESC`,
    [centreId, stage]
  )
  return rows.map(toVersion)
}

/** Services with a live version, versions in testing, drafts, withdrawn versions. */
export async function cardStageCounts(q: Queryable, centreId: string): Promise<StageCounts> {
  const rows = await q.query<{ published: number; testing: number; draft: number; withdrawn: number }>(
    `SELECT count(*) FILTER (WHERE stage = 'published' AND superseded_at IS NULL)::int AS published,
            count(*) FILTER (WHERE stage = 'testing')::int AS testing,
            count(*) FILTER (WHERE stage = 'draft')::int AS draft,
            count(*) FILTER (WHERE stage = 'withdrawn')::int AS withdrawn
       FROM service_card_versions WHERE centre_id = $1`,
    [centreId]
  )
  const r = rows[0]
  return { published: r?.published ?? 0, testing: r?.testing ?? 0, draft: r?.draft ?? 0, withdrawn: r?.withdrawn ?? 0 }
}

export async function getCardVersion(q: Queryable, key: CardKey, opts: { lock?: boolean } = {}): Promise<CardVersion | null> {
  const rows = await q.query<Row>(
    `SELECT ${COLUMNS} FROM service_card_versions WHERE centre_id = $1 AND service_id = $2 AND version = $3${opts.lock ? ' FOR UPDATE' : ''}`,
    [key.centreId, key.serviceId, key.version]
  )
  const r = rows[0]
  return r ? toVersion(r) : null
}

/** Every version of one service, newest first, locked when asked (a new version is decided on them). */
export async function serviceVersions(
  q: Queryable,
  centreId: string,
  serviceId: string,
  opts: { lock?: boolean } = {}
): Promise<CardVersion[]> {
  const rows = await q.query<Row>(
    `SELECT ${COLUMNS} FROM service_card_versions WHERE centre_id = $1 AND service_id = $2 ORDER BY version DESC${opts.lock ? ' FOR UPDATE' : ''}`,
    [centreId, serviceId]
  )
  return rows.map(toVersion)
}

/** The live version of each service of the centre (what citizens see), by service id. */
export async function liveCards(q: Queryable, centreId: string): Promise<CardVersion[]> {
  const rows = await q.query<Row>(
    `SELECT ${COLUMNS} FROM service_card_versions WHERE centre_id = $1 AND stage = 'published' AND superseded_at IS NULL ORDER BY service_id`,
    [centreId]
  )
  return rows.map(toVersion)
}

export async function liveCard(q: Queryable, centreId: string, serviceId: string): Promise<CardVersion | null> {
  const rows = await q.query<Row>(
    `SELECT ${COLUMNS} FROM service_card_versions
      WHERE centre_id = $1 AND service_id = $2 AND stage = 'published' AND superseded_at IS NULL`,
    [centreId, serviceId]
  )
  const r = rows[0]
  return r ? toVersion(r) : null
}

export async function insertDraft(q: Queryable, key: CardKey, card: ServiceCard, now: Date, by: string): Promise<void> {
  await q.query(
    `INSERT INTO service_card_versions (centre_id, service_id, version, stage, card, created_at, created_by, updated_at, updated_by)
     VALUES ($1, $2, $3, 'draft', $4::jsonb, $5, $6, $5, $6)`,
    [key.centreId, key.serviceId, key.version, jsonParam(card), now, by]
  )
}

/** Replaces a draft's card (the trigger refuses it for any other stage). */
export async function updateDraftCard(q: Queryable, key: CardKey, card: ServiceCard, now: Date, by: string): Promise<void> {
  await q.query(
    `UPDATE service_card_versions SET card = $4::jsonb, updated_at = $5, updated_by = $6
      WHERE centre_id = $1 AND service_id = $2 AND version = $3 AND stage = 'draft'`,
    [key.centreId, key.serviceId, key.version, jsonParam(card), now, by]
  )
}

/** Moves a version to `to`, noting who and when for that step. */
export async function setCardStage(q: Queryable, key: CardKey, to: CardStage, now: Date, by: string): Promise<void> {
  const step =
    to === 'testing'
      ? 'testing_at = $5, testing_by = $6'
      : to === 'published'
        ? 'published_at = $5, published_by = $6'
        : to === 'withdrawn'
          ? 'withdrawn_at = $5, withdrawn_by = $6'
          : 'testing_at = NULL, testing_by = NULL'
  await q.query(
    `UPDATE service_card_versions SET stage = $4, updated_at = $5, updated_by = $6, ${step}
      WHERE centre_id = $1 AND service_id = $2 AND version = $3`,
    [key.centreId, key.serviceId, key.version, to, now, by]
  )
}

/** The service's live version stops being live (a newer one is published); it stays published and unchanged. */
export async function supersedeLive(q: Queryable, centreId: string, serviceId: string, now: Date): Promise<number | null> {
  const rows = await q.query<{ version: number }>(
    `UPDATE service_card_versions SET superseded_at = $3
      WHERE centre_id = $1 AND service_id = $2 AND stage = 'published' AND superseded_at IS NULL
      RETURNING version`,
    [centreId, serviceId, now]
  )
  return rows[0] ? Number(rows[0].version) : null
}

// ── the desks' catalogue (issue 17, item 5; migration 13) ───────────────

/**
 * The next revision of the centre's catalogue, with a new random id (the first is 1). The caller's
 * transaction also holds the change it counts (catalogue/revision.ts).
 */
export async function bumpCatalogueRevision(q: Queryable, centreId: string, revisionId: string): Promise<CatalogueRevision> {
  const rows = await q.query<{ revision: number | string; revisionId: string }>(
    `INSERT INTO catalogue_revisions (centre_id, revision, revision_id) VALUES ($1, 1, $2)
     ON CONFLICT (centre_id) DO UPDATE SET revision = catalogue_revisions.revision + 1, revision_id = EXCLUDED.revision_id
     RETURNING revision, revision_id AS "revisionId"`,
    [centreId, revisionId]
  )
  const r = rows[0]
  if (!r) throw new Error(`bumpCatalogueRevision: no row for ${centreId}`)
  return { revision: Number(r.revision), revisionId: r.revisionId }
}

/** The centre's catalogue revision in the caller's snapshot; null for a centre that has no catalogue yet. */
export async function catalogueRevisionOf(q: Queryable, centreId: string): Promise<CatalogueRevision | null> {
  const rows = await q.query<{ revision: number | string; revisionId: string }>(
    'SELECT revision, revision_id AS "revisionId" FROM catalogue_revisions WHERE centre_id = $1',
    [centreId]
  )
  const r = rows[0]
  return r ? { revision: Number(r.revision), revisionId: r.revisionId } : null
}

/**
 * The centre's catalogue as its desks hold it (shared/catalogue/desk-catalogue.ts), in the caller's
 * snapshot: every version that is not a draft, services in `order` (the catalogue file's order; the
 * others after it by id), versions ascending. Null for a centre without a revision.
 */
export async function deskCatalogue(q: Queryable, centreId: string, order: readonly string[]): Promise<DeskCatalogue | null> {
  const revision = await catalogueRevisionOf(q, centreId)
  if (!revision) return null
  const rows = await q.query<{ serviceId: string; version: number | string; stage: DeskCard['stage']; live: boolean; card: ServiceCard }>(
    `SELECT service_id AS "serviceId", version, stage, (stage = 'published' AND superseded_at IS NULL) AS live, card
       FROM service_card_versions WHERE centre_id = $1 AND stage <> 'draft'
      ORDER BY array_position($2::text[], service_id) NULLS LAST, service_id, version`,
    [centreId, order]
  )
  return {
    ...revision,
    cards: rows.map((r) => ({ serviceId: r.serviceId, version: Number(r.version), stage: r.stage, live: r.live, card: r.card }))
  }
}

// ── test links ──────────────────────────────────────────────────────────

export async function insertTestLink(
  q: Queryable,
  key: CardKey,
  l: { tokenHash: string; now: Date; by: string; expiresAt: Date }
): Promise<void> {
  await q.query(
    `INSERT INTO service_test_links (centre_id, service_id, version, token_hash, created_at, created_by, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [key.centreId, key.serviceId, key.version, l.tokenHash, l.now, l.by, l.expiresAt]
  )
}

/** The version a test link opens: unrevoked, unexpired, and the version still in testing; else null. */
export async function testLinkTarget(q: Queryable, tokenHash: string, now: Date): Promise<CardKey | null> {
  const rows = await q.query<{ centreId: string; serviceId: string; version: number }>(
    `SELECT l.centre_id AS "centreId", l.service_id AS "serviceId", l.version
       FROM service_test_links l
       JOIN service_card_versions v ON v.centre_id = l.centre_id AND v.service_id = l.service_id AND v.version = l.version
      WHERE l.token_hash = $1 AND l.revoked_at IS NULL AND l.expires_at > $2 AND v.stage = 'testing'`,
    [tokenHash, now]
  )
  const r = rows[0]
  return r ? { centreId: r.centreId, serviceId: r.serviceId, version: Number(r.version) } : null
}

export async function revokeTestLinks(q: Queryable, key: CardKey, now: Date): Promise<void> {
  await q.query(
    `UPDATE service_test_links SET revoked_at = $4 WHERE centre_id = $1 AND service_id = $2 AND version = $3 AND revoked_at IS NULL`,
    [key.centreId, key.serviceId, key.version, now]
  )
}

// ── applications' versions ──────────────────────────────────────────────

export async function applicationServiceVersion(
  q: Queryable,
  orderNumber: string
): Promise<{ centreId: string; serviceId: string; serviceVersion: number; isTest: boolean } | null> {
  const rows = await q.query<{ centreId: string; serviceId: string; serviceVersion: number; isTest: boolean }>(
    `SELECT centre_id AS "centreId", record ->> 'serviceId' AS "serviceId", service_version AS "serviceVersion", is_test AS "isTest"
       FROM applications WHERE order_number = $1`,
    [orderNumber]
  )
  const r = rows[0]
  return r ? { ...r, serviceVersion: Number(r.serviceVersion) } : null
}
