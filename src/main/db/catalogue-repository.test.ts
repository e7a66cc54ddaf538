import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DomainError } from '../../shared/result'
import type { Service } from '../../shared/catalogue'
import type { ServiceCard } from '../../shared/catalogue/card'
import type { DeskCatalogue } from '../../shared/catalogue/desk-catalogue'
import { cardFromCatalogueService } from '../../shared/catalogue/from-file'
import {
  catalogueRevision,
  getCardVersion,
  getService,
  getServiceVersion,
  listCardVersions,
  listLiveCards,
  listServices,
  loadCatalogueFile,
  replaceCatalogueFromPortal,
  seedCatalogue
} from './catalogue-repository'
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

describe('card versions on the desk (migration 015)', () => {
  const fromPortal = (revision: number, revisionId: string, cards: DeskCatalogue['cards']): DeskCatalogue => ({
    revision,
    revisionId,
    cards
  })
  const card = (base: Service, patch: Partial<ServiceCard> = {}): ServiceCard => ({ ...cardFromCatalogueService(base), ...patch })

  it('the catalogue file seeds version-1 published cards; a changed file card becomes the live version 2 and keeps version 1', () => {
    const db = openDatabase(':memory:')
    const services = testCatalogue()
    seedCatalogue(db, services)
    const idCard = services.find((s) => s.id === 'id-card')!
    expect(getCardVersion(db, 'id-card', 1)).toEqual({
      serviceId: 'id-card',
      version: 1,
      stage: 'published',
      live: true,
      card: cardFromCatalogueService(idCard)
    })
    expect(catalogueRevision(db)).toBeNull()
    seedCatalogue(
      db,
      services.map((s) => (s.id === 'id-card' ? { ...s, name_uk: 'ID-картка (нова)' } : s))
    )
    expect(getCardVersion(db, 'id-card', 1)?.live).toBe(false)
    expect(getCardVersion(db, 'id-card', 2)).toMatchObject({ live: true, card: { name_uk: 'ID-картка (нова)' } })
    expect(listLiveCards(db).find((c) => c.id === 'id-card')?.name_uk).toBe('ID-картка (нова)')
  })

  it('the portal catalogue replaces the file: versions, stages, the current row of each service, what the intake offers; the file no longer speaks', () => {
    const db = openDatabase(':memory:')
    const services = testCatalogue()
    seedCatalogue(db, services)
    const [a, b] = services as [Service, Service, ...Service[]]
    replaceCatalogueFromPortal(
      db,
      fromPortal(7, 'r7', [
        { serviceId: a.id, version: 1, stage: 'published', live: false, card: card(a) },
        { serviceId: a.id, version: 2, stage: 'published', live: true, card: card(a, { name_uk: 'Друга версія' }) },
        { serviceId: b.id, version: 1, stage: 'withdrawn', live: false, card: card(b) },
        { serviceId: 'new-service', version: 1, stage: 'testing', live: false, card: card(a, { id: 'new-service', name_uk: 'Нова' }) }
      ])
    )
    expect(catalogueRevision(db)).toEqual({ revision: 7, revisionId: 'r7' })
    const sentIds = new Set([a.id, b.id, 'new-service'])
    const versionsOfSent = listCardVersions(db).filter((c) => sentIds.has(c.serviceId))
    expect(versionsOfSent.map((c) => `${c.serviceId}@${c.version}:${c.stage}${c.live ? '*' : ''}`)).toEqual(
      [`${a.id}@1:published`, `${a.id}@2:published*`, `${b.id}@1:withdrawn`, 'new-service@1:testing'].sort()
    )
    expect(getService(db, a.id)?.name_uk).toBe('Друга версія')
    expect(getServiceVersion(db, a.id)).toBe(2)
    // Withdrawn and in-testing services keep their rows (applications name them) but are not offered.
    expect(getService(db, b.id)?.name_uk).toBe(b.name_uk)
    expect(getService(db, 'new-service')?.name_uk).toBe('Нова')
    expect(listLiveCards(db).map((c) => c.id)).toEqual([a.id])
    // A service the portal no longer sends keeps its versions for its applications, none live.
    const other = services[2]!
    expect(getCardVersion(db, other.id, 1)).toMatchObject({ live: false })
    // The file is read at every start; it must not undo the centre's catalogue.
    seedCatalogue(db, services)
    expect(getService(db, a.id)?.name_uk).toBe('Друга версія')
    expect(catalogueRevision(db)).toEqual({ revision: 7, revisionId: 'r7' })
  })

  it('refuses a catalogue that contradicts itself and leaves the desk as it was', () => {
    const db = openDatabase(':memory:')
    const services = testCatalogue()
    seedCatalogue(db, services)
    const a = services[0]!
    const before = listCardVersions(db)
    const twoLive = fromPortal(1, 'r1', [
      { serviceId: a.id, version: 1, stage: 'published', live: true, card: card(a) },
      { serviceId: a.id, version: 2, stage: 'published', live: true, card: card(a) }
    ])
    expect(() => replaceCatalogueFromPortal(db, twoLive)).toThrow(/Дві чинні версії/)
    const otherCard = fromPortal(1, 'r1', [{ serviceId: a.id, version: 1, stage: 'published', live: true, card: card(services[1]!) }])
    expect(() => replaceCatalogueFromPortal(db, otherCard)).toThrow(/Картка іншої послуги/)
    expect(listCardVersions(db)).toEqual(before)
    expect(catalogueRevision(db)).toBeNull()
  })
})
