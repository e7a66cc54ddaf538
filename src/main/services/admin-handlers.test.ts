import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { closeDatabase, openDatabase, type Db } from '../db/connection'
import { searchAudit } from '../db/audit-repository'
import { MemoryAdminPortal } from '../sync/testing/memory-admin-portal'
import { DEMO_CLERKS, type DemoClerk } from '../../shared/demo/clerks'
import { ADMIN_OFFLINE_MESSAGE } from '../../shared/admin-contract'
import { DomainError } from '../../shared/result'
import { createAuditTrail } from './audit-trail'
import { createAdminHandlers, type AdminHandlerMap } from './admin-handlers'
import { createSessionService, type SessionService } from './session-service'

const byLogin = (login: string): DemoClerk => DEMO_CLERKS.find((c) => c.login === login) as DemoClerk
const NADIIA = byLogin('nadiia')
const PETRO = byLogin('petro')
const OLENA = byLogin('olena')
const PW = 'vikno-demo'
const WS = { id: 'ws-2', label: 'Вікно 2', node: 3, enrolledAt: '2026-11-01T08:00:00.000Z', lastSeenAt: null, revokedAt: null }

let db: Db
let portal: MemoryAdminPortal
let session: SessionService
let handlers: AdminHandlerMap

async function refusal(p: unknown): Promise<DomainError> {
  try {
    await p
  } catch (e) {
    if (e instanceof DomainError) return e
    throw e
  }
  throw new Error('expected a refusal')
}

function build(transport: MemoryAdminPortal | null): void {
  const clock = (): Date => new Date('2026-11-30T10:00:00.000Z')
  const audit = createAuditTrail({ db, clock, workstationId: 'ws-1' })
  session = createSessionService({
    db,
    clock,
    audit,
    portalSignIn: async (login) => {
      const c = byLogin(login)
      return { clerk: { clerkId: c.clerkId, name: c.name, role: c.role, centreId: c.centreId }, keyId: null }
    },
    onChange: () => undefined,
    log: { info: () => undefined, warn: () => undefined },
    kdf: { N: 1024, r: 8, p: 1 }
  })
  handlers = createAdminHandlers({ session, audit, transport, workstationId: 'ws-1', log: { warn: () => undefined } })
}

beforeEach(() => {
  db = openDatabase(':memory:')
  portal = new MemoryAdminPortal(DEMO_CLERKS, [WS])
  build(portal)
})
afterEach(() => closeDatabase(db))

describe('admin handlers', () => {
  it('an administrator lists, creates, re-roles, disables, re-enables, resets and revokes; each change is in the local audit trail', async () => {
    await session.signIn('nadiia', PW)
    const dir = await handlers['admin.directory']({ password: PW })
    expect(dir.thisWorkstationId).toBe('ws-1')
    expect(dir.clerks.map((c) => c.login)).toContain('olena')

    const created = await handlers['admin.createClerk']({
      password: PW,
      login: 'marta',
      name: 'Марта Гнатюк',
      role: 'clerk',
      initialPassword: 'marta-pass-2026'
    })
    const marta = created.clerks.find((c) => c.login === 'marta')
    expect(marta).toMatchObject({ role: 'clerk', disabled: false })
    const id = marta?.id ?? ''
    expect(
      (await handlers['admin.setRole']({ password: PW, clerkId: id, role: 'back_office' })).clerks.find((c) => c.id === id)?.role
    ).toBe('back_office')
    expect(
      (await handlers['admin.setDisabled']({ password: PW, clerkId: id, disabled: true })).clerks.find((c) => c.id === id)?.disabled
    ).toBe(true)
    expect(
      (await handlers['admin.setDisabled']({ password: PW, clerkId: id, disabled: false })).clerks.find((c) => c.id === id)?.disabled
    ).toBe(false)
    await handlers['admin.resetPassword']({ password: PW, clerkId: id, newPassword: 'another-pass-1' })
    expect(portal.clerks.get(id)?.password).toBe('another-pass-1')
    expect((await handlers['admin.revokeWorkstation']({ password: PW, workstationId: 'ws-2' })).workstations[0]?.revokedAt).not.toBeNull()
    const issued = await handlers['admin.issueEnrolmentCode']({ password: PW, validHours: 24 })
    expect(portal.codes).toEqual([issued])

    const trail = searchAudit(db, { action: 'admin', offset: 0, limit: 20 }).rows.reverse()
    expect(trail.map((r) => [r.clerkId, r.detail['op']])).toEqual([
      [NADIIA.clerkId, 'create_clerk'],
      [NADIIA.clerkId, 'set_role'],
      [NADIIA.clerkId, 'disable_clerk'],
      [NADIIA.clerkId, 'enable_clerk'],
      [NADIIA.clerkId, 'reset_password'],
      [NADIIA.clerkId, 'revoke_workstation'],
      [NADIIA.clerkId, 'issue_enrolment_code']
    ])
    // The trail says a code was issued, never the code.
    expect(JSON.stringify(trail)).not.toContain(issued.code)
    expect(JSON.stringify(trail)).not.toContain('another-pass-1')
    expect(JSON.stringify(trail)).not.toContain('marta-pass-2026')
    expect(portal.log.every((e) => e.by === NADIIA.clerkId)).toBe(true)
  })

  it('clerks are refused here, before the portal is asked; supervisors list and switch front-desk staff only', async () => {
    await session.signIn('olena', PW)
    expect((await refusal(handlers['admin.directory']({ password: PW }))).code).toBe('forbidden')
    expect((await refusal(handlers['admin.setDisabled']({ password: PW, clerkId: 'clerk-taras', disabled: true }))).code).toBe('forbidden')
    expect(portal.log).toEqual([])

    await session.signIn('petro', PW)
    expect((await handlers['admin.directory']({ password: PW })).clerks.length).toBe(DEMO_CLERKS.length)
    expect(
      (await handlers['admin.setDisabled']({ password: PW, clerkId: OLENA.clerkId, disabled: true })).clerks.find(
        (c) => c.id === OLENA.clerkId
      )?.disabled
    ).toBe(true)
    for (const attempt of [
      handlers['admin.createClerk']({
        password: PW,
        login: 'marta',
        name: 'Марта Гнатюк',
        role: 'clerk',
        initialPassword: 'marta-pass-2026'
      }),
      handlers['admin.setRole']({ password: PW, clerkId: OLENA.clerkId, role: 'admin' }),
      handlers['admin.resetPassword']({ password: PW, clerkId: OLENA.clerkId, newPassword: 'another-pass-1' }),
      handlers['admin.revokeWorkstation']({ password: PW, workstationId: 'ws-2' }),
      handlers['admin.issueEnrolmentCode']({ password: PW, validHours: 24 }),
      handlers['admin.setDisabled']({ password: PW, clerkId: PETRO.clerkId, disabled: true })
    ]) {
      expect((await refusal(attempt)).code).toBe('forbidden')
    }
    // Refused by the portal (the workstation does not know the target's role): an administrator.
    const portalSays = await refusal(handlers['admin.setDisabled']({ password: PW, clerkId: NADIIA.clerkId, disabled: true }))
    expect(portalSays).toMatchObject({ code: 'forbidden', message: expect.stringContaining('фронт- і бек-офісу') })
    expect(portal.log.map((e) => e.op)).toEqual(['disable_clerk'])
  })

  it('nobody disables or demotes themselves', async () => {
    await session.signIn('nadiia', PW)
    expect((await refusal(handlers['admin.setDisabled']({ password: PW, clerkId: NADIIA.clerkId, disabled: true }))).message).toMatch(
      /Власний обліковий запис/
    )
    expect((await refusal(handlers['admin.setRole']({ password: PW, clerkId: NADIIA.clerkId, role: 'clerk' }))).message).toMatch(
      /Власну роль/
    )
    expect(portal.log).toEqual([])
  })

  it('a wrong password is told at the password field; a taken login at the login field; nothing is recorded', async () => {
    await session.signIn('nadiia', PW)
    expect(await refusal(handlers['admin.directory']({ password: 'wrong' }))).toMatchObject({ code: 'unauthenticated', field: 'password' })
    expect(
      await refusal(
        handlers['admin.createClerk']({
          password: PW,
          login: 'olena',
          name: 'Ще одна Олена',
          role: 'clerk',
          initialPassword: 'marta-pass-2026'
        })
      )
    ).toMatchObject({ code: 'conflict', field: 'login' })
    expect(searchAudit(db, { action: 'admin', offset: 0, limit: 5 }).total).toBe(0)
  })

  it('offline, or without a portal at all: one clear sentence and a machine code', async () => {
    await session.signIn('nadiia', PW)
    portal.offline = true
    expect(await refusal(handlers['admin.directory']({ password: PW }))).toMatchObject({ code: 'offline', message: ADMIN_OFFLINE_MESSAGE })
    expect(await refusal(handlers['admin.setDisabled']({ password: PW, clerkId: OLENA.clerkId, disabled: true }))).toMatchObject({
      code: 'offline'
    })
    build(null)
    await session.signIn('nadiia', PW)
    expect(await refusal(handlers['admin.directory']({ password: PW }))).toMatchObject({
      code: 'offline',
      message: 'Адміністрування доступне лише з підключенням до порталу'
    })
    expect(searchAudit(db, { action: 'admin', offset: 0, limit: 5 }).total).toBe(0)
  })

  it('local settings: idle lock and the offline sign-in term, supervisors and administrators only', async () => {
    await session.signIn('olena', PW)
    expect((await refusal(handlers['admin.localSettings']({}))).code).toBe('forbidden')
    await session.signIn('petro', PW)
    expect(await handlers['admin.localSettings']({})).toEqual({ idleLockMinutes: 10, offlineSignInDays: 30 })
    expect(await handlers['admin.setOfflineSignInDays']({ days: 14 })).toEqual({ idleLockMinutes: 10, offlineSignInDays: 14 })
    expect(searchAudit(db, { action: 'admin', offset: 0, limit: 1 }).rows[0]?.detail).toEqual({
      op: 'set_offline_sign_in_days',
      from: 30,
      to: 14
    })
  })
})
