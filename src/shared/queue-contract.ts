import { z } from 'zod'
import { queueViewSchema, type QueueHolder, type SavedQueueView } from './queue'

/*
 * The queue's part of the workstation contract (merged in contract.ts): the clerks seen as
 * holders (the holder filter's picker) and each clerk's saved views. Views belong to the signed-in
 * clerk: the back end takes the clerk from the session, never from the input.
 */
export const queueContract = {
  'queue.holders': { input: z.strictObject({}), output: {} as QueueHolder[] },
  'views.list': { input: z.strictObject({}), output: {} as SavedQueueView[] },
  /** Saves under a name; the same name again replaces that view. */
  'views.save': {
    input: z.strictObject({
      name: z.string().trim().min(1, 'Назва вигляду порожня').max(60, 'Назва вигляду довша за 60 символів'),
      view: queueViewSchema
    }),
    output: {} as SavedQueueView
  },
  'views.delete': { input: z.strictObject({ id: z.string().min(1).max(64) }), output: null }
} as const

export type QueueMethodName = keyof typeof queueContract
