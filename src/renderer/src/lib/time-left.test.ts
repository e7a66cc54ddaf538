import { describe, expect, it } from 'vitest'
import { i18n } from './i18n'
import { computeTimeLeft, describeTimeLeft } from './time-left'

const uk = i18n.getFixedT('uk')
const en = i18n.getFixedT('en')

describe('Ukrainian plural forms (Intl: one / few / many)', () => {
  it.each([
    [1, 'прострочено на 1 день'],
    [2, 'прострочено на 2 дні'],
    [4, 'прострочено на 4 дні'],
    [5, 'прострочено на 5 днів'],
    [11, 'прострочено на 11 днів'],
    [12, 'прострочено на 12 днів'],
    [21, 'прострочено на 21 день'],
    [22, 'прострочено на 22 дні'],
    [25, 'прострочено на 25 днів'],
    [111, 'прострочено на 111 днів']
  ])('overdue by %i days', (days, text) => {
    expect(describeTimeLeft({ state: 'overdue', days }, uk)).toEqual({ tone: 'overdue', text })
  })

  it.each([
    [1, 'залишилось 1 робочий день'],
    [2, 'залишилось 2 робочі дні'],
    [3, 'залишилось 3 робочі дні'],
    [5, 'залишилось 5 робочих днів'],
    [14, 'залишилось 14 робочих днів'],
    [21, 'залишилось 21 робочий день'],
    [23, 'залишилось 23 робочі дні']
  ])('%i working days left', (workingDays, text) => {
    expect(describeTimeLeft({ state: 'left', workingDays, calendarDays: workingDays + 2, soon: false }, uk).text).toBe(text)
  })

  it.each([
    [1, 'сьогодні, ще 1 година'],
    [3, 'сьогодні, ще 3 години'],
    [8, 'сьогодні, ще 8 годин']
  ])('due today with %i hours left', (hours, text) => {
    expect(describeTimeLeft({ state: 'due_today', hours }, uk)).toEqual({ tone: 'today', text })
  })

  it('paused shows "зупинено" in grey', () => {
    expect(describeTimeLeft({ state: 'paused' }, uk)).toEqual({ tone: 'paused', text: 'зупинено' })
  })

  it('only days off ahead: counts calendar days instead of "0 working days"', () => {
    expect(describeTimeLeft({ state: 'left', workingDays: 0, calendarDays: 2, soon: true }, uk)).toEqual({
      tone: 'soon',
      text: 'залишилось 2 календарні дні'
    })
  })
})

describe('English', () => {
  it.each([
    [{ state: 'overdue', days: 1 } as const, 'overdue by 1 day'],
    [{ state: 'overdue', days: 5 } as const, 'overdue by 5 days'],
    [{ state: 'due_today', hours: 1 } as const, 'today, 1 hour left'],
    [{ state: 'due_today', hours: 6 } as const, 'today, 6 hours left'],
    [{ state: 'left', workingDays: 1, calendarDays: 1, soon: true } as const, '1 working day left'],
    [{ state: 'left', workingDays: 12, calendarDays: 16, soon: false } as const, '12 working days left'],
    [{ state: 'paused' } as const, 'paused']
  ])('%o → %s', (left, text) => {
    expect(describeTimeLeft(left, en).text).toBe(text)
  })
})

describe('colour families from the shared deadline rules', () => {
  // Monday 30 November 2026, 10:00 in Kyiv.
  const now = Date.parse('2026-11-30T10:00:00+02:00')
  const at = (dueAt: string, paused = false) => {
    const left = computeTimeLeft({ dueAt, paused }, now)
    if (!left) throw new Error('no time left computed')
    return describeTimeLeft(left, uk)
  }

  it('overdue is red and counts calendar days', () => {
    expect(at('2026-11-27T23:59:59+02:00')).toEqual({ tone: 'overdue', text: 'прострочено на 3 дні' })
  })

  it('due today is orange with hours', () => {
    expect(at('2026-11-30T18:00:00+02:00')).toEqual({ tone: 'today', text: 'сьогодні, ще 8 годин' })
  })

  it('two working days or fewer is yellow', () => {
    expect(at('2026-12-02T23:59:59+02:00')).toEqual({ tone: 'soon', text: 'залишилось 2 робочі дні' })
  })

  it('more is neutral', () => {
    expect(at('2026-12-07T23:59:59+02:00')).toEqual({ tone: 'ok', text: 'залишилось 5 робочих днів' })
  })

  it('a paused clock wins over an overdue date', () => {
    expect(at('2026-11-01T23:59:59+02:00', true)).toEqual({ tone: 'paused', text: 'зупинено' })
  })

  it('a malformed deadline yields null instead of throwing', () => {
    expect(computeTimeLeft({ dueAt: 'not a date', paused: false }, now)).toBeNull()
  })
})
