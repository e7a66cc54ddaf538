import { describe, expect, it } from 'vitest'
import { applyApplicantAnswer, applyCommand, whyNot, type ApplyContext, type CommandEnvelope, type CommandType } from './commands'
import { DEFAULT_CALENDAR } from './calendar'
import type { ApplicationRecord } from './application'
import { sampleRecord } from '../testing/sample-record'

const olena = { clerkId: 'olena', name: 'Олена Коваль' }
const taras = { clerkId: 'taras', name: 'Тарас Мар’янчук' }
const ctx = (patch: Partial<ApplyContext> = {}): ApplyContext => ({
  now: '2026-11-30T10:00:00.000Z',
  calendar: DEFAULT_CALENDAR,
  service: { term: { value: 10, unit: 'working_days' }, refusalGrounds: ['Подання неповного пакета документів'] },
  role: 'clerk',
  centreId: 'c1',
  ...patch
})

const record = (patch: Partial<ApplicationRecord> = {}): ApplicationRecord =>
  sampleRecord('a1', { orderNumber: '001-000001-9', serviceId: 's1', documents: [], dueAt: '2026-12-11T21:59:59.000Z', ...patch })

const held = (by = olena, patch: Partial<ApplicationRecord> = {}) =>
  record({
    status: 'in_review',
    holder: { ...by, since: '2026-11-30T09:00:00.000Z' },
    takenIntoWorkAt: '2026-11-30T09:00:00.000Z',
    version: 2,
    ...patch
  })

function cmd(
  type: CommandType,
  payload: unknown,
  opts: { clerk?: typeof olena; baseVersion?: number | null; v?: number; issuedAt?: string } = {}
): CommandEnvelope {
  return {
    commandId: `c-${type}`,
    seq: 1,
    type,
    v: opts.v ?? 1,
    applicationId: 'a1',
    baseVersion: opts.baseVersion ?? null,
    clerk: opts.clerk ?? olena,
    issuedAt: opts.issuedAt ?? '2026-11-30T09:59:00.000Z',
    payload
  }
}

describe('applyCommand: the shared status machine', () => {
  it('claim takes a registered application into work once; a second clerk is refused with the holder and time', () => {
    const claimed = applyCommand(record(), cmd('claim', {}), ctx())
    expect(claimed).toMatchObject({
      ok: true,
      changed: true,
      record: { status: 'in_review', holder: { clerkId: 'olena' }, takenIntoWorkAt: '2026-11-30T10:00:00.000Z', version: 2 }
    })
    if (!claimed.ok) throw new Error('unreachable')
    const again = applyCommand(claimed.record, cmd('claim', {}), ctx())
    expect(again).toMatchObject({ ok: true, changed: false })
    const other = applyCommand(claimed.record, cmd('claim', {}, { clerk: taras }), ctx())
    expect(other).toMatchObject({ ok: false, code: 'conflict' })
    if (!other.ok) expect(other.message).toContain('Олена Коваль')
  })

  it.each<[string, CommandType, unknown, ApplicationRecord, string]>([
    ['decide without the claim', 'decide', { kind: 'approve' }, record(), 'not_holder'],
    ['decide by someone else', 'decide', { kind: 'approve' }, held(taras), 'not_holder'],
    ['a refusal without a ground', 'decide', { kind: 'refuse', ground: null }, held(), 'invalid_input'],
    ['a refusal with a ground not on the card', 'decide', { kind: 'refuse', ground: 'бо так' }, held(), 'invalid_input'],
    ['a correction with nothing to correct', 'request_correction', { items: [], general: '' }, held(), 'invalid_input'],
    [
      'issuing before the result is ready',
      'issue_result',
      { outcome: 'issued', recipientName: 'Ганна', recipientDocument: 'паспорт' },
      held(),
      'illegal_transition'
    ],
    [
      'issuing without saying to whom',
      'issue_result',
      { outcome: 'issued', recipientName: '', recipientDocument: '' },
      held(olena, { status: 'result_ready' }),
      'invalid_input'
    ],
    [
      'claiming a closed application',
      'claim',
      {},
      record({ status: 'refused', closedAt: '2026-11-29T10:00:00.000Z' }),
      'illegal_transition'
    ],
    ['forcing a release as a clerk', 'release', { force: true, reason: 'відпустка' }, held(taras), 'forbidden'],
    ['an unknown payload field', 'note', { text: 'x', extra: 1 }, record(), 'invalid_input']
  ])('refuses %s', (_name, type, payload, state, code) => {
    expect(applyCommand(state, cmd(type, payload), ctx())).toMatchObject({ ok: false, code })
  })

  it('refuses a decision made on a version the clerk did not see', () => {
    expect(applyCommand(held(olena, { version: 5 }), cmd('decide', { kind: 'approve' }, { baseVersion: 4 }), ctx())).toMatchObject({
      ok: false,
      code: 'stale_version'
    })
    expect(applyCommand(held(olena, { version: 5 }), cmd('decide', { kind: 'approve' }, { baseVersion: 5 }), ctx())).toMatchObject({
      ok: true
    })
  })

  it('a refusal closes the application with the ground from the card and frees the claim', () => {
    const out = applyCommand(
      held(),
      cmd('decide', { kind: 'refuse', ground: 'Подання неповного пакета документів', text: 'Немає довідки', appeal: 'До суду' }),
      ctx()
    )
    expect(out).toMatchObject({
      ok: true,
      record: {
        status: 'refused',
        holder: null,
        closedAt: '2026-11-30T10:00:00.000Z',
        decision: { kind: 'refuse', ground: 'Подання неповного пакета документів' }
      }
    })
  })

  it('a correction request pauses the clock; the applicant’s answer resumes it and moves the deadline', () => {
    const asked = applyCommand(
      held(),
      cmd('request_correction', { items: [{ field: 'address', remark: 'Вкажіть квартиру' }], general: '' }),
      ctx()
    )
    if (!asked.ok) throw new Error(asked.message)
    expect(asked.record).toMatchObject({ status: 'needs_correction', pauses: [{ from: '2026-11-30T10:00:00.000Z', to: null }] })
    const answered = applyApplicantAnswer(asked.record, 'кв. 5', {
      now: '2026-12-03T10:00:00.000Z',
      calendar: DEFAULT_CALENDAR,
      term: { value: 10, unit: 'working_days' }
    })
    if (!answered.ok) throw new Error(answered.message)
    expect(answered.record.status).toBe('in_review')
    expect(answered.record.pauses).toEqual([{ from: '2026-11-30T10:00:00.000Z', to: '2026-12-03T10:00:00.000Z' }])
    expect(Date.parse(answered.record.dueAt)).toBeGreaterThan(Date.parse(held().dueAt))
  })

  describe('corrections with a date to answer by (request_correction v2, issue 16)', () => {
    const remark = { items: [{ field: 'address', remark: 'Вкажіть квартиру' }], general: '' }
    const answer = (state: ApplicationRecord, now: string) => {
      const out = applyApplicantAnswer(state, 'кв. 5', { now, calendar: DEFAULT_CALENDAR, term: { value: 10, unit: 'working_days' } })
      if (!out.ok) throw new Error(out.message)
      return out
    }

    it('v2 keeps the date in the correction and its event; an answer by the date is on time, after it late — both accepted', () => {
      const asked = applyCommand(held(), cmd('request_correction', { ...remark, answerBy: '2026-12-04' }, { v: 2 }), ctx())
      if (!asked.ok) throw new Error(asked.message)
      expect(asked.record.correction).toMatchObject({ answerBy: '2026-12-04', answeredAt: null })
      expect(asked.record.correction).not.toHaveProperty('answeredLate')
      expect(asked.events[0]?.data).toMatchObject({ answerBy: '2026-12-04' })
      // 4 December, 23:30 in Kyiv is still the 4th: on time.
      const onTime = answer(asked.record, '2026-12-04T21:30:00.000Z')
      expect(onTime.record.correction).toMatchObject({ answeredLate: false })
      expect(onTime.events[0]?.data).toMatchObject({ late: false, answerBy: '2026-12-04' })
      // 5 December, 00:30 in Kyiv: late, and accepted all the same.
      const late = answer(asked.record, '2026-12-04T22:30:00.000Z')
      expect(late.record.status).toBe('in_review')
      expect(late.record.correction).toMatchObject({ answeredLate: true, answer: 'кв. 5' })
      expect(late.events[0]?.data).toMatchObject({ late: true })
    })

    it('v1 (a workstation not yet upgraded) sets no date, and its record is exactly what it was before', () => {
      const asked = applyCommand(held(), cmd('request_correction', remark), ctx())
      if (!asked.ok) throw new Error(asked.message)
      expect(Object.keys(asked.record.correction ?? {}).sort()).toEqual([
        'answer',
        'answeredAt',
        'general',
        'items',
        'requestedAt',
        'requestedBy'
      ])
      const answered = answer(asked.record, '2027-06-01T10:00:00.000Z')
      expect(answered.record.correction).not.toHaveProperty('answeredLate')
      expect(answered.events[0]?.data).toEqual({ answer: 'кв. 5' })
      // v1 may not carry a date, and v2 must.
      expect(applyCommand(held(), cmd('request_correction', { ...remark, answerBy: '2026-12-04' }), ctx())).toMatchObject({
        ok: false,
        code: 'invalid_input'
      })
      expect(applyCommand(held(), cmd('request_correction', remark, { v: 2 }), ctx())).toMatchObject({ ok: false, code: 'invalid_input' })
    })

    it('the date is judged against the day the clerk asked: not before it, not more than a year after, a real date', () => {
      const v2 = (answerBy: string, issuedAt?: string) =>
        applyCommand(held(), cmd('request_correction', { ...remark, answerBy }, { v: 2, ...(issuedAt ? { issuedAt } : {}) }), ctx())
      expect(v2('2026-11-30')).toMatchObject({ ok: true })
      expect(v2('2026-11-29')).toMatchObject({ ok: false, code: 'invalid_input' })
      expect(v2('2027-12-01')).toMatchObject({ ok: true })
      expect(v2('2027-12-02')).toMatchObject({ ok: false, code: 'invalid_input' })
      expect(v2('2026-02-30')).toMatchObject({ ok: false, code: 'invalid_input' })
      expect(v2('30.12.2026')).toMatchObject({ ok: false, code: 'invalid_input' })
      // Asked offline on the 20th, decided on the 30th: a date of the 25th was fine when the clerk chose it.
      expect(v2('2026-11-25', '2026-11-20T09:00:00.000Z')).toMatchObject({ ok: true })
      expect(v2('2026-11-25', 'yesterday')).toMatchObject({ ok: false, code: 'invalid_input' })
    })
  })

  it('notes and prints never change the application (no version bump), and are always accepted', () => {
    const closed = record({ status: 'issued', closedAt: '2026-11-29T10:00:00.000Z' })
    expect(applyCommand(closed, cmd('note', { text: 'Заявник дзвонив' }), ctx())).toMatchObject({
      ok: true,
      changed: false,
      record: { version: 1 }
    })
    expect(applyCommand(closed, cmd('record_print', { document: 'receipt', copy: true }), ctx())).toMatchObject({
      ok: true,
      changed: false
    })
  })

  it('releasing what you do not hold is a no-op; a supervisor may force it with a reason', () => {
    expect(applyCommand(held(taras), cmd('release', {}), ctx())).toMatchObject({ ok: true, changed: false })
    expect(applyCommand(held(taras), cmd('release', { force: true, reason: '' }), ctx({ role: 'supervisor' }))).toMatchObject({
      ok: false,
      code: 'invalid_input'
    })
    expect(
      applyCommand(held(taras), cmd('release', { force: true, reason: 'Тарас на лікарняному' }), ctx({ role: 'supervisor' }))
    ).toMatchObject({
      ok: true,
      record: { status: 'registered', holder: null }
    })
  })
})

describe('whyNot: the reasons a disabled action shows', () => {
  it.each<[string, ApplicationRecord, CommandType, RegExp | null]>([
    ['claim of a free application', record(), 'claim', null],
    ['decide before claiming', record(), 'decide', /візьміть заявку/],
    ['claim of someone else’s', held(taras), 'claim', /Тарас/],
    ['anything on a closed one', record({ status: 'returned', closedAt: '2026-11-29T10:00:00.000Z' }), 'decide', /закрито/],
    ['a note on a closed one', record({ status: 'returned', closedAt: '2026-11-29T10:00:00.000Z' }), 'note', null],
    ['issue before the result is ready', held(), 'issue_result', /статусі/]
  ])('%s', (_name, state, type, reason) => {
    const why = whyNot(state, type, olena)
    if (reason === null) expect(why).toBeNull()
    else expect(why).toMatch(reason)
  })
})
