import { act, fireEvent, screen, waitFor } from '@testing-library/react'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { ClerkSession } from '../../../../shared/session'
import type { SessionState } from '../../../../shared/session-contract'
import { i18n } from '../../lib/i18n'
import { setClockForTests } from '../../lib/clock'
import { fakeBridge } from '../../lib/testing/fake-bridge'
import { renderWithProviders } from '../../lib/testing/render'
import { SessionGate } from './SessionGate'
import { lock, resetSessionStore } from './session-store'

const OLENA: ClerkSession = { clerkId: 'clerk-olena', name: 'Олена Коваль', role: 'clerk', centreId: 'khm-cnap' }
const state = (over: Partial<SessionState> = {}): SessionState => ({
  clerk: OLENA,
  locked: false,
  lockedUntil: null,
  idleLockMinutes: 10,
  revision: 1,
  sealed: false,
  ...over
})

function gate() {
  return renderWithProviders(
    <SessionGate>
      <p>Черга заявок</p>
    </SessionGate>
  )
}

beforeEach(() => resetSessionStore())

describe('sign-in screen', () => {
  it('asks for the missing fields without calling the back end, then shows the back end’s refusal', async () => {
    const fake = fakeBridge({
      'session.state': () => ({ ok: true, value: state({ clerk: null }) }),
      'session.signIn': ({ password }) =>
        password === 'vikno-demo'
          ? { ok: true, value: state() }
          : { ok: false, error: { code: 'unauthenticated', message: 'Невірний логін або пароль', field: 'password' } }
    })
    gate()
    const login = await screen.findByLabelText(/Логін/)
    expect(document.activeElement).toBe(login)
    expect(screen.queryByText('Черга заявок')).toBeNull()

    fireEvent.click(screen.getByRole('button', { name: 'Увійти' }))
    expect(await screen.findByText('Введіть логін')).toBeTruthy()
    expect(screen.getByText('Введіть пароль')).toBeTruthy()
    expect(fake.callsOf('session.signIn')).toEqual([])

    fireEvent.change(login, { target: { value: ' olena ' } })
    const password = screen.getByLabelText(/Пароль/, { selector: 'input' })
    fireEvent.change(password, { target: { value: 'не той' } })
    fireEvent.click(screen.getByRole('button', { name: 'Увійти' }))
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toContain('Невірний логін або пароль')
    expect(fake.callsOf('session.signIn')).toEqual([{ login: 'olena', password: 'не той' }])
    expect((password as HTMLInputElement).value).toBe('')
    expect(document.activeElement).toBe(password)

    fireEvent.change(password, { target: { value: 'vikno-demo' } })
    fireEvent.submit(password.closest('form') as HTMLFormElement)
    expect(await screen.findByText('Черга заявок')).toBeTruthy()
  })

  it('on a sealed workstation says the data is encrypted until someone signs in, and the line goes with the sign-in', async () => {
    fakeBridge({
      'session.state': () => ({ ok: true, value: state({ clerk: null, sealed: true }) }),
      'session.signIn': () => ({ ok: true, value: state() })
    })
    gate()
    expect(await screen.findByText(/Дані цієї робочої станції зашифровано, доки хтось із працівників/)).toBeTruthy()
    fireEvent.change(screen.getByLabelText(/Логін/), { target: { value: 'olena' } })
    fireEvent.change(screen.getByLabelText(/Пароль/, { selector: 'input' }), { target: { value: 'vikno-demo' } })
    fireEvent.click(screen.getByRole('button', { name: 'Увійти' }))
    expect(await screen.findByText('Черга заявок')).toBeTruthy()
    expect(screen.queryByText(/зашифровано/)).toBeNull()
  })

  it('says nothing of encryption when the workstation is not sealed', async () => {
    fakeBridge({ 'session.state': () => ({ ok: true, value: state({ clerk: null }) }) })
    gate()
    await screen.findByLabelText(/Логін/)
    expect(screen.queryByText(/зашифровано/)).toBeNull()
  })

  it('says how long to wait after too many attempts, in English too', async () => {
    fakeBridge({
      'session.state': () => ({ ok: true, value: state({ clerk: null }) }),
      'session.signIn': () => ({ ok: false, error: { code: 'rate_limited', message: 'Забагато спроб. Спробуйте через 30 с' } })
    })
    await act(async () => {
      await i18n.changeLanguage('en')
    })
    gate()
    fireEvent.change(await screen.findByLabelText(/Login/), { target: { value: 'olena' } })
    fireEvent.change(screen.getByLabelText(/Password/, { selector: 'input' }), { target: { value: 'x' } })
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }))
    expect((await screen.findByRole('alert')).textContent).toContain('Too many attempts. Try again in 30 s')
  })
})

describe('lock screen', () => {
  it('hides the screens behind a focus-trapped dialog that names the clerk; Escape does nothing; the password unlocks', async () => {
    let locked = true
    const fake = fakeBridge({
      'session.state': () => ({ ok: true, value: state({ locked }) }),
      'session.unlock': ({ password }) => {
        if (password !== 'vikno-demo')
          return { ok: false, error: { code: 'unauthenticated', message: 'Невірний пароль', field: 'password' } }
        locked = false
        return { ok: true, value: state() }
      }
    })
    gate()
    const dialog = await screen.findByRole('dialog', { name: 'Робоче місце заблоковано' })
    expect(dialog.textContent).toContain('Олена Коваль')
    expect(dialog.textContent).toContain('Адміністратор ЦНАП')
    // The screens stay mounted (a half-filled form survives) but are inert and hidden from assistive technology.
    const behind = screen.getByText('Черга заявок', { ignore: '[role=dialog] *' }).parentElement as HTMLElement
    expect(behind.hasAttribute('inert')).toBe(true)
    expect(behind.getAttribute('aria-hidden')).toBe('true')

    const password = screen.getByLabelText(/Пароль/, { selector: 'input' })
    await waitFor(() => expect(document.activeElement).toBe(password))
    fireEvent.keyDown(dialog, { key: 'Escape' })
    expect(screen.getByRole('dialog')).toBeTruthy()

    fireEvent.click(screen.getByRole('button', { name: 'Розблокувати' }))
    expect(await screen.findByText('Введіть пароль')).toBeTruthy()
    expect(fake.callsOf('session.unlock')).toEqual([])

    fireEvent.change(password, { target: { value: 'помилка' } })
    fireEvent.click(screen.getByRole('button', { name: 'Розблокувати' }))
    expect((await screen.findByRole('alert')).textContent).toContain('Невірний пароль')

    fireEvent.change(password, { target: { value: 'vikno-demo' } })
    fireEvent.click(screen.getByRole('button', { name: 'Розблокувати' }))
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
    expect(screen.getByText('Черга заявок').parentElement?.hasAttribute('inert')).toBe(false)
    expect(fake.callsOf('session.unlock')).toEqual([{ password: 'помилка' }, { password: 'vikno-demo' }])
  })

  it('shows the lockout countdown from the state and keeps the unlock button disabled until it ends', async () => {
    const t0 = Date.parse('2026-11-30T10:00:00.000Z')
    setClockForTests(() => t0)
    fakeBridge({ 'session.state': () => ({ ok: true, value: state({ locked: true, lockedUntil: new Date(t0 + 45_000).toISOString() }) }) })
    gate()
    expect((await screen.findByRole('status')).textContent).toContain('Забагато спроб. Спробуйте через 45 с')
    expect(screen.getByRole('button', { name: 'Розблокувати' }).hasAttribute('disabled')).toBe(true)
  })

  it('a session event that arrives after a later call’s answer does not undo it: the desk stays locked', async () => {
    const fake = fakeBridge({
      'session.state': () => ({ ok: true, value: state({ revision: 5 }) }),
      'session.lock': () => ({ ok: true, value: state({ locked: true, revision: 7 }) })
    })
    gate()
    await screen.findByText('Черга заявок')
    await act(async () => {
      await lock('manual')
    })
    expect(await screen.findByRole('dialog', { name: 'Робоче місце заблоковано' })).toBeTruthy()
    // The sign-in's event (revision 6), delayed on a busy machine, reaches the renderer only now.
    act(() => fake.emit('session.changed', state({ locked: false, revision: 6 })))
    expect(screen.getByRole('dialog', { name: 'Робоче місце заблоковано' })).toBeTruthy()
    // A newer state is taken: the desk unlocked elsewhere (another window of the web shell).
    act(() => fake.emit('session.changed', state({ locked: false, revision: 8 })))
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
  })

  it('locks the session itself after the idle time without keyboard or mouse', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
    let now = Date.parse('2026-11-30T10:00:00.000Z')
    setClockForTests(() => now)
    const fake = fakeBridge({
      'session.state': () => ({ ok: true, value: state({ idleLockMinutes: 1 }) }),
      'session.lock': () => ({ ok: true, value: state({ locked: true }) })
    })
    gate()
    await screen.findByText('Черга заявок')
    now += 50_000
    fireEvent.keyDown(window, { key: 'a' }) // someone is at the desk
    now += 50_000
    await act(async () => {
      vi.advanceTimersByTime(5_000)
    })
    expect(fake.callsOf('session.lock')).toEqual([])
    now += 11_000
    await act(async () => {
      vi.advanceTimersByTime(5_000)
    })
    expect(fake.callsOf('session.lock')).toEqual([{ reason: 'idle' }])
    expect(await screen.findByRole('dialog', { name: 'Робоче місце заблоковано' })).toBeTruthy()
  })
})
