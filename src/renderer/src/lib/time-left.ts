import type { TFunction } from 'i18next'
import { DEFAULT_CALENDAR, type WorkCalendar } from '../../../shared/domain/calendar'
import { timeLeft, type TimeLeft } from '../../../shared/domain/deadlines'

/** Colour families of a deadline. Never shown alone: every tone comes with words and an icon. */
export type DeadlineTone = 'overdue' | 'today' | 'soon' | 'ok' | 'paused'

export interface DeadlineView {
  tone: DeadlineTone
  text: string
}

/**
 * The renderer has no per-centre calendar in the contract yet, so it uses the shared default
 * (martial law: holidays are working days). The back end computes `dueAt` with the centre's own
 * calendar; only the "working days left" count can differ on a centre-specific day off.
 */
export function computeTimeLeft(
  input: { dueAt: string; paused: boolean },
  nowMs: number,
  calendar: WorkCalendar = DEFAULT_CALENDAR
): TimeLeft | null {
  try {
    return timeLeft({ dueAt: input.dueAt, paused: input.paused, now: new Date(nowMs).toISOString(), calendar })
  } catch {
    // A malformed dueAt from a broken record must not take the whole list down.
    return null
  }
}

export function toneOf(left: TimeLeft): DeadlineTone {
  switch (left.state) {
    case 'paused':
      return 'paused'
    case 'overdue':
      return 'overdue'
    case 'due_today':
      return 'today'
    case 'left':
      return left.soon ? 'soon' : 'ok'
  }
}

/** Words for a deadline, with the language's plural forms ("2 робочі дні", "5 робочих днів"). */
export function describeTimeLeft(left: TimeLeft, t: TFunction): DeadlineView {
  const tone = toneOf(left)
  switch (left.state) {
    case 'paused':
      return { tone, text: t('deadline.paused') }
    case 'overdue':
      return { tone, text: t('deadline.overdue', { count: left.days }) }
    case 'due_today':
      return { tone, text: t('deadline.today', { count: left.hours }) }
    case 'left':
      // Zero working days but a later date: only days off lie between now and the deadline.
      return left.workingDays > 0
        ? { tone, text: t('deadline.left', { count: left.workingDays }) }
        : { tone, text: t('deadline.leftCalendar', { count: left.calendarDays }) }
  }
}
