import { describe, expect, it } from 'vitest'
import { DEMO_CENTRE, DEMO_CLERKS } from '../../shared/demo/clerks'
import type { RosterClerk } from '../../shared/protocol'
import { upsertApplication } from './applications-repository'
import { readClerkRoster, replaceClerkRoster } from './clerk-roster-repository'
import { knownClerks } from './report-aggregates-repository'
import { putVerifier } from './session-repository'
import { demoItems, memoryDb } from './test-fixtures'

const OLENA = DEMO_CLERKS[0]!
const TARAS = DEMO_CLERKS[1]!
const PETRO = DEMO_CLERKS[3]!
const rosterOf = (...clerks: (typeof DEMO_CLERKS)[number][]): RosterClerk[] =>
  clerks.map((c) => ({ clerkId: c.clerkId, name: c.name, role: c.role }))

/** A database where Петро signed in, and Олена holds undecided applications (nobody else holds any). */
function desk() {
  const db = memoryDb()
  const records = demoItems(60, 3).map((i) => i.record)
  for (const r of records) {
    const undecided = r.decision === null
    upsertApplication(db, { ...r, holder: undecided ? { clerkId: OLENA.clerkId, name: OLENA.name, since: r.receivedAt } : null })
  }
  putVerifier(db, {
    login: PETRO.login,
    clerk: { clerkId: PETRO.clerkId, name: PETRO.name, role: PETRO.role, centreId: DEMO_CENTRE.id },
    verifier: 'scrypt$test',
    verifiedAt: '2026-03-02T09:00:00.000Z'
  })
  return db
}

describe('the centre roster (migration 013)', () => {
  it('keeps what the portal answered, replaced whole, with the time it was fetched; none fetched is null', () => {
    const db = memoryDb()
    expect(readClerkRoster(db)).toBeNull()
    replaceClerkRoster(db, rosterOf(OLENA, TARAS, PETRO), 1_000)
    expect(readClerkRoster(db)).toEqual({ clerks: rosterOf(OLENA, PETRO, TARAS), fetchedAtMs: 1_000 })
    replaceClerkRoster(db, rosterOf(PETRO), 2_000)
    expect(readClerkRoster(db)).toEqual({ clerks: rosterOf(PETRO), fetchedAtMs: 2_000 })
  })

  it('refuses a malformed roster and keeps the one it had, nothing half-written', () => {
    const db = memoryDb()
    replaceClerkRoster(db, rosterOf(OLENA, TARAS), 1_000)
    const bad = [...rosterOf(PETRO), { clerkId: 'x', name: 'Хтось', role: 'owner' }] as unknown as RosterClerk[]
    expect(() => replaceClerkRoster(db, bad, 2_000)).toThrow()
    const twice = [...rosterOf(PETRO), ...rosterOf(PETRO)]
    expect(() => replaceClerkRoster(db, twice, 3_000)).toThrow(/UNIQUE/)
    expect(readClerkRoster(db)).toEqual({ clerks: rosterOf(OLENA, TARAS), fetchedAtMs: 1_000 })
  })
})

describe('knownClerks with and without the roster', () => {
  it('without a roster: those who signed in here and the holders of undecided applications', () => {
    const db = desk()
    expect(knownClerks(db)).toEqual([
      { clerkId: OLENA.clerkId, name: OLENA.name, role: null },
      { clerkId: PETRO.clerkId, name: PETRO.name, role: 'supervisor' }
    ])
    // Тарас never signed in here and holds nothing: before the roster, never offered.
    expect(knownClerks(db).map((c) => c.clerkId)).not.toContain(TARAS.clerkId)
  })

  it('with a roster: every active clerk with their role, Тарас too (never here, holding nothing), by name', () => {
    const db = desk()
    replaceClerkRoster(db, rosterOf(...DEMO_CLERKS), 1_000)
    const expected = rosterOf(...DEMO_CLERKS).sort((a, b) => a.name.localeCompare(b.name, 'uk'))
    expect(knownClerks(db)).toEqual(expected)
    expect(knownClerks(db)).toContainEqual({ clerkId: TARAS.clerkId, name: TARAS.name, role: 'clerk' })
  })

  it('a clerk no longer on the roster (disabled) is not offered, even holding applications or having signed in here', () => {
    const db = desk()
    replaceClerkRoster(db, rosterOf(TARAS, DEMO_CLERKS[4]!), 1_000)
    const ids = knownClerks(db).map((c) => c.clerkId)
    expect(ids).not.toContain(OLENA.clerkId)
    expect(ids).not.toContain(PETRO.clerkId)
    expect(ids.sort()).toEqual([DEMO_CLERKS[4]!.clerkId, TARAS.clerkId].sort())
  })
})
