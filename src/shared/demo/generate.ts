import type { Service } from '../catalogue'
import {
  newApplicationRecord,
  type ApplicationEvent,
  type ApplicationRecord,
  type AttachmentRef,
  type ChecklistItem,
  type ClerkRef,
  type Delivery
} from '../domain/application'
import { instantMs, type WorkCalendar } from '../domain/calendar'
import {
  applyApplicantAnswer,
  applyCommand,
  type CommandEnvelope,
  type CommandType,
  type EventDraft,
  type ServiceRules
} from '../domain/commands'
import { computeDueAt, type Term } from '../domain/deadlines'
import { formatOrderNumber, PORTAL_NODE } from '../domain/order-number'
import { DEMO_CLERKS, type DemoClerk } from './clerks'
import {
  APPEAL,
  APPLICANT_ANSWERS,
  ATTACHMENT_NAMES,
  CORRECTION_GENERAL,
  GENERIC_REFUSAL_GROUNDS,
  NOTES,
  SERVICE_WEIGHTS
} from './tables/case-texts'
import { makePerson } from './person'
import { DAY, HOUR, LocalClock, MINUTE, receptionDays } from './reception-time'
import { Rng, at, uuid7 } from './rng'
import { chooseStatus, remarkLabel, stepsTo } from './stories'

/*
 * Demo applications for a Khmelnytskyi ЦНАП: realistic enough to find layout, search and
 * performance problems (names with every kind of apostrophe, long document names, a million rows),
 * and consistent by construction, because every state change goes through the same `applyCommand`
 * the portal and the workstation use. Pure and deterministic: the same options give the same
 * records on every machine, so a failing demo reproduces from its seed.
 */

export interface DemoOptions {
  seed: number
  count: number
  /** The demo's "now": every date is before it. */
  now: string
  centreId: string
  services: readonly Service[]
  calendar: WorkCalendar
}

export interface DemoItem {
  record: ApplicationRecord
  events: ApplicationEvent[]
}

/**
 * Bumped whenever the same options would give different records: caches of generated databases
 * (bench/queue.ts) are keyed by it.
 */
export const DEMO_GENERATOR_VERSION = 2

/** Share of applications taken at the desk (numbered by workstations 2..4); the rest came from the portal. */
export const DEMO_WALK_IN_SHARE = 0.15

const FRONT_DESK = DEMO_CLERKS.filter((c) => c.role !== 'admin' && c.role !== 'back_office')
const HOLDERS: readonly (readonly [DemoClerk, number])[] = DEMO_CLERKS.map(
  (c) => [c, c.role === 'admin' ? 1 : c.role === 'supervisor' ? 3 : 6] as const
)

// ── the generator ──────────────────────────────────────────────────────

export function* generateDemo(opts: DemoOptions): Generator<DemoItem> {
  if (!Number.isInteger(opts.count) || opts.count < 0)
    throw new RangeError(`generateDemo: count must be a non-negative integer, got ${opts.count}`)
  if (opts.services.length === 0) throw new RangeError('generateDemo: the catalogue is empty')
  const cal = opts.calendar
  const rng = new Rng(opts.seed)
  const clock = new LocalClock(cal)
  const nowMs = instantMs(opts.now, 'now')
  const nowYear = Number(clock.local(nowMs).date.slice(0, 4))
  const days = receptionDays(clock, nowMs)
  const openMs = days.reduce((sum, d) => sum + (d.end - d.start), 0)
  const serviceTable = opts.services.map((s) => {
    const rules: ServiceRules = { term: { value: s.term.value, unit: s.term.unit }, refusalGrounds: s.refusal_grounds_uk }
    return [{ service: s, rules }, SERVICE_WEIGHTS[s.id] ?? 1] as const
  })
  // Each node numbers its own applications; sequences start mid-life, as in a centre that has been
  // open for a while.
  const nextSeq = new Map<number, number>([1, 2, 3, 4].map((node) => [node, 1 + rng.int(1000, 9000)]))
  // Without pauses, a term in working or calendar days ends at the end of a day that depends only
  // on the day of receipt (deadlines.ts); a million records share a few thousand such deadlines.
  const dueByDay = new Map<string, string>()
  const dueOnReceipt = (receivedAt: string, receiptDate: string, term: Term): string => {
    const unit = term.unit ?? 'calendar_days'
    if (unit !== 'working_days' && unit !== 'calendar_days') return computeDueAt({ receivedAt, term, pauses: [], calendar: cal })
    const key = `${receiptDate}|${term.unit}|${term.value}`
    let due = dueByDay.get(key)
    if (due === undefined) {
      due = computeDueAt({ receivedAt, term, pauses: [], calendar: cal })
      dueByDay.set(key, due)
    }
    return due
  }
  let commandSeq = 0
  let dayIndex = 0
  let dayStartOffset = 0

  for (let i = 0; i < opts.count; i++) {
    // Received times increase with i, spread evenly over the opening hours of the window.
    const u = ((i + 0.05 + rng.next() * 0.9) / opts.count) * openMs
    let day = at(days, dayIndex)
    while (u - dayStartOffset >= day.end - day.start && dayIndex < days.length - 1) {
      dayStartOffset += day.end - day.start
      dayIndex++
      day = at(days, dayIndex)
    }
    const receivedMs = Math.floor((day.start + Math.min(u - dayStartOffset, day.end - day.start - 1000)) / 1000) * 1000
    const receivedAt = clock.iso(receivedMs)

    const { service, rules } = rng.weighted(serviceTable)
    const term: Term = rules.term ?? { value: null, unit: null }
    const walkIn = rng.chance(DEMO_WALK_IN_SHARE)
    const node = walkIn ? rng.int(2, 4) : PORTAL_NODE
    const seq = nextSeq.get(node) ?? 1
    nextSeq.set(node, seq + 1)
    const orderNumber = formatOrderNumber(node, seq)
    const id = uuid7(rng, receivedMs)
    const apostrophe = rng.weighted([
      ['’', 4],
      ["'", 4],
      ['ʼ', 2]
    ] as const)
    const person = makePerson(rng, nowYear, apostrophe, walkIn ? 'walk_in' : 'portal')
    const delivery: Delivery = walkIn
      ? rng.weighted<Delivery>([
          ['in_person', 85],
          ['post', 10],
          ['electronic', 5]
        ])
      : rng.weighted<Delivery>([
          ['in_person', 50],
          ['electronic', 40],
          ['post', 10]
        ])
    const documents: ChecklistItem[] = service.documents.map((d) => ({
      name: d.name_uk,
      required: d.required,
      received: d.required || rng.chance(0.6)
    }))
    const attachments: AttachmentRef[] = walkIn
      ? []
      : Array.from({ length: rng.int(1, 3) }, () => {
          const [name, mediaType] = rng.pick(ATTACHMENT_NAMES)
          return { sha256: rng.hex(64), name, mediaType }
        })
    const fields: Record<string, string> =
      service.id === 'council-appeal' || service.id === 'mayor-letter'
        ? {
            subject: rng.pick([
              'Ремонт прибудинкової території',
              'Встановлення дитячого майданчика',
              'Освітлення вулиці',
              'Графік руху громадського транспорту'
            ])
          }
        : rng.chance(0.2)
          ? { contactTime: rng.pick(['до 12:00', 'після 14:00', 'будь-коли']) }
          : {}

    // Where the application is now depends on how far into its term it is. The walk-in's
    // register_walk_in computes the same deadline again from the same inputs.
    const initialDueAt = dueOnReceipt(receivedAt, clock.local(receivedMs).date, term)
    const termMs = Math.max(Date.parse(initialDueAt) - receivedMs, 4 * HOUR)
    const available = nowMs - receivedMs - MINUTE
    let steps = stepsTo(rng, chooseStatus(rng, available / DAY, available / termMs, term.unit === 'same_day'))
    // Received minutes ago: nobody has touched it yet.
    if (available < (steps.length + 1) * 10 * MINUTE) steps = []
    if (steps.includes('correction')) {
      // The remark is about a required document the applicant did not bring.
      const missing = documents.findIndex((d) => d.required)
      if (missing >= 0 && rng.chance(0.7)) documents[missing] = { ...at(documents, missing), received: false }
    }

    const events: ApplicationEvent[] = []
    const addEvents = (drafts: readonly EventDraft[], ms: number): void => {
      for (const d of drafts) events.push({ id: uuid7(rng, ms), ...d })
    }

    let state: ApplicationRecord
    if (walkIn) {
      const clerk = rng.pick(FRONT_DESK)
      const out = applyCommand(
        null,
        envelope(rng, ++commandSeq, id, null, clerk, receivedMs, receivedAt, 'register_walk_in', {
          orderNumber,
          serviceId: service.id,
          applicant: person.applicant,
          fields,
          attachments,
          documents,
          delivery
        }),
        { now: receivedAt, calendar: cal, service: rules, role: clerk.role, centreId: opts.centreId }
      )
      if (!out.ok) throw new Error(`generateDemo: register_walk_in refused: ${out.message}`)
      state = out.record
      addEvents(out.events, receivedMs)
      // The receipt (опис вхідного пакета) is printed at the desk as the application is taken.
      const printed = applyCommand(
        state,
        envelope(rng, ++commandSeq, id, null, clerk, receivedMs, receivedAt, 'record_print', {
          document: 'receipt',
          copy: false,
          provisionalCommandId: null
        }),
        { now: receivedAt, calendar: cal, service: rules, role: clerk.role, centreId: opts.centreId }
      )
      if (!printed.ok) throw new Error(`generateDemo: record_print refused: ${printed.message}`)
      addEvents(printed.events, receivedMs)
    } else {
      state = newApplicationRecord({
        id,
        orderNumber,
        centreId: opts.centreId,
        serviceId: service.id,
        channel: 'portal',
        delivery,
        applicant: person.applicant,
        fields,
        attachments,
        documents,
        receivedAt,
        dueAt: initialDueAt,
        updatedAt: receivedAt
      })
      events.push({
        id: uuid7(rng, receivedMs),
        applicationId: id,
        kind: 'submitted',
        at: receivedAt,
        actor: 'Заявник',
        commandId: null,
        data: { orderNumber, channel: 'portal' }
      })
    }

    // Spread the steps over part of the time since receipt: closed ones mostly within the term
    // (some overdue), open ones somewhere before now.
    const closing = steps.some((s) => s === 'issue' || s === 'not_collected' || s === 'refuse' || s === 'return')
    const budget = Math.min(
      available - steps.length * MINUTE,
      closing ? termMs * rng.between(0.3, 1.25) : available * rng.between(0.3, 0.95)
    )
    const fractions = steps.map(() => rng.next()).sort((a, b) => a - b)
    let lastMs = receivedMs
    let holder: DemoClerk = rng.weighted(HOLDERS)

    steps.forEach((step, k) => {
      const planned = receivedMs + budget * at(fractions, k)
      // Each step at least a minute after the previous one, and a minute left for each later one.
      const latest = nowMs - (steps.length - k + 1) * MINUTE
      let ms = step === 'answer' ? planned : clock.workingMoment(rng, planned)
      if (ms > latest) ms = planned
      ms = Math.min(Math.max(ms, lastMs + MINUTE), latest)
      lastMs = ms
      const atIso = clock.iso(ms)
      const run = (clerk: DemoClerk, type: CommandType, payload: unknown): void => {
        const out = applyCommand(state, envelope(rng, ++commandSeq, id, state.version, clerk, ms, atIso, type, payload), {
          now: atIso,
          calendar: cal,
          service: rules,
          role: clerk.role,
          centreId: opts.centreId
        })
        if (!out.ok) throw new Error(`generateDemo: ${type} refused for ${state.status}: ${out.message}`)
        state = out.record
        addEvents(out.events, ms)
      }
      switch (step) {
        case 'claim':
          return run(holder, 'claim', {})
        case 'release': {
          run(holder, 'release', { force: false, reason: '' })
          holder = rng.weighted(HOLDERS)
          return
        }
        case 'note':
          return run(holder, 'note', { text: rng.pick(NOTES) })
        case 'correction': {
          const missing = state.documents.findIndex((d) => d.required && !d.received)
          const items =
            missing >= 0
              ? [
                  {
                    field: remarkLabel(at(state.documents, missing).name),
                    remark: `Не подано: «${at(state.documents, missing).name}». Додайте документ або його копію.`
                  }
                ]
              : [
                  rng.chance(0.5)
                    ? { field: 'Адреса', remark: 'Адреса не збігається з даними паспорта' }
                    : { field: 'Скан-копії документів', remark: 'Скан-копія нечитабельна: завантажте всі сторінки в кольорі' }
                ]
          run(holder, 'request_correction', { items, general: rng.pick(CORRECTION_GENERAL) })
          if (state.channel === 'walk_in' || rng.chance(0.3))
            run(holder, 'record_print', { document: 'correction_notice', copy: false, provisionalCommandId: null })
          return
        }
        case 'answer': {
          const out = applyApplicantAnswer(state, rng.pick(APPLICANT_ANSWERS), { now: atIso, calendar: cal, term })
          if (!out.ok) throw new Error(`generateDemo: applicant answer refused: ${out.message}`)
          state = { ...out.record, documents: out.record.documents.map((d) => (d.required ? { ...d, received: true } : d)) }
          addEvents(out.events, ms)
          return
        }
        case 'forward':
          return run(holder, 'forward', {
            body: rng.pick([
              '',
              'Управління ДМС у Хмельницькій області',
              'Департамент соціального захисту населення',
              'Управління архітектури та містобудування'
            ])
          })
        case 'approve':
          return run(holder, 'decide', { kind: 'approve', ground: null, text: service.result_uk ?? 'Рішення позитивне', appeal: null })
        case 'refuse': {
          const ground = service.refusal_grounds_uk.length > 0 ? rng.pick(service.refusal_grounds_uk) : rng.pick(GENERIC_REFUSAL_GROUNDS)
          run(holder, 'decide', {
            kind: 'refuse',
            ground,
            text: 'Відмовлено з підстави, визначеної інформаційною карткою послуги',
            appeal: APPEAL
          })
          if (rng.chance(0.6))
            run(rng.pick(FRONT_DESK), 'record_print', { document: 'refusal_letter', copy: false, provisionalCommandId: null })
          return
        }
        case 'return':
          return run(holder, 'decide', {
            kind: 'return',
            ground: null,
            text:
              state.status === 'needs_correction'
                ? 'Заявник не усунув зауважень у встановлений строк'
                : 'Повернуто за заявою суб’єкта звернення',
            appeal: null
          })
        case 'issue':
          return run(rng.pick(FRONT_DESK), 'issue_result', {
            outcome: 'issued',
            recipientName: rng.chance(0.9) ? person.fullName : `${person.fullName} (представник за довіреністю)`,
            recipientDocument: rng.chance(0.7)
              ? `ID-картка № ${String(rng.int(0, 999_999_999)).padStart(9, '0')}`
              : `паспорт серії НВ № ${String(rng.int(0, 999_999)).padStart(6, '0')}`
          })
        case 'not_collected':
          return run(rng.pick(FRONT_DESK), 'issue_result', { outcome: 'not_collected', recipientName: '', recipientDocument: '' })
      }
    })

    yield { record: state, events }
  }
}

function envelope(
  rng: Rng,
  seq: number,
  applicationId: string,
  baseVersion: number | null,
  clerk: DemoClerk,
  ms: number,
  issuedAt: string,
  type: CommandType,
  payload: unknown
): CommandEnvelope {
  const ref: ClerkRef = { clerkId: clerk.clerkId, name: clerk.name }
  return { commandId: uuid7(rng, ms), seq, type, v: 1, applicationId, baseVersion, clerk: ref, issuedAt, payload }
}
