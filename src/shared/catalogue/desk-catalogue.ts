import { z } from 'zod'
import { serviceCardSchema, serviceIdSchema } from './card'

/*
 * The catalogue as a centre's desks hold it (issue 17, item 5): every card version an application
 * of the centre can refer to — the versions in testing, the published ones (live or superseded) and
 * the withdrawn ones; never a draft. The portal sends it whole with a pull when the centre's
 * catalogue has changed since the revision the workstation holds; the workstation replaces its copy
 * in one transaction (src/main/db/catalogue-repository.ts, migration 015). Cards are few (a centre
 * describes tens of services) and change rarely, so "whole" costs less than a second history.
 *
 * `revision` counts the centre's catalogue changes on the portal; `revisionId` is random per
 * revision, so a portal restored from a backup that reaches the same number again with other content
 * is told apart (as events' ids tell histories apart in the pull stream).
 */

export const DESK_CARD_STAGES = ['testing', 'published', 'withdrawn'] as const
export type DeskCardStage = (typeof DESK_CARD_STAGES)[number]

export const deskCardSchema = z.strictObject({
  serviceId: serviceIdSchema,
  version: z.number().int().positive(),
  stage: z.enum(DESK_CARD_STAGES),
  /** Published and neither superseded nor withdrawn: the version citizens and the desk's intake use. */
  live: z.boolean(),
  card: serviceCardSchema
})
export type DeskCard = z.infer<typeof deskCardSchema>

export const catalogueRevisionSchema = z.strictObject({
  revision: z.number().int().nonnegative(),
  revisionId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/)
})
export type CatalogueRevision = z.infer<typeof catalogueRevisionSchema>

export const deskCatalogueSchema = catalogueRevisionSchema.extend({ cards: z.array(deskCardSchema).max(10_000) }).superRefine((c, ctx) => {
  const seen = new Set<string>()
  const live = new Set<string>()
  c.cards.forEach((d, i) => {
    const key = `${d.serviceId}@${d.version}`
    if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['cards', i], message: `Версія ${key} двічі` })
    seen.add(key)
    if (d.card.id !== d.serviceId) ctx.addIssue({ code: 'custom', path: ['cards', i, 'card', 'id'], message: 'Картка іншої послуги' })
    if (d.live && d.stage !== 'published')
      ctx.addIssue({ code: 'custom', path: ['cards', i, 'live'], message: 'Чинна лише опублікована версія' })
    if (d.live && live.has(d.serviceId))
      ctx.addIssue({ code: 'custom', path: ['cards', i, 'live'], message: `Дві чинні версії послуги ${d.serviceId}` })
    if (d.live) live.add(d.serviceId)
  })
})
export type DeskCatalogue = z.infer<typeof deskCatalogueSchema>

/** The version of a service a desk shows and registers under: the live one, else the newest it holds. */
export function currentDeskCard(cards: readonly DeskCard[], serviceId: string): DeskCard | null {
  let best: DeskCard | null = null
  for (const c of cards) {
    if (c.serviceId !== serviceId) continue
    if (best === null || (c.live && !best.live) || (c.live === best.live && c.version > best.version)) best = c
  }
  return best
}
