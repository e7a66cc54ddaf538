import type { Status } from '../domain/status'
import { Rng } from './rng'

// ── stories ────────────────────────────────────────────────────────────

export type Step =
  'claim' | 'release' | 'note' | 'correction' | 'answer' | 'forward' | 'approve' | 'refuse' | 'return' | 'issue' | 'not_collected'

/**
 * Which state an application is in at `now`, given its age in days and how far into its term it is
 * (`progress` = elapsed / term). A real centre closes most work within days: what is still open is
 * mostly recent (registered ones from the last few working days, in review within about two weeks),
 * a few are overdue by days, and the old ones are history. Only waiting for the applicant, the back
 * office and a result nobody has collected yet keep an application open for weeks.
 */
export function chooseStatus(rng: Rng, ageDays: number, progress: number, sameDay: boolean): Status {
  const byAge =
    ageDays < 1 ? 0.97 : ageDays < 3 ? 0.85 : ageDays < 7 ? 0.6 : ageDays < 14 ? 0.35 : ageDays < 30 ? 0.1 : ageDays < 60 ? 0.015 : 0.002
  const byTerm = progress < 0.6 ? 1 : progress < 1 ? 0.7 : progress < 1.3 ? 0.3 : progress < 2 ? 0.1 : 0.02
  if (!rng.chance(byAge * byTerm)) {
    return rng.weighted<Status>([
      ['issued', 78],
      ['refused', 9],
      ['returned', 7],
      ['not_collected', progress > 2 && ageDays > 30 ? 6 : 0]
    ])
  }
  return rng.weighted<Status>([
    ['registered', ageDays < 2 ? 60 : ageDays < 5 ? 25 : 0],
    ['in_review', ageDays < 14 ? 34 : 4],
    ['needs_correction', ageDays < 30 ? 11 : 3],
    ['forwarded', sameDay ? 0 : ageDays < 30 ? 9 : 2],
    ['result_ready', progress > 0.5 ? 16 : 3]
  ])
}

/** A field of a correction remark as the clerk and the applicant read it: a label, never a key. */
export function remarkLabel(text: string): string {
  if (text.length <= 100) return text
  const cut = text.slice(0, 99)
  const space = cut.lastIndexOf(' ')
  return `${(space > 60 ? cut.slice(0, space) : cut).replace(/[\s,;:]+$/u, '')}…`
}

export function stepsTo(rng: Rng, status: Status): Step[] {
  const cycle = (p: number): Step[] => (rng.chance(p) ? ['correction', 'answer'] : [])
  const note = (p: number): Step[] => (rng.chance(p) ? ['note'] : [])
  const decidedAfter = (pForward: number): Step[] => [
    'claim',
    ...note(0.1),
    ...cycle(0.12),
    ...(rng.chance(pForward) ? (['forward'] as Step[]) : [])
  ]
  switch (status) {
    case 'registered':
      return rng.chance(0.08) ? ['claim', 'release'] : []
    case 'in_review':
      return ['claim', ...note(0.15), ...cycle(0.12)]
    case 'needs_correction':
      return ['claim', ...cycle(0.1), 'correction']
    case 'forwarded':
      return ['claim', ...cycle(0.1), 'forward']
    case 'result_ready':
      return [...decidedAfter(0.5), 'approve']
    case 'issued':
      return [...decidedAfter(0.5), 'approve', 'issue']
    case 'not_collected':
      return [...decidedAfter(0.5), 'approve', 'not_collected']
    case 'refused':
      return [...decidedAfter(0.4), 'refuse']
    case 'returned':
      return rng.chance(0.5) ? ['claim', 'correction', 'return'] : ['claim', 'return']
  }
}
