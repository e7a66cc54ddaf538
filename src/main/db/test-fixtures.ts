import { fileURLToPath } from 'node:url'
import type { Service } from '../../shared/catalogue'
import { generateDemo, type DemoItem } from '../../shared/demo/generate'
import { DEFAULT_CALENDAR } from '../../shared/domain/calendar'
import { loadCatalogueFile, seedCatalogue } from './catalogue-repository'
import { openDatabase } from './connection'
import type { Db } from './sql'

/*
 * Shared by the tests of this folder: the real catalogue, a fixed clock and generated applications,
 * so tests exercise the data shapes the product sees.
 */

export const TEST_NOW = '2026-03-02T11:30:00+02:00'
export const CATALOGUE_PATH = fileURLToPath(new URL('../../../resources/catalog/services.json', import.meta.url))

let catalogue: Service[] | null = null
export function testCatalogue(): Service[] {
  catalogue ??= loadCatalogueFile(CATALOGUE_PATH)
  return catalogue
}

export function demoItems(count: number, seed = 7): DemoItem[] {
  return [...generateDemo({ seed, count, now: TEST_NOW, centreId: 'khm-cnap', services: testCatalogue(), calendar: DEFAULT_CALENDAR })]
}

/** A migrated in-memory database with the catalogue. */
export function memoryDb(): Db {
  const db = openDatabase(':memory:')
  seedCatalogue(db, testCatalogue())
  return db
}
