import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DomainError } from '../../shared/result'
import { getService, getServiceVersion, listServices, loadCatalogueFile, seedCatalogue } from './catalogue-repository'
import { openDatabase } from './connection'
import { CATALOGUE_PATH, testCatalogue } from './test-fixtures'

describe('loadCatalogueFile', () => {
  it('reads the 30 services shipped in resources/catalog', () => {
    const services = loadCatalogueFile(CATALOGUE_PATH)
    expect(services).toHaveLength(30)
    expect(new Set(services.map((s) => s.id)).size).toBe(30)
  })

  it('refuses a file that is not a catalogue, saying which', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vikno-cat-'))
    try {
      const file = join(dir, 'services.json')
      writeFileSync(file, JSON.stringify({ about: '', services: [{ id: 'x' }] }))
      expect(() => loadCatalogueFile(file)).toThrow(DomainError)
      writeFileSync(file, '{ not json')
      expect(() => loadCatalogueFile(file)).toThrow(/Не вдалося прочитати каталог/)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('seedCatalogue', () => {
  it('stores the cards in catalogue order and returns them unchanged', () => {
    const db = openDatabase(':memory:')
    const services = testCatalogue()
    seedCatalogue(db, services)
    expect(listServices(db)).toEqual(services)
    expect(getService(db, 'id-card')).toEqual(services.find((s) => s.id === 'id-card'))
    expect(getService(db, 'no-such-service')).toBeNull()
  })

  it('is idempotent and versions a card only when its content changes', () => {
    const db = openDatabase(':memory:')
    const services = testCatalogue()
    seedCatalogue(db, services)
    seedCatalogue(db, services)
    expect(getServiceVersion(db, 'id-card')).toBe(1)
    expect(listServices(db)).toHaveLength(30)

    const changed = services.map((s) => (s.id === 'id-card' ? { ...s, term: { ...s.term, value: 10 } } : s))
    seedCatalogue(db, changed)
    expect(getServiceVersion(db, 'id-card')).toBe(2)
    expect(getServiceVersion(db, 'travel-passport')).toBe(1)
    expect(getService(db, 'id-card')?.term.value).toBe(10)
  })

  it('keeps cards that a newer catalogue no longer lists: applications refer to them', () => {
    const db = openDatabase(':memory:')
    seedCatalogue(db, testCatalogue())
    seedCatalogue(db, testCatalogue().slice(1))
    expect(listServices(db)).toHaveLength(30)
  })
})
