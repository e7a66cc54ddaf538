import type { TFunction } from 'i18next'
import type { AuditEntry } from '../../../../shared/audit'
import { COMMAND_TYPES, PRINT_DOCUMENTS } from '../../../../shared/domain/commands'

/*
 * An entry's `detail` in words. The back end writes a few known facts (command type, document,
 * sign-in mode, lock reason); anything unknown is left out rather than shown raw.
 */

const includes = <T extends string>(list: readonly T[], v: unknown): v is T =>
  typeof v === 'string' && (list as readonly string[]).includes(v)

const MODES = ['online', 'offline', 'local'] as const
const LOCK_REASONS = ['idle', 'manual', 'restart'] as const
const FAIL_REASONS = ['wrong_password', 'locked_out', 'verifier_expired', 'clerk_disabled'] as const
const ADMIN_OPS = [
  'create_clerk',
  'set_role',
  'disable_clerk',
  'enable_clerk',
  'reset_password',
  'revoke_workstation',
  'set_offline_sign_in_days'
] as const

export function describeDetail(e: AuditEntry, t: TFunction): string {
  const d = e.detail
  const parts: string[] = []
  if (includes(COMMAND_TYPES, d['type']) && d['type'] !== 'record_print') parts.push(t(`command.${d['type']}`))
  if (includes(PRINT_DOCUMENTS, d['document'])) parts.push(t(`audit.documents.${d['document']}`))
  if (d['copy'] === true) parts.push(t('audit.detail.copy'))
  if (includes(MODES, d['mode']) && (e.action === 'sign_in' || e.action === 'sign_in_failed'))
    parts.push(t(`audit.detail.mode.${d['mode']}`))
  if (e.action === 'lock' && includes(LOCK_REASONS, d['reason'])) parts.push(t(`audit.detail.lock.${d['reason']}`))
  if (e.action === 'sign_in_failed') {
    if (d['during'] === 'unlock') parts.push(t('audit.detail.duringUnlock'))
    if (includes(FAIL_REASONS, d['reason'])) parts.push(t(`audit.detail.fail.${d['reason']}`))
  }
  if (e.action === 'sign_out' && d['reason'] === 'another_clerk_signed_in') parts.push(t('audit.detail.replaced'))
  if (e.action === 'sign_out' && d['locked'] === true) parts.push(t('audit.detail.fromLock'))
  if (typeof d['attachment'] === 'string') parts.push(t('audit.detail.attachment'))
  if (e.action === 'admin' && includes(ADMIN_OPS, d['op'])) {
    parts.push(t(`audit.detail.admin.${d['op']}`))
    if (typeof d['login'] === 'string') parts.push(t('audit.detail.login', { login: d['login'] }))
    else if (typeof d['clerkId'] === 'string') parts.push(d['clerkId'])
    if (typeof d['workstationId'] === 'string') parts.push(d['workstationId'].slice(0, 8))
    if (typeof d['to'] === 'number') parts.push(String(d['to']))
    return parts.join(' · ')
  }
  if (typeof d['login'] === 'string' && (e.action === 'sign_in_failed' || e.clerkId === null))
    parts.push(t('audit.detail.login', { login: d['login'] }))
  return parts.join(' · ')
}
