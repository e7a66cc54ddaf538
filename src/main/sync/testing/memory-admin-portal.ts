import type { AdminClerk, AdminCredentials, AdminDirectory, AdminEnrolmentCode, AdminWorkstation } from '../../../shared/admin'
import { adminRefusal, type AdminAction } from '../../../shared/domain/roles'
import type { Role } from '../../../shared/domain/application'
import { TransportError, type AdminTransport } from '../transport'

/**
 * An in-memory stand-in for the portal's administration API (src/portal/auth/admin.ts), for the
 * workstation's handler tests: the same role rules (the shared adminRefusal), the same error codes,
 * plaintext passwords (it is a test double). The real endpoints are tested in src/portal/admin.test.ts.
 */
export class MemoryAdminPortal implements AdminTransport {
  offline = false
  clerks = new Map<string, AdminClerk & { password: string }>()
  workstations = new Map<string, AdminWorkstation>()
  /** Every change, as the portal's audit log would hold it. */
  log: { by: string; op: AdminAction; target: string }[] = []
  private nextId = 1

  constructor(
    clerks: readonly { clerkId: string; login: string; name: string; role: Role; password: string }[],
    workstations: readonly AdminWorkstation[] = []
  ) {
    for (const c of clerks) {
      this.clerks.set(c.clerkId, {
        id: c.clerkId,
        login: c.login,
        name: c.name,
        role: c.role,
        disabled: false,
        disabledAt: null,
        lastSignInAt: null,
        password: c.password
      })
    }
    for (const w of workstations) this.workstations.set(w.id, { ...w })
  }

  private authorise(creds: AdminCredentials, action: AdminAction, targetId: string | null = null): { actorId: string } {
    if (this.offline) throw new TransportError('offline', 'Портал недоступний')
    const actor = [...this.clerks.values()].find((c) => c.login === creds.login)
    if (!actor || actor.password !== creds.password)
      throw new TransportError('unauthorized', 'Неправильний логін або пароль', 'invalid_credentials')
    if (actor.disabled) throw new TransportError('unauthorized', 'Обліковий запис вимкнено', 'clerk_disabled')
    let target: AdminClerk | null = null
    if (targetId !== null && action !== 'revoke_workstation') {
      target = this.clerks.get(targetId) ?? null
      if (!target) throw new TransportError('protocol', 'Працівника не знайдено', 'not_found')
    }
    const refusal = adminRefusal({ id: actor.id, role: actor.role }, action, target ? { id: target.id, role: target.role } : null)
    if (refusal) throw new TransportError('unauthorized', refusal, 'forbidden')
    if (action !== 'list') this.log.push({ by: actor.id, op: action, target: targetId ?? '' })
    return { actorId: actor.id }
  }

  async adminDirectory(creds: AdminCredentials): Promise<AdminDirectory> {
    this.authorise(creds, 'list')
    return structuredClone({
      clerks: [...this.clerks.values()].map(({ password: _password, ...c }) => c),
      workstations: [...this.workstations.values()]
    })
  }

  async adminCreateClerk(
    creds: AdminCredentials,
    clerk: { login: string; name: string; role: Role; password: string }
  ): Promise<AdminClerk> {
    if ([...this.clerks.values()].some((c) => c.login === clerk.login)) {
      this.authorise(creds, 'list')
      throw new TransportError('protocol', `Логін «${clerk.login}» уже зайнятий; оберіть інший`, 'login_taken')
    }
    this.authorise(creds, 'create_clerk')
    const created: AdminClerk = {
      id: `clerk-new-${this.nextId++}`,
      login: clerk.login,
      name: clerk.name,
      role: clerk.role,
      disabled: false,
      disabledAt: null,
      lastSignInAt: null
    }
    this.clerks.set(created.id, { ...created, password: clerk.password })
    return created
  }

  async adminSetRole(creds: AdminCredentials, clerkId: string, role: Role): Promise<void> {
    this.authorise(creds, 'set_role', clerkId)
    const c = this.clerks.get(clerkId)
    if (c) c.role = role
  }

  async adminSetDisabled(creds: AdminCredentials, clerkId: string, disabled: boolean): Promise<void> {
    this.authorise(creds, disabled ? 'disable_clerk' : 'enable_clerk', clerkId)
    const c = this.clerks.get(clerkId)
    if (c) {
      c.disabled = disabled
      c.disabledAt = disabled ? new Date(0).toISOString() : null
    }
  }

  async adminResetPassword(creds: AdminCredentials, clerkId: string, newPassword: string): Promise<void> {
    this.authorise(creds, 'reset_password', clerkId)
    const c = this.clerks.get(clerkId)
    if (c) c.password = newPassword
  }

  async adminRevokeWorkstation(creds: AdminCredentials, workstationId: string): Promise<void> {
    if (!this.workstations.has(workstationId)) {
      this.authorise(creds, 'list')
      throw new TransportError('protocol', 'Робоче місце не знайдено', 'not_found')
    }
    this.authorise(creds, 'revoke_workstation', workstationId)
    const w = this.workstations.get(workstationId)
    if (w) w.revokedAt = new Date(0).toISOString()
  }

  /** Codes it issued, in plain text (a test double): the real portal keeps only their hashes. */
  codes: AdminEnrolmentCode[] = []

  async adminIssueEnrolmentCode(creds: AdminCredentials, validHours: number): Promise<AdminEnrolmentCode> {
    this.authorise(creds, 'issue_enrolment_code')
    const issued = {
      id: `enrol-${this.nextId++}`,
      code: `TEST-CODE-${String(this.nextId).padStart(4, '0')}-ABCD`,
      expiresAt: new Date(Date.parse('2026-11-27T10:00:00Z') + validHours * 3_600_000).toISOString()
    }
    this.codes.push(issued)
    return issued
  }
}
