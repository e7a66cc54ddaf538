import { readFileSync } from 'node:fs'
import { catalogueFileSchema, type Service } from '../../shared/catalogue'
import type { ServiceCard } from '../../shared/catalogue/card'
import {
  currentDeskCard,
  deskCatalogueSchema,
  type CatalogueRevision,
  type DeskCard,
  type DeskCatalogue
} from '../../shared/catalogue/desk-catalogue'
import { cardFromCatalogueService, serviceFromCard } from '../../shared/catalogue/from-file'
import { DomainError, zodToAppError } from '../../shared/result'
import { getStoredJson, prepared, type Db } from './sql'

/** Reads and verifies resources/catalog/services.json (or a centre's own copy of it). */
export function loadCatalogueFile(path: string): Service[] {
  let json: unknown
  try {
    json = JSON.parse(readFileSync(path, 'utf8'))
  } catch (error) {
    throw new DomainError('invalid_input', `Не вдалося прочитати каталог послуг ${path}: ${(error as Error).message}`)
  }
  const parsed = catalogueFileSchema.safeParse(json)
  if (!parsed.success) throw new DomainError('invalid_input', `Каталог послуг ${path}: ${zodToAppError(parsed.error).message}`)
  return parsed.data.services
}

/**
 * Inserts or updates every card of the catalogue file; running it again with the same cards changes
 * nothing. A card whose content changed gets version + 1 (cards are versioned, domain.md), kept in
 * service_cards as the live version beside the earlier ones. Cards missing from `services` are kept:
 * applications refer to them. Once the portal's catalogue has reached this desk (catalogue_state
 * 'portal', replaceCatalogueFromPortal) the file no longer speaks: the centre's published cards rule.
 */
export function seedCatalogue(db: Db, services: readonly Service[]): void {
  const upsert = prepared(
    db,
    `INSERT INTO services (id, position, national_code, name_uk, name_en, category_uk, category_en, term_value, term_unit, verified, card_json, placeholder)
     VALUES (@id, @position, @national_code, @name_uk, @name_en, @category_uk, @category_en, @term_value, @term_unit, @verified, @card_json, 0)
     ON CONFLICT(id) DO UPDATE SET
       position = excluded.position,
       national_code = excluded.national_code,
       name_uk = excluded.name_uk,
       name_en = excluded.name_en,
       category_uk = excluded.category_uk,
       category_en = excluded.category_en,
       term_value = excluded.term_value,
       term_unit = excluded.term_unit,
       verified = excluded.verified,
       version = CASE
         WHEN services.placeholder = 1 THEN 1
         WHEN services.card_json IS NOT excluded.card_json THEN services.version + 1
         ELSE services.version
       END,
       card_json = excluded.card_json,
       placeholder = 0,
       listed = 1
     WHERE services.card_json IS NOT excluded.card_json OR services.position IS NOT excluded.position OR services.placeholder = 1`
  )
  db.transaction(() => {
    if (catalogueSource(db) === 'portal') return
    services.forEach((s, position) => {
      upsert.run({
        id: s.id,
        position,
        national_code: s.national_code,
        name_uk: s.name_uk,
        name_en: s.name_en,
        category_uk: s.category_uk,
        category_en: s.category_en,
        term_value: s.term.value,
        term_unit: s.term.unit,
        verified: s.verified ? 1 : 0,
        card_json: JSON.stringify(s)
      })
      const version = getServiceVersion(db, s.id) ?? 1
      putLiveVersion(db, s.id, version, cardFromCatalogueService(s))
    })
  })()
}

function putLiveVersion(db: Db, serviceId: string, version: number, card: ServiceCard): void {
  prepared(db, 'UPDATE service_cards SET live = 0 WHERE service_id = ? AND live = 1 AND version <> ?').run(serviceId, version)
  prepared(
    db,
    `INSERT INTO service_cards (service_id, version, stage, live, card_json) VALUES (?, ?, 'published', 1, ?)
     ON CONFLICT(service_id, version) DO UPDATE SET stage = 'published', live = 1, card_json = excluded.card_json`
  ).run(serviceId, version, JSON.stringify(card))
}

function catalogueSource(db: Db): 'file' | 'portal' {
  const row = prepared<{ source: 'file' | 'portal' }>(db, 'SELECT source FROM catalogue_state WHERE id = 1').get()
  return row?.source ?? 'file'
}

/** The revision of the centre's catalogue this desk holds; null while it holds the catalogue file's cards. */
export function catalogueRevision(db: Db): CatalogueRevision | null {
  const row = prepared<{ revision: number | null; revision_id: string | null }>(
    db,
    "SELECT revision, revision_id FROM catalogue_state WHERE id = 1 AND source = 'portal'"
  ).get()
  return row && row.revision !== null && row.revision_id !== null ? { revision: row.revision, revisionId: row.revision_id } : null
}

/**
 * Replaces the desk's card versions with the centre's catalogue as the portal sent it, in one
 * transaction (the caller's, when it applies a pull page in one): service_cards becomes exactly
 * `catalogue.cards`; each service's row in `services` follows its current version (the live one,
 * else the newest held) and is listed only while a version is live; a service the portal no longer
 * sends keeps its row (applications refer to it), unlisted, and its versions stay readable.
 */
export function replaceCatalogueFromPortal(db: Db, catalogue: DeskCatalogue): void {
  const parsed = deskCatalogueSchema.parse(catalogue)
  const upsertService = prepared(
    db,
    `INSERT INTO services (id, position, national_code, name_uk, name_en, category_uk, category_en, term_value, term_unit, verified, card_json, version, placeholder, listed)
     VALUES (@id, @position, @national_code, @name_uk, @name_en, @category_uk, @category_en, @term_value, @term_unit, @verified, @card_json, @version, 0, @listed)
     ON CONFLICT(id) DO UPDATE SET
       position = excluded.position, national_code = excluded.national_code, name_uk = excluded.name_uk, name_en = excluded.name_en,
       category_uk = excluded.category_uk, category_en = excluded.category_en, term_value = excluded.term_value,
       term_unit = excluded.term_unit, verified = excluded.verified, card_json = excluded.card_json, version = excluded.version,
       placeholder = 0, listed = excluded.listed`
  )
  db.transaction(() => {
    const sent = new Set(parsed.cards.map((c) => c.serviceId))
    // Versions the portal no longer sends are kept only for services it no longer sends at all
    // (their applications still name them); a service it sends is exactly what it sends.
    const held = prepared<{ service_id: string }>(db, 'SELECT DISTINCT service_id FROM service_cards').all()
    for (const { service_id } of held) {
      if (sent.has(service_id)) prepared(db, 'DELETE FROM service_cards WHERE service_id = ?').run(service_id)
      else prepared(db, 'UPDATE service_cards SET live = 0 WHERE service_id = ?').run(service_id)
    }
    prepared(db, 'UPDATE services SET listed = 0').run()
    const insert = prepared(db, 'INSERT INTO service_cards (service_id, version, stage, live, card_json) VALUES (?, ?, ?, ?, ?)')
    // Services in the order the portal sends their first version (it sends the catalogue's order).
    const order = [...sent]
    order.forEach((serviceId, position) => {
      const current = currentDeskCard(parsed.cards, serviceId)
      if (current === null) return
      const s = serviceFromCard(current.card)
      upsertService.run({
        id: serviceId,
        position,
        national_code: s.national_code,
        name_uk: s.name_uk,
        name_en: s.name_en,
        category_uk: s.category_uk,
        category_en: s.category_en,
        term_value: s.term.value,
        term_unit: s.term.unit,
        verified: s.verified ? 1 : 0,
        card_json: JSON.stringify(s),
        version: current.version,
        listed: current.live ? 1 : 0
      })
    })
    // After the services' rows: the versions refer to them.
    for (const c of parsed.cards) insert.run(c.serviceId, c.version, c.stage, c.live ? 1 : 0, JSON.stringify(c.card))
    prepared(db, "UPDATE catalogue_state SET source = 'portal', revision = ?, revision_id = ? WHERE id = 1").run(
      parsed.revision,
      parsed.revisionId
    )
  })()
}

/** One version of a card as this desk holds it; null when it does not (yet) hold that version. */
export function getCardVersion(db: Db, serviceId: string, version: number): DeskCard | null {
  const row = prepared<{ stage: DeskCard['stage']; live: number; card_json: string }>(
    db,
    'SELECT stage, live, card_json FROM service_cards WHERE service_id = ? AND version = ?'
  ).get(serviceId, version)
  return row ? { serviceId, version, stage: row.stage, live: row.live === 1, card: JSON.parse(row.card_json) as ServiceCard } : null
}

/** The live version of one service's card (the one the intake registers under); null when none is live. */
export function getLiveCard(db: Db, serviceId: string): DeskCard | null {
  const row = prepared<{ version: number; stage: DeskCard['stage']; card_json: string }>(
    db,
    'SELECT version, stage, card_json FROM service_cards WHERE service_id = ? AND live = 1'
  ).get(serviceId)
  return row ? { serviceId, version: row.version, stage: row.stage, live: true, card: JSON.parse(row.card_json) as ServiceCard } : null
}

/** The live card of each listed service with its version, in the catalogue's order: what the desk's intake offers. */
export function listLiveCardVersions(db: Db): DeskCard[] {
  return prepared<{ service_id: string; version: number; stage: DeskCard['stage']; card_json: string }>(
    db,
    `SELECT c.service_id, c.version, c.stage, c.card_json FROM services s JOIN service_cards c ON c.service_id = s.id AND c.live = 1
     WHERE s.placeholder = 0 AND s.listed = 1 ORDER BY s.position, s.id`
  )
    .all()
    .map((r) => ({ serviceId: r.service_id, version: r.version, stage: r.stage, live: true, card: JSON.parse(r.card_json) as ServiceCard }))
}

/**
 * The card an application is shown, judged and printed against: the version it was registered
 * under (`held`), or — while this desk does not hold that version yet — the service's current one
 * (the live, else the newest), which the screens mark as such. null when the desk holds no version.
 */
export function applicationCard(db: Db, serviceId: string, version: number): { card: DeskCard; held: boolean } | null {
  const exact = getCardVersion(db, serviceId, version)
  if (exact) return { card: exact, held: true }
  const versions = prepared<{ version: number; stage: DeskCard['stage']; live: number; card_json: string }>(
    db,
    'SELECT version, stage, live, card_json FROM service_cards WHERE service_id = ?'
  )
    .all(serviceId)
    .map((r) => ({ serviceId, version: r.version, stage: r.stage, live: r.live === 1, card: JSON.parse(r.card_json) as ServiceCard }))
  const current = currentDeskCard(versions, serviceId)
  return current ? { card: current, held: false } : null
}

/**
 * The service as an application is shown, judged and printed (name, term, documents, fee, result):
 * its card version (applicationCard), the legacy row only where the desk holds no card at all.
 */
export function applicationService(db: Db, record: { serviceId: string; serviceVersion: number }): Service | null {
  const held = applicationCard(db, record.serviceId, record.serviceVersion)
  return held ? serviceFromCard(held.card.card) : getService(db, record.serviceId)
}

/** Every card version this desk holds, by service and version (the simulation compares desks with it). */
export function listCardVersions(db: Db): DeskCard[] {
  return prepared<{ service_id: string; version: number; stage: DeskCard['stage']; live: number; card_json: string }>(
    db,
    'SELECT service_id, version, stage, live, card_json FROM service_cards ORDER BY service_id, version'
  )
    .all()
    .map((r) => ({
      serviceId: r.service_id,
      version: r.version,
      stage: r.stage,
      live: r.live === 1,
      card: JSON.parse(r.card_json) as ServiceCard
    }))
}

/** The live card of each listed service, in the catalogue's order: what the desk's intake offers. */
export function listLiveCards(db: Db): ServiceCard[] {
  return prepared<{ card_json: string }>(
    db,
    `SELECT c.card_json FROM services s JOIN service_cards c ON c.service_id = s.id AND c.live = 1
     WHERE s.placeholder = 0 AND s.listed = 1 ORDER BY s.position, s.id`
  )
    .all()
    .map((r) => JSON.parse(r.card_json) as ServiceCard)
}

/** Every service the desk knows, offered or not (queue filters and reports name withdrawn ones too). */
export function listServices(db: Db): Service[] {
  return prepared<{ card_json: string }>(db, 'SELECT card_json FROM services WHERE placeholder = 0 ORDER BY position, id')
    .all()
    .map((r) => JSON.parse(r.card_json) as Service)
}

export function getService(db: Db, id: string): Service | null {
  return getStoredJson<Service>(db, 'SELECT card_json AS json FROM services WHERE id = ? AND placeholder = 0', id)
}

/** Version of a card as stored (1 for a new card, +1 at every change); null when unknown. */
export function getServiceVersion(db: Db, id: string): number | null {
  const row = prepared<{ version: number }>(db, 'SELECT version FROM services WHERE id = ? AND placeholder = 0').get(id)
  return row?.version ?? null
}

/**
 * Makes sure an application's service has a row, so that a record from the portal naming a card
 * this workstation's catalogue does not have yet is stored instead of failing the foreign key —
 * a pull that fails on every retry is a sync queue that silently stops (sync.md). The row is a
 * placeholder (never listed, never returned by getService) until seedCatalogue brings the card.
 */
export function ensureServiceRow(db: Db, id: string): void {
  if (prepared(db, 'SELECT 1 FROM services WHERE id = ?').get(id) !== undefined) return
  prepared(
    db,
    `INSERT INTO services (id, position, name_uk, name_en, category_uk, category_en, card_json, placeholder)
     VALUES (@id, 1000000, @id, @id, '', '', @card_json, 1)
     ON CONFLICT(id) DO NOTHING`
  ).run({ id, card_json: JSON.stringify(placeholderCard(id)) })
}

function placeholderCard(id: string): Service {
  return {
    id,
    national_code: null,
    name_uk: id,
    name_en: id,
    category_uk: '',
    category_en: '',
    term: { value: null, unit: null },
    fee: { kind: null, amount_uah: null, share_of_subsistence: null },
    documents: [],
    outcomes: [],
    refusal_grounds_uk: [],
    stages: [],
    result_uk: null,
    result_en: null,
    verified: false
  }
}
