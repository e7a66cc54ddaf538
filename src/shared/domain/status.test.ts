import { describe, expect, it } from 'vitest'
import {
  canTransition,
  citizenBucket,
  CLOSED_STATUSES,
  isClosed,
  termRuns,
  STATUS_LABELS_UK,
  STATUSES,
  TRANSITIONS,
  type CitizenBucket,
  type Status
} from './status'

const LEGAL: ReadonlyArray<[Status, Status]> = STATUSES.flatMap((from) => TRANSITIONS[from].map((to): [Status, Status] => [from, to]))
const ILLEGAL: ReadonlyArray<[Status, Status]> = STATUSES.flatMap((from) =>
  STATUSES.filter((to) => !TRANSITIONS[from].includes(to)).map((to): [Status, Status] => [from, to])
)

describe('TRANSITIONS', () => {
  // Written out by hand from domain.md so that an accidental edit of status.ts shows up here.
  it.each<[Status, Status]>([
    ['registered', 'in_review'],
    ['in_review', 'registered'], // a clerk returns a claimed case to the queue
    ['in_review', 'needs_correction'],
    ['in_review', 'forwarded'],
    ['in_review', 'result_ready'],
    ['in_review', 'refused'],
    ['in_review', 'returned'],
    ['needs_correction', 'in_review'], // the applicant answered
    ['needs_correction', 'registered'], // the applicant answered while nobody held it
    ['needs_correction', 'returned'],
    ['forwarded', 'result_ready'],
    ['forwarded', 'refused'],
    ['result_ready', 'issued'],
    ['result_ready', 'not_collected']
  ])('allows %s → %s', (from, to) => {
    expect(canTransition(from, to)).toBe(true)
  })

  it('has exactly the edges listed above', () => {
    // Every edge of the machine is in the table, and nothing else: a new edge must be added here on purpose.
    const edges = Object.entries(TRANSITIONS).flatMap(([from, tos]) => tos.map((to) => `${from}→${to}`))
    expect(edges.sort()).toEqual(LEGAL.map(([from, to]) => `${from}→${to}`).sort())
  })

  it.each(LEGAL)('every edge in the table is allowed: %s → %s', (from, to) => {
    expect(canTransition(from, to)).toBe(true)
  })

  it.each<[Status, Status]>([
    ['registered', 'issued'],
    ['registered', 'result_ready'],
    ['registered', 'refused'], // a refusal needs a clerk who reviewed it
    ['registered', 'forwarded'],
    ['needs_correction', 'forwarded'], // the clock is paused: answer first
    ['needs_correction', 'refused'],
    ['forwarded', 'issued'],
    ['forwarded', 'in_review'],
    ['result_ready', 'in_review'],
    ['result_ready', 'refused'],
    ['refused', 'in_review'],
    ['returned', 'registered'],
    ['not_collected', 'issued'],
    ['issued', 'result_ready']
  ])('refuses %s → %s', (from, to) => {
    expect(canTransition(from, to)).toBe(false)
  })

  it.each(ILLEGAL)('refuses every pair not in the table: %s → %s', (from, to) => {
    expect(canTransition(from, to)).toBe(false)
  })

  it.each(STATUSES.map((s) => [s]))('%s does not transition to itself', (s) => {
    expect(canTransition(s, s)).toBe(false)
  })

  it.each(CLOSED_STATUSES.map((s) => [s]))('closed status %s has no outgoing edges', (s) => {
    expect(TRANSITIONS[s]).toEqual([])
    expect(STATUSES.filter((to) => canTransition(s, to))).toEqual([])
  })

  it.each(STATUSES.filter((s) => !isClosed(s)).map((s) => [s]))('open status %s can move on', (s) => {
    expect(TRANSITIONS[s].length).toBeGreaterThan(0)
  })

  it.each(STATUSES.map((s) => [s]))('%s can reach a closed status', (start) => {
    const seen = new Set<Status>([start])
    const queue: Status[] = [start]
    for (let s = queue.shift(); s !== undefined; s = queue.shift()) {
      for (const next of TRANSITIONS[s]) {
        if (!seen.has(next)) {
          seen.add(next)
          queue.push(next)
        }
      }
    }
    expect([...seen].some(isClosed)).toBe(true)
  })
})

describe('termRuns', () => {
  it.each<[Status, boolean]>([
    ['registered', true],
    ['in_review', true],
    ['needs_correction', true],
    ['forwarded', true],
    ['result_ready', false],
    ['issued', false],
    ['refused', false],
    ['returned', false],
    ['not_collected', false]
  ])('%s → %s', (s, runs) => {
    expect(termRuns(s)).toBe(runs)
  })
})

describe('isClosed', () => {
  it.each<[Status, boolean]>([
    ['registered', false],
    ['in_review', false],
    ['needs_correction', false],
    ['forwarded', false],
    ['result_ready', false],
    ['issued', true],
    ['refused', true],
    ['returned', true],
    ['not_collected', true]
  ])('%s → %s', (s, closed) => {
    expect(isClosed(s)).toBe(closed)
  })
})

describe('citizenBucket', () => {
  it.each<[Status, CitizenBucket]>([
    ['registered', 'received'],
    ['in_review', 'in_progress'],
    ['needs_correction', 'needs_answer'],
    ['forwarded', 'in_progress'],
    ['result_ready', 'ready'],
    ['issued', 'closed'],
    ['refused', 'closed'],
    ['returned', 'closed'],
    ['not_collected', 'closed']
  ])('%s → %s', (s, bucket) => {
    expect(citizenBucket(s)).toBe(bucket)
  })

  it('covers every status', () => {
    expect(STATUSES).toHaveLength(9)
  })
})

describe('STATUS_LABELS_UK', () => {
  it.each(STATUSES.map((s) => [s]))('%s has a Ukrainian label', (s) => {
    expect(STATUS_LABELS_UK[s]).toMatch(/^[А-ЯІЇЄҐ][а-яіїєґ’ ()]+$/u)
  })
})
