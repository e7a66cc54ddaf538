import { describe, expect, it } from 'vitest'
import catalogueJson from '../../../resources/catalog/services.json'
import { catalogueFileSchema } from '../catalogue'
import { applicationEventSchema, applicationRecordSchema, type ApplicationRecord, type EventKind } from '../domain/application'
import { DEFAULT_CALENDAR, formatInstant, instantMs, isWorkingDay, kyivDate, calendarDaysBetween } from '../domain/calendar'
import { computeDueAt } from '../domain/deadlines'
import { parseOrderNumber } from '../domain/order-number'
import { isValidRnokpp, rnokppBirthDate } from '../domain/rnokpp'
import { isClosed, STATUSES } from '../domain/status'
import { DEMO_CLERKS } from './clerks'
import { generateDemo, type DemoItem, type DemoOptions } from './generate'
import { DEMO_WINDOW_DAYS } from './reception-time'

const services = catalogueFileSchema.parse(catalogueJson).services
const NOW = '2026-03-02T11:30:00+02:00'
const options = (seed: number, count: number): DemoOptions => ({
  seed,
  count,
  now: NOW,
  centreId: 'khm-cnap',
  services,
  calendar: DEFAULT_CALENDAR
})
const items: DemoItem[] = [...generateDemo(options(42, 2000))]
const records = items.map((i) => i.record)

// Event kinds that are a state change, i.e. that bump `version`.
const CHANGES: readonly EventKind[] = [
  'submitted',
  'registered_walk_in',
  'claimed',
  'released',
  'correction_requested',
  'answered',
  'forwarded',
  'decided',
  'issued'
]

describe('generateDemo', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    expect([...generateDemo(options(42, 2000))]).toEqual(items)
    const other = [...generateDemo(options(43, 50))]
    expect(other.map((i) => i.record.applicant)).not.toEqual(items.slice(0, 50).map((i) => i.record.applicant))
  })

  it('produces records and events that pass the schemas', () => {
    for (const { record, events } of items) {
      expect(applicationRecordSchema.parse(record)).toEqual(record)
      for (const e of events) expect(applicationEventSchema.parse(e)).toEqual(e)
    }
  })

  it('covers every service, every status and both channels', () => {
    expect(new Set(records.map((r) => r.serviceId))).toEqual(new Set(services.map((s) => s.id)))
    expect(new Set(records.map((r) => r.status))).toEqual(new Set(STATUSES))
    const walkIns = records.filter((r) => r.channel === 'walk_in').length / records.length
    expect(walkIns).toBeGreaterThan(0.1)
    expect(walkIns).toBeLessThan(0.2)
    const open = records.filter((r) => !isClosed(r.status))
    expect(open.filter((r) => r.status === 'registered' || r.status === 'in_review').length / open.length).toBeGreaterThan(0.5)
    expect(records.filter((r) => isClosed(r.status)).length / records.length).toBeGreaterThan(0.4)
  })

  it('numbers portal applications on node 1 and walk-ins on nodes 2..4, uniquely', () => {
    expect(new Set(records.map((r) => r.orderNumber)).size).toBe(records.length)
    expect(new Set(records.map((r) => r.id)).size).toBe(records.length)
    for (const r of records) {
      const parsed = parseOrderNumber(r.orderNumber)
      expect(parsed.ok && parsed.canonical === r.orderNumber).toBe(true)
      if (!parsed.ok) continue
      if (r.channel === 'portal') expect(parsed.node).toBe(1)
      else expect(parsed.node).toBeGreaterThanOrEqual(2)
      expect(parsed.node).toBeLessThanOrEqual(4)
    }
  })

  it('makes believable applicants: valid РНОКПП of their birth date, Ukrainian phones, Khmelnytskyi addresses', () => {
    for (const { applicant: a } of records) {
      if (a.rnokpp !== null) {
        expect(isValidRnokpp(a.rnokpp)).toBe(true)
        expect(rnokppBirthDate(a.rnokpp)).toBe(a.birthDate)
      }
      if (a.phone !== null) expect(a.phone).toMatch(/^\+380(67|68|96|97|98|50|66|95|99|63|73|93)\d{7}$/)
      expect(a.address).toMatch(/^290(0\d|1\d|2[0-7]), м\. Хмельницький, /)
    }
    expect(records.filter((r) => r.applicant.rnokpp === null).length).toBeGreaterThan(0)
    expect(records.filter((r) => r.applicant.email !== null).length).toBeGreaterThan(100)
  })

  it('writes names with every apostrophe real registers contain', () => {
    const text = records.map((r) => `${r.applicant.surname} ${r.applicant.givenName} ${r.applicant.patronymic ?? ''}`).join(' ')
    for (const mark of ['ʼ', '’', "'"]) expect(text.includes(mark), mark).toBe(true)
    for (const r of records) {
      const marks = new Set(
        `${r.applicant.surname}${r.applicant.givenName}${r.applicant.patronymic ?? ''}${r.applicant.address}`.match(/[ʼ’']/g) ?? []
      )
      expect(marks.size).toBeLessThanOrEqual(1) // one typist, one apostrophe
    }
  })

  it('receives applications on working days within the window, in order, before now', () => {
    const nowMs = instantMs(NOW)
    let last = 0
    for (const r of records) {
      const ms = instantMs(r.receivedAt)
      expect(ms).toBeGreaterThanOrEqual(last)
      expect(ms).toBeLessThan(nowMs)
      last = ms
      const day = kyivDate(r.receivedAt, DEFAULT_CALENDAR)
      expect(isWorkingDay(day, DEFAULT_CALENDAR)).toBe(true)
      expect(calendarDaysBetween(day, kyivDate(NOW, DEFAULT_CALENDAR))).toBeLessThanOrEqual(DEMO_WINDOW_DAYS)
      // Same text the calendar module writes: the demo's fast formatter agrees with it.
      expect(formatInstant(ms, DEFAULT_CALENDAR.timeZone)).toBe(r.receivedAt)
    }
  })

  it('computes deadlines from the service term and the pauses', () => {
    const byId = new Map(services.map((s) => [s.id, s]))
    for (const r of records) {
      const term = byId.get(r.serviceId)!.term
      expect(r.dueAt).toBe(
        computeDueAt({
          receivedAt: r.receivedAt,
          term: { value: term.value, unit: term.unit },
          pauses: r.pauses,
          calendar: DEFAULT_CALENDAR
        })
      )
    }
  })

  it('tells each application’s story with events that match its state', () => {
    const nowMs = instantMs(NOW)
    const clerkIds = new Set(DEMO_CLERKS.map((c) => c.clerkId))
    for (const { record: r, events } of items) {
      const kinds = events.map((e) => e.kind)
      expect(kinds[0]).toBe(r.channel === 'portal' ? 'submitted' : 'registered_walk_in')
      if (r.channel === 'walk_in') expect(events[1]?.data).toEqual(expect.objectContaining({ document: 'receipt' }))
      expect(r.version).toBe(kinds.filter((k) => CHANGES.includes(k)).length)
      expect(events.every((e) => e.applicationId === r.id && instantMs(e.at) < nowMs)).toBe(true)
      expect(events.map((e) => instantMs(e.at))).toEqual(events.map((e) => instantMs(e.at)).sort((a, b) => a - b))
      expect(instantMs(r.updatedAt)).toBe(Math.max(...events.filter((e) => CHANGES.includes(e.kind)).map((e) => instantMs(e.at))))
      if (r.holder) expect(clerkIds.has(r.holder.clerkId)).toBe(true)
      expect(r.holder === null || !isClosed(r.status)).toBe(true)
      expect(r.closedAt !== null).toBe(isClosed(r.status))
      check(r, kinds)
    }
  })
})

function check(r: ApplicationRecord, kinds: readonly EventKind[]): void {
  const paused = r.pauses.some((p) => p.to === null)
  switch (r.status) {
    case 'registered':
      expect(r.holder).toBeNull()
      break
    case 'in_review':
      expect(r.holder).not.toBeNull()
      expect(kinds).toContain('claimed')
      break
    case 'needs_correction':
      expect(paused).toBe(true)
      expect(kinds.at(-1) === 'correction_requested' || kinds.at(-1) === 'printed').toBe(true)
      expect(r.correction?.items.length).toBeGreaterThan(0)
      break
    case 'forwarded':
      expect(kinds).toContain('forwarded')
      expect(r.forwardDueAt).not.toBeNull()
      break
    case 'result_ready':
    case 'issued':
    case 'not_collected':
      expect(r.decision?.kind).toBe('approve')
      expect(kinds).toContain('result_ready')
      break
    case 'refused':
      expect(r.decision?.kind).toBe('refuse')
      expect(r.decision?.ground).toBeTruthy()
      break
    case 'returned':
      expect(r.decision?.kind).toBe('return')
      break
  }
  // applyCommand leaves the pause of an application returned while it waited for corrections open;
  // closed, it no longer counts.
  if (!isClosed(r.status) && r.status !== 'needs_correction') expect(paused).toBe(false)
  if (r.status === 'issued') expect(r.issuedTo?.name).toContain(r.applicant.surname)
}

describe('generateDemo refusals', () => {
  it('use a ground from the service card when the card lists any', () => {
    const byId = new Map(services.map((s) => [s.id, s]))
    const refused = records.filter((r) => r.status === 'refused')
    expect(refused.length).toBeGreaterThan(10)
    for (const r of refused) {
      const grounds = byId.get(r.serviceId)!.refusal_grounds_uk
      if (grounds.length > 0) expect(grounds).toContain(r.decision?.ground)
    }
  })
})

describe('generateDemo with other seeds and clocks', () => {
  // A Sunday during the spring clock change, an evening after closing time, a holiday-heavy window.
  const cases: [number, string][] = [
    [1, '2026-03-29T10:00:00+03:00'],
    [2, '2026-10-26T19:45:00+02:00'],
    [3, '2026-01-02T09:05:00+02:00']
  ]
  it.each(cases)('seed %i, now %s: valid records, every event before now', (seed, now) => {
    const nowMs = instantMs(now)
    for (const { record, events } of generateDemo({ ...options(seed, 600), now })) {
      applicationRecordSchema.parse(record)
      expect(instantMs(record.receivedAt)).toBeLessThan(nowMs)
      let last = 0
      for (const e of events) {
        applicationEventSchema.parse(e)
        expect(instantMs(e.at)).toBeLessThan(nowMs)
        expect(instantMs(e.at)).toBeGreaterThanOrEqual(last)
        last = instantMs(e.at)
      }
    }
  })

  it('refuses options it cannot honour', () => {
    expect(() => generateDemo(options(1, -1)).next()).toThrow(/count/)
    expect(() => generateDemo({ ...options(1, 1), services: [] }).next()).toThrow(/catalogue is empty/)
  })
})
