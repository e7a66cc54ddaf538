import type { PreparedChange, PreparedPage } from './prepared-page'

export interface PageUnit {
  changes: readonly PreparedChange[]
  /** The cursor stored with this unit: every change of the page up to it is in this unit or an earlier one. */
  cursor: number
  last: boolean
}

/**
 * Splits a page into units of about `max` changes. A unit ends only where the version changes, and
 * its cursor is its last version: every change at or below it is applied by then, because a page is
 * in version order and holds every change of its versions. Records the portal ships ahead of the
 * page (an event's application whose row moved on, version > nextCursor) go with the first unit.
 * An application's row can come later in the page than its older events (the row carries the
 * version of its latest change): such a record moves forward into the first unit that has one of
 * its events, because the events table refers to applications (the simulation found this, seed 3).
 * A page out of version order is applied whole, as one unit.
 */
export function pageUnits(page: Pick<PreparedPage, 'changes' | 'nextCursor'>, max: number): PageUnit[] {
  const ahead = page.changes.filter((c) => c.version > page.nextCursor)
  const inOrder = page.changes.filter((c) => c.version <= page.nextCursor)
  const sorted = inOrder.every((c, i) => i === 0 || (inOrder[i - 1] as PreparedChange).version <= c.version)
  if (page.changes.length <= max || !sorted || inOrder.length === 0) return [{ changes: page.changes, cursor: page.nextCursor, last: true }]
  const rowAt = new Map<string, number>()
  inOrder.forEach((c, i) => {
    if (c.type === 'application') rowAt.set(c.id, i)
  })
  const moved = new Set<number>()
  const units: PageUnit[] = []
  let start = 0
  while (start < inOrder.length) {
    let end = Math.min(start + max, inOrder.length)
    while (end < inOrder.length && (inOrder[end] as PreparedChange).version === (inOrder[end - 1] as PreparedChange).version) end++
    const last = end >= inOrder.length
    const changes: PreparedChange[] = []
    const early: PreparedChange[] = []
    for (let i = start; i < end; i++) {
      const c = inOrder[i] as PreparedChange
      if (moved.has(i)) continue
      changes.push(c)
      const row = c.type === 'event' ? rowAt.get(c.applicationId) : undefined
      if (row !== undefined && row >= end && !moved.has(row)) {
        moved.add(row)
        early.push(inOrder[row] as PreparedChange)
      }
    }
    const cursor = last ? page.nextCursor : (inOrder[end - 1] as PreparedChange).version
    units.push({ changes: [...(units.length === 0 ? ahead : []), ...early, ...changes], cursor, last })
    start = end
  }
  return units
}
