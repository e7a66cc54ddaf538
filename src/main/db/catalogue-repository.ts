import { readFileSync } from 'node:fs'
import { catalogueFileSchema, type Service } from '../../shared/catalogue'
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
 * Inserts or updates every card; running it again with the same cards changes nothing. A card
 * whose content changed gets version + 1 (cards are versioned, domain.md). Cards missing from
 * `services` are kept: applications refer to them.
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
       placeholder = 0
     WHERE services.card_json IS NOT excluded.card_json OR services.position IS NOT excluded.position OR services.placeholder = 1`
  )
  db.transaction(() => {
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
    })
  })()
}

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
