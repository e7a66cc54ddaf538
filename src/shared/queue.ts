import { z } from 'zod'
import { CHANNELS, type Channel } from './domain/application'
import { STATUSES, type Status } from './domain/status'
import { reportSliceSchema } from './reports/definitions'

export const QUEUE_TABS = ['new', 'mine', 'waiting', 'due', 'forwarded', 'all', 'history'] as const
export type QueueTab = (typeof QUEUE_TABS)[number]

export const QUEUE_SORTS = ['deadline', 'received', 'number'] as const
export type QueueSort = (typeof QUEUE_SORTS)[number]

/** The queue's filters (each null = not filtered), shared by a query and a saved view. */
const queueFilterShape = {
  serviceId: z.string().max(100).nullable().default(null),
  category: z.string().max(200).nullable().default(null),
  status: z.enum(STATUSES).nullable().default(null),
  channel: z.enum(CHANNELS).nullable().default(null),
  holderClerkId: z.string().max(64).nullable().default(null),
  /** Deadline window in days from today: 0 = due today or overdue. */
  dueWithinDays: z.number().int().min(0).max(365).nullable().default(null)
}

export const queueQuerySchema = z.strictObject({
  tab: z.enum(QUEUE_TABS).default('all'),
  search: z.string().max(100).default(''),
  ...queueFilterShape,
  sort: z.enum(QUEUE_SORTS).default('deadline'),
  /**
   * Where a search looks: 'everywhere' (the default) ignores the tab, so a number that lives in
   * another tab is still found and each hit shows its status; 'tab' keeps to the current tab.
   */
  searchScope: z.enum(['everywhere', 'tab']).default('everywhere'),
  /**
   * Opened from a figure of the supervisors' dashboard: exactly the applications that figure
   * counted (issue 18), whatever the tab; the other filters still narrow it.
   */
  report: reportSliceSchema.nullable().default(null),
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(500).default(100)
})
export type QueueQuery = z.input<typeof queueQuerySchema>
export type QueueQueryParsed = z.output<typeof queueQuerySchema>

export type SyncBadge = 'confirmed' | 'pending' | 'rejected'

export interface QueueRow {
  id: string
  orderNumber: string
  serviceId: string
  serviceNameUk: string
  serviceNameEn: string
  applicantName: string
  receivedAt: string
  dueAt: string
  paused: boolean
  status: Status
  channel: Channel
  holderName: string | null
  holderClerkId: string | null
  sync: SyncBadge
  /** While it waits for the applicant: the date (YYYY-MM-DD) to answer by, when the clerk set one. */
  answerBy: string | null
  /** The applicant's last answer came after the date to answer by (accepted, flagged). */
  answeredLate: boolean
  /** A test application (issue 17): shown with «ТЕСТ», counted nowhere. */
  isTest: boolean
}

export interface QueuePage {
  rows: QueueRow[]
  total: number
  /** Set when the search text looked like an order number but its check digit is wrong. */
  searchHint: { kind: 'check_digit'; suggestion: string | null } | null
  /**
   * A name or digit-prefix search matched more than SEARCH_MATCH_CAP applications: only the most
   * recent ones are listed and `total` counts those. The clerk types more to narrow it.
   */
  capped: boolean
}

/** How many applications a prefix search lists at most, newest first. */
export const SEARCH_MATCH_CAP = 1000

/** A clerk's saved view of the queue: a tab with its filters and sort. */
export const queueViewSchema = z.strictObject({
  tab: z.enum(QUEUE_TABS),
  ...queueFilterShape,
  sort: z.enum(QUEUE_SORTS).default('deadline')
})
export type QueueView = z.output<typeof queueViewSchema>

export interface SavedQueueView {
  id: string
  name: string
  view: QueueView
  updatedAt: string
}

/** The holders seen in the mirror, for the holder filter's clerk picker. */
export interface QueueHolder {
  clerkId: string
  name: string
}

export type QueueCounts = Record<QueueTab, number>
