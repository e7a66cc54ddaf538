import { describe, expect, it } from 'vitest'
import type { ApplicationRows, EventRow } from '../db/application-rows'
import { pageUnits } from './page-units'
import type { PreparedChange, PreparedPage } from './prepared-page'

describe('pageUnits: a page applied in bounded units', () => {
  // Only what pageUnits reads: type, version and the ids (the rows are never looked at).
  const app = (id: string, version: number): PreparedChange => ({
    type: 'application',
    version,
    id,
    status: 'registered',
    channel: 'portal',
    rows: {} as ApplicationRows,
    attachments: []
  })
  const event = (id: string, applicationId: string, version: number): PreparedChange => ({
    type: 'event',
    version,
    id,
    applicationId,
    row: [] as unknown as EventRow
  })
  const page = (changes: PreparedChange[], nextCursor: number): PreparedPage => ({
    changes,
    nextCursor,
    hasMore: true,
    lastSeq: 0,
    reset: false,
    behind: false
  })

  it('never splits a version, stores each unit’s last version as its cursor and the page’s cursor last', () => {
    const units = pageUnits(
      page([app('a', 1), event('e1', 'a', 1), event('e2', 'a', 1), app('b', 2), event('e3', 'b', 2), app('c', 3)], 5),
      2
    )
    expect(units.map((u) => u.changes.length)).toEqual([3, 2, 1])
    expect(units.map((u) => u.cursor)).toEqual([1, 2, 5])
    expect(units.map((u) => u.last)).toEqual([false, false, true])
  })

  it('moves an application’s row forward to the unit of its first event (sim seed 3: FOREIGN KEY failure after splitting)', () => {
    // X's row carries version 4 (its latest change); its older event is at version 1.
    const units = pageUnits(page([event('e1', 'x', 1), app('y', 2), event('e2', 'y', 2), app('x', 4), event('e3', 'x', 4)], 4), 1)
    const seen = new Set<string>()
    for (const unit of units) {
      for (const c of unit.changes) if (c.type === 'application') seen.add(c.id)
      for (const c of unit.changes)
        if (c.type === 'event') expect(seen.has(c.applicationId), `event ${c.id} before its application`).toBe(true)
    }
    expect(units.flatMap((u) => u.changes)).toHaveLength(5)
  })

  it('records the portal ships ahead of the page go with the first unit; the cursor never passes them', () => {
    const units = pageUnits(page([app('z', 9), event('e1', 'z', 1), app('a', 2), event('e2', 'a', 2)], 2), 1)
    expect(units[0]?.changes.map((c) => c.version)).toEqual([9, 1])
    expect(units.map((u) => u.cursor)).toEqual([1, 2])
  })
})
