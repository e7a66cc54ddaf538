import type { ApplicationRecord } from './application'
import type { CommandType } from './commands'

export type Role = 'clerk' | 'back_office' | 'supervisor' | 'admin'

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
  issue_result: 'Видавати результат заявникові можуть лише адміністратори фронт-офісу'
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
