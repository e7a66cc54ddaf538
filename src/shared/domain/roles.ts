import type { ApplicationRecord, Role } from './application'
import type { CommandType } from './commands'

/*
 * What each role may do with an application (src/portal/README.md, "Roles"). The portal checks it
 * for every pushed command, with the role from its own clerks table, before the shared decision
 * function runs; a refusal is stored as the command's outcome with code 'forbidden'. Workstations
 * check the same rule before queueing a command, so a clerk is told at once instead of by a conflict.
 *
 *   - clerk (front desk): everything except forcing another clerk's release;
 *   - back_office: works on applications the front desk handed over; does not take applications
 *     from the front-desk queue (status 'registered'), does not register walk-ins, does not hand
 *     results over to applicants;
 *   - supervisor, admin: everything, including a forced release (checked by applyCommand itself).
 */

const BACK_OFFICE_NEVER: Partial<Record<CommandType, string>> = {
  register_walk_in: 'Реєструвати заяви на прийомі можуть лише адміністратори фронт-офісу',
  issue_result: 'Видавати результат заявникові можуть лише адміністратори фронт-офісу',
  reissue_access_code: 'Видавати заявникові новий код доступу можуть лише адміністратори фронт-офісу'
}

/** Why `role` may not issue `type` on `state` (null when it may). */
export function roleRefusal(role: Role, type: CommandType, state: ApplicationRecord | null): string | null {
  if (role !== 'back_office') return null
  const never = BACK_OFFICE_NEVER[type]
  if (never) return never
  if (type === 'claim' && state?.status === 'registered') {
    return 'Спеціаліст бек-офісу не бере заяви з черги фронт-офісу; дочекайтеся, доки заяву передадуть вам'
  }
  return null
}

// ── administration (issue 8: the administration screen) ────────────────────

export type AdminAction =
  'list' | 'create_clerk' | 'set_role' | 'disable_clerk' | 'enable_clerk' | 'reset_password' | 'revoke_workstation' | 'issue_enrolment_code'

/**
 * Who may do what on the administration screen (src/portal/README.md, "Security and roles"). The
 * portal decides with it on every admin request; the workstation checks it before calling the
 * portal and the renderer uses it to offer only what will be allowed.
 *
 *   - admin: everything in their centre, except disabling themselves or changing their own role
 *     (a slip of the hand must not leave the centre without an administrator);
 *   - supervisor: sees the clerks and workstations, and disables or re-enables front-desk and
 *     back-office staff (someone leaves, a password leaks, a shift ends badly) — never supervisors
 *     or administrators, and nothing else: creating accounts, roles, passwords and workstations
 *     stay with the administrator;
 *   - clerk, back_office: nothing.
 */
export function mayAdminister(role: Role): boolean {
  return role === 'supervisor' || role === 'admin'
}

const SUPERVISOR_TARGETS: ReadonlySet<Role> = new Set<Role>(['clerk', 'back_office'])

/** Why `actor` may not do `action` (to `target`, a clerk, when the action has one); null when they may. */
export function adminRefusal(
  actor: { id: string; role: Role },
  action: AdminAction,
  target: { id: string; role: Role } | null = null
): string | null {
  if (!mayAdminister(actor.role)) return 'Адміністрування доступне лише керівникові та адміністраторові системи'
  if (actor.role === 'supervisor' && action !== 'list' && action !== 'disable_clerk' && action !== 'enable_clerk') {
    return 'Ця дія доступна лише адміністраторові системи'
  }
  if (target !== null && target.id === actor.id && (action === 'disable_clerk' || action === 'set_role')) {
    return action === 'disable_clerk'
      ? 'Власний обліковий запис вимкнути не можна; попросіть іншого адміністратора'
      : 'Власну роль змінити не можна; попросіть іншого адміністратора'
  }
  if (actor.role === 'supervisor' && target !== null && !SUPERVISOR_TARGETS.has(target.role)) {
    return 'Керівник вмикає й вимикає лише облікові записи працівників фронт- і бек-офісу'
  }
  return null
}

// ── the service catalogue (issue 17: cards as versioned data) ───────────────

export type CatalogueAction =
  | 'view'
  | 'edit'
  | 'to_testing'
  | 'publish'
  | 'back_to_draft'
  | 'withdraw'
  | 'export'
  | 'import'
  /** Deleting a service's test applications in one step when its testing ends (issue 17). */
  | 'delete_tests'

/**
 * Who may do what with the centre's service cards (src/portal/README.md, "The catalogue"). The
 * portal decides with it on every catalogue request; the workstation's editor offers only what it allows.
 *
 *   - admin: everything — describing a service, trying it, opening it to citizens and withdrawing
 *     it are the administrator's (digitisation.md); no separate role is needed while one person per
 *     centre does both, and a new role would change the role list every workstation syncs;
 *   - supervisor: sees the cards by stage and their counts, and exports a version (sharing a card
 *     with another centre changes nothing here); edits and moves nothing;
 *   - clerk, back_office: nothing on the staff side (they see published cards as every desk does).
 */
const SUPERVISOR_CATALOGUE: ReadonlySet<CatalogueAction> = new Set<CatalogueAction>(['view', 'export'])

/** Why `role` may not do `action` with the catalogue; null when they may. */
export function catalogueRefusal(role: Role, action: CatalogueAction): string | null {
  if (role === 'admin') return null
  if (role === 'supervisor')
    return SUPERVISOR_CATALOGUE.has(action) ? null : 'Змінювати, тестувати й публікувати картки послуг може лише адміністратор системи'
  return 'Каталог послуг у стадіях редагування доступний лише керівникові та адміністраторові системи'
}
