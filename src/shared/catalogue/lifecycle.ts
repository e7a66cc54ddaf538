import type { CardStage, ServiceCard } from './card'
import { publicationErrors, type PublicationError } from './publication'

/*
 * The lifecycle of a card version: draft → testing → published → withdrawn (digitisation.md).
 *
 *   - Only a DRAFT is edited. A published (or withdrawn) version never changes again: editing a
 *     service makes its next version, a new draft (`nextVersionAllowed`).
 *   - draft → testing: the card must be publishable (testers try the form citizens would get); the
 *     portal issues a test link.
 *   - testing → published: publishable; the service's previous live version stops being live (it
 *     stays, unchanged, for the applications submitted under it).
 *   - testing → draft: back to editing; the test links stop working.
 *   - published → withdrawn: the service leaves the portal; applications under it keep their version.
 *   - Nothing else: no publishing untested, no un-withdrawing (a new version is drafted instead).
 */

export const CARD_TRANSITIONS = ['to_testing', 'publish', 'back_to_draft', 'withdraw'] as const
export type CardTransition = (typeof CARD_TRANSITIONS)[number]

export interface TransitionRule {
  from: CardStage
  to: CardStage
  /** The card must have no publication errors. */
  requiresPublishable: boolean
  uk: string
  en: string
}

export const TRANSITION_TABLE: Readonly<Record<CardTransition, TransitionRule>> = {
  to_testing: { from: 'draft', to: 'testing', requiresPublishable: true, uk: 'Передати на тестування', en: 'Move to testing' },
  publish: { from: 'testing', to: 'published', requiresPublishable: true, uk: 'Опублікувати', en: 'Publish' },
  back_to_draft: { from: 'testing', to: 'draft', requiresPublishable: false, uk: 'Повернути в чернетку', en: 'Back to draft' },
  withdraw: { from: 'published', to: 'withdrawn', requiresPublishable: false, uk: 'Зняти з публікації', en: 'Withdraw' }
}

export const STAGE_LABELS: Readonly<Record<CardStage, { uk: string; en: string }>> = {
  draft: { uk: 'Чернетка', en: 'Draft' },
  testing: { uk: 'У тестуванні', en: 'In testing' },
  published: { uk: 'Опубліковано', en: 'Published' },
  withdrawn: { uk: 'Знято з публікації', en: 'Withdrawn' }
}

export type TransitionRefusal =
  { kind: 'illegal'; uk: string; en: string } | { kind: 'not_publishable'; uk: string; en: string; errors: PublicationError[] }

/** Why `transition` may not be applied to a version at `stage` holding `card`; null when it may. */
export function transitionRefusal(transition: CardTransition, stage: CardStage, card: ServiceCard): TransitionRefusal | null {
  const rule = TRANSITION_TABLE[transition]
  if (rule.from !== stage)
    return {
      kind: 'illegal',
      uk: `«${rule.uk}» можна лише зі стану «${STAGE_LABELS[rule.from].uk}», а версія в стані «${STAGE_LABELS[stage].uk}»`,
      en: `"${rule.en}" applies only to a version in "${STAGE_LABELS[rule.from].en}"; this one is "${STAGE_LABELS[stage].en}"`
    }
  if (rule.requiresPublishable) {
    const errors = publicationErrors(card)
    if (errors.length > 0)
      return {
        kind: 'not_publishable',
        uk: `Картку не можна ${transition === 'publish' ? 'опублікувати' : 'передати на тестування'}: ${errors.length} помилок`,
        en: `The card cannot be ${transition === 'publish' ? 'published' : 'moved to testing'}: ${errors.length} errors`,
        errors
      }
  }
  return null
}

/** Only a draft is edited; a published or withdrawn version is immutable. */
export const editable = (stage: CardStage): boolean => stage === 'draft'

/**
 * Whether a new draft version may be started from the service's versions' stages: not while one is
 * already being worked on (a draft or a version in testing), so there is one next version at a time.
 */
export function nextVersionRefusal(stages: readonly CardStage[]): { uk: string; en: string } | null {
  if (stages.some((s) => s === 'draft' || s === 'testing'))
    return {
      uk: 'Для цієї послуги вже є чернетка або версія в тестуванні: редагуйте її',
      en: 'This service already has a draft or a version in testing: edit that one'
    }
  return null
}

/** «N опубліковано · M у тестуванні · K чернеток» counts: services with a live version, versions in testing, drafts. */
export interface StageCounts {
  published: number
  testing: number
  draft: number
  withdrawn: number
}

function plural(n: number, one: string, few: string, many: string): string {
  const mod10 = n % 10
  const mod100 = n % 100
  if (mod10 === 1 && mod100 !== 11) return one
  if (mod10 >= 2 && mod10 <= 4 && (mod100 < 12 || mod100 > 14)) return few
  return many
}

/** The progress line the administrator's list shows, in Ukrainian. */
export function countsLineUk(c: StageCounts): string {
  return [
    `${c.published} ${plural(c.published, 'опубліковано', 'опубліковано', 'опубліковано')}`,
    `${c.testing} у тестуванні`,
    `${c.draft} ${plural(c.draft, 'чернетка', 'чернетки', 'чернеток')}`
  ].join(' · ')
}
