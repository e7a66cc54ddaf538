import Database from 'better-sqlite3-multiple-ciphers'
import { describe, expect, it } from 'vitest'
import { cardFromCatalogueService } from '../../../shared/catalogue/from-file'
import { catalogueRevision, getCardVersion, listLiveCards } from '../catalogue-repository'
import { migrate } from '../migrate'
import { testCatalogue } from '../test-fixtures'
import { MIGRATIONS } from './index'

describe('migration 015 (card versions on the desk)', () => {
  it('turns each stored file card into its live published version, leaves placeholders alone, and marks the catalogue as the file’s', () => {
    const db = new Database(':memory:')
    migrate(db, { migrations: MIGRATIONS.slice(0, 14) })
    const [first, second] = testCatalogue() as [ReturnType<typeof testCatalogue>[number], ReturnType<typeof testCatalogue>[number]]
    const insert = db.prepare(
      `INSERT INTO services (id, position, name_uk, name_en, category_uk, category_en, card_json, version, placeholder) VALUES (?, ?, ?, ?, '', '', ?, ?, ?)`
    )
    insert.run(first.id, 0, first.name_uk, first.name_en, JSON.stringify(first), 3, 0)
    insert.run(second.id, 1, second.name_uk, second.name_en, JSON.stringify(second), 1, 0)
    insert.run('unknown-yet', 2, 'unknown-yet', 'unknown-yet', JSON.stringify({ id: 'unknown-yet' }), 1, 1)
    expect(migrate(db, { migrations: MIGRATIONS.slice(0, 15) })).toEqual({ from: 14, to: 15 })
    expect(getCardVersion(db, first.id, 3)).toEqual({
      serviceId: first.id,
      version: 3,
      stage: 'published',
      live: true,
      card: cardFromCatalogueService(first)
    })
    expect(getCardVersion(db, second.id, 1)?.live).toBe(true)
    expect(getCardVersion(db, 'unknown-yet', 1)).toBeNull()
    expect(listLiveCards(db).map((c) => c.id)).toEqual([first.id, second.id])
    expect(catalogueRevision(db)).toBeNull()
  })
})
