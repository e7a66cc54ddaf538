/**
 * The application status machine (domain.md, "Statuses"). One definition, used by the portal
 * (authoritative), the workstation (optimistic replay, disabled buttons) and the tests.
 */
export const STATUSES = [
  'registered', // Прийнято / зареєстровано — waiting for a clerk
  'in_review', // На розгляді — a clerk holds it
  'needs_correction', // Потребує доопрацювання — clock paused, waiting for the applicant
  'forwarded', // Передано суб'єкту надання
  'result_ready', // Результат готовий
  'issued', // Видано
  'refused', // Відмовлено
  'returned', // Повернуто без розгляду
  'not_collected' // Не отримано / в архіві
] as const
export type Status = (typeof STATUSES)[number]

export const CLOSED_STATUSES: readonly Status[] = ['issued', 'refused', 'returned', 'not_collected']
export const isClosed = (s: Status): boolean => CLOSED_STATUSES.includes(s)

/**
 * Open, but decided: the result waits for the applicant. The service's term ended with the decision,
 * so its deadline no longer runs — no "прострочено" in the queue or on the card, and not overdue now
 * in the reports (reports/definitions.ts: pending means undecided). One definition for all three.
 */
export const DECIDED_OPEN_STATUSES: readonly Status[] = ['result_ready']
export const termRuns = (s: Status): boolean => !isClosed(s) && !DECIDED_OPEN_STATUSES.includes(s)

/** Every legal edge. Anything not listed here is refused, on the workstation and on the portal. */
export const TRANSITIONS: Readonly<Record<Status, readonly Status[]>> = {
  registered: ['in_review'],
  in_review: ['registered', 'needs_correction', 'forwarded', 'result_ready', 'refused', 'returned'],
  // The applicant's answer returns it to its holder's review, or to the queue when nobody holds it.
  needs_correction: ['in_review', 'registered', 'returned'],
  forwarded: ['result_ready', 'refused'],
  result_ready: ['issued', 'not_collected'],
  issued: [],
  refused: [],
  returned: [],
  not_collected: []
}

export const canTransition = (from: Status, to: Status): boolean => TRANSITIONS[from].includes(to)

/** The citizen's simpler view of the same state (iGov showed four buckets). */
export type CitizenBucket = 'received' | 'in_progress' | 'needs_answer' | 'ready' | 'closed'
export function citizenBucket(s: Status): CitizenBucket {
  switch (s) {
    case 'registered':
      return 'received'
    case 'in_review':
    case 'forwarded':
      return 'in_progress'
    case 'needs_correction':
      return 'needs_answer'
    case 'result_ready':
      return 'ready'
    default:
      return 'closed'
  }
}

export const STATUS_LABELS_UK: Readonly<Record<Status, string>> = {
  registered: 'Зареєстровано',
  in_review: 'На розгляді',
  needs_correction: 'Потребує доопрацювання',
  forwarded: 'Передано суб’єкту надання',
  result_ready: 'Результат готовий',
  issued: 'Видано',
  refused: 'Відмовлено',
  returned: 'Повернуто без розгляду',
  not_collected: 'Не отримано (в архіві)'
}
