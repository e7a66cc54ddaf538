import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { beforeEach, describe, expect, it } from 'vitest'
import type { AdminDirectoryView } from '../../../../shared/admin-contract'
import type { ClerkSession } from '../../../../shared/session'
import { fakeBridge } from '../../lib/testing/fake-bridge'
import { renderWithProviders } from '../../lib/testing/render'
import { AdminScreen } from './AdminScreen'
import { resetAdminStore } from './admin-store'
import { validateNewClerk } from './admin-validation'

const NADIIA: ClerkSession = { clerkId: 'admin-nadiia', name: 'Надія Ткачук', role: 'admin', centreId: 'khm-cnap' }
const PETRO: ClerkSession = { clerkId: 'clerk-petro', name: 'Петро Бондар', role: 'supervisor', centreId: 'khm-cnap' }

const clerk = (id: string, name: string, login: string, role: 'clerk' | 'back_office' | 'supervisor' | 'admin', disabled = false) => ({
  id,
  name,
  login,
  role,
  disabled,
  disabledAt: disabled ? '2026-11-29T08:00:00.000Z' : null,
  lastSignInAt: null
})

const DIRECTORY: AdminDirectoryView = {
  clerks: [
    clerk('admin-nadiia', 'Надія Ткачук', 'nadiia', 'admin'),
    clerk('clerk-olena', 'Олена Коваль', 'olena', 'clerk'),
    clerk('clerk-petro', 'Петро Бондар', 'petro', 'supervisor'),
    clerk('clerk-taras', 'Тарас Мар’янчук', 'taras', 'clerk', true)
  ],
  workstations: [
    {
      id: 'ws-1',
      label: 'Вікно 1',
      node: 2,
      enrolledAt: '2026-11-01T08:00:00.000Z',
      lastSeenAt: '2026-11-30T08:00:00.000Z',
      revokedAt: null
    },
    { id: 'ws-2', label: 'Вікно 2', node: 3, enrolledAt: '2026-11-01T08:00:00.000Z', lastSeenAt: null, revokedAt: null }
  ],
  thisWorkstationId: 'ws-1'
}

beforeEach(() => resetAdminStore())

function bridge(over: Parameters<typeof fakeBridge>[0] = {}) {
  return fakeBridge({
    'admin.localSettings': () => ({ ok: true, value: { idleLockMinutes: 10, offlineSignInDays: 30 } }),
    'admin.directory': ({ password }) =>
      password === 'vikno-demo'
        ? { ok: true, value: DIRECTORY }
        : {
            ok: false,
            error: { code: 'unauthenticated', message: 'Невірний пароль. Введіть пароль, з яким ви увійшли до системи.', field: 'password' }
          },
    ...over
  })
}

async function open(): Promise<void> {
  fireEvent.change(screen.getByLabelText('Ваш пароль'), { target: { value: 'vikno-demo' } })
  fireEvent.click(screen.getByRole('button', { name: 'Показати' }))
  await screen.findByRole('heading', { name: 'Працівники' })
}

describe('AdminScreen', () => {
  it('opens the lists with the password; a wrong one is told at the field', async () => {
    bridge()
    renderWithProviders(<AdminScreen clerk={NADIIA} />)
    fireEvent.click(screen.getByRole('button', { name: 'Показати' }))
    expect(await screen.findByText('Введіть свій пароль')).toBeTruthy()
    fireEvent.change(screen.getByLabelText('Ваш пароль'), { target: { value: 'wrong' } })
    fireEvent.click(screen.getByRole('button', { name: 'Показати' }))
    expect(await screen.findByText(/Невірний пароль/)).toBeTruthy()
    await open()
    const rows = within(screen.getByRole('table', { name: 'Працівники ЦНАП' })).getAllByRole('row')
    expect(rows).toHaveLength(5)
    const taras = within(rows[4] as HTMLElement)
    expect(taras.getByText('Вимкнено')).toBeTruthy()
    expect(taras.getByRole('button', { name: 'Увімкнути: Тарас Мар’янчук' })).toBeTruthy()
    // Nobody disables or re-roles themselves.
    const me = within(rows[1] as HTMLElement)
    expect(me.queryByRole('button', { name: /Вимкнути/ })).toBeNull()
    expect(me.queryByRole('button', { name: /Змінити роль/ })).toBeNull()
    expect(screen.getByText('це робоче місце')).toBeTruthy()
    expect(screen.getByRole('button', { name: 'Відкликати доступ: Вікно 2' })).toBeTruthy()
  })

  it('a supervisor sees only enable/disable of front-desk and back-office staff', async () => {
    bridge()
    renderWithProviders(<AdminScreen clerk={PETRO} />)
    await open()
    expect(screen.queryByRole('button', { name: 'Додати працівника' })).toBeNull()
    expect(screen.queryByRole('button', { name: /Змінити роль/ })).toBeNull()
    expect(screen.queryByRole('button', { name: /Скинути пароль/ })).toBeNull()
    expect(screen.queryByRole('button', { name: /Відкликати/ })).toBeNull()
    expect(screen.getByRole('button', { name: 'Вимкнути: Олена Коваль' })).toBeTruthy()
    expect(screen.queryByRole('button', { name: 'Вимкнути: Надія Ткачук' })).toBeNull()
  })

  it('«Додати працівника»: checks the form in Ukrainian, then sends it with the admin’s password', async () => {
    const fake = bridge({
      'admin.createClerk': () => ({
        ok: true,
        value: { ...DIRECTORY, clerks: [...DIRECTORY.clerks, clerk('clerk-new', 'Марта Гнатюк', 'marta', 'back_office')] }
      })
    })
    renderWithProviders(<AdminScreen clerk={NADIIA} />)
    await open()
    fireEvent.click(screen.getByRole('button', { name: 'Додати працівника' }))
    const dialog = await screen.findByRole('dialog', { name: 'Новий працівник' })
    const d = within(dialog)
    fireEvent.change(d.getByLabelText(/^Логін/), { target: { value: 'Марта' } })
    fireEvent.change(d.getByLabelText(/^Початковий пароль/), { target: { value: 'short' } })
    fireEvent.click(d.getByRole('button', { name: 'Створити обліковий запис' }))
    expect(await d.findByText('Вкажіть ім’я та прізвище')).toBeTruthy()
    expect(d.getByText(/Логін — малі латинські літери/)).toBeTruthy()
    expect(d.getByText('Пароль — щонайменше 10 символів')).toBeTruthy()
    expect(d.getByText('Введіть свій пароль')).toBeTruthy()
    expect(fake.callsOf('admin.createClerk')).toEqual([])

    fireEvent.change(d.getByLabelText(/^Ім’я та прізвище/), { target: { value: 'Марта Гнатюк' } })
    fireEvent.change(d.getByLabelText(/^Логін/), { target: { value: 'marta' } })
    fireEvent.change(d.getByLabelText(/^Роль/), { target: { value: 'back_office' } })
    fireEvent.change(d.getByLabelText(/^Початковий пароль/), { target: { value: 'marta-pass-2026' } })
    fireEvent.change(d.getByLabelText(/^Повторіть пароль/), { target: { value: 'marta-pass-2026' } })
    fireEvent.change(d.getByLabelText(/^Ваш пароль/), { target: { value: 'vikno-demo' } })
    fireEvent.click(d.getByRole('button', { name: 'Створити обліковий запис' }))
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
    expect(fake.callsOf('admin.createClerk')).toEqual([
      { password: 'vikno-demo', login: 'marta', name: 'Марта Гнатюк', role: 'back_office', initialPassword: 'marta-pass-2026' }
    ])
    expect(screen.getByText('Марта Гнатюк')).toBeTruthy()
  })

  it('revoking names the workstation and warns it stops syncing at once; offline is said plainly', async () => {
    bridge({
      'admin.revokeWorkstation': () => ({
        ok: false,
        error: { code: 'offline', message: 'Адміністрування доступне лише з підключенням до порталу' }
      })
    })
    renderWithProviders(<AdminScreen clerk={NADIIA} />)
    await open()
    fireEvent.click(screen.getByRole('button', { name: 'Відкликати доступ: Вікно 2' }))
    const dialog = await screen.findByRole('dialog', { name: 'Відкликати робоче місце «Вікно 2»?' })
    expect(dialog.textContent).toContain('негайно перестане синхронізуватися')
    fireEvent.change(within(dialog).getByLabelText(/^Ваш пароль/), { target: { value: 'vikno-demo' } })
    fireEvent.click(within(dialog).getByRole('button', { name: 'Відкликати доступ' }))
    expect((await within(dialog).findByRole('alert')).textContent).toContain('лише з підключенням до порталу')
  })

  it('each confirmation says what it changes, about whom, and sends exactly that with the password', async () => {
    const sent: unknown[] = []
    bridge({
      'admin.setRole': (input) => {
        sent.push(['setRole', input])
        return { ok: true, value: DIRECTORY }
      },
      'admin.setDisabled': (input) => {
        sent.push(['setDisabled', input])
        return { ok: true, value: DIRECTORY }
      },
      'admin.revokeWorkstation': (input) => {
        sent.push(['revoke', input])
        return { ok: true, value: DIRECTORY }
      }
    })
    renderWithProviders(<AdminScreen clerk={NADIIA} />)
    await open()

    // Role: the intro names the role the clerk has now; the same role again is refused before anything is sent.
    fireEvent.click(screen.getByRole('button', { name: 'Змінити роль: Олена Коваль' }))
    let dialog = await screen.findByRole('dialog', { name: 'Роль: Олена Коваль' })
    expect(dialog.textContent).toContain('Зараз: Адміністратор ЦНАП (фронт-офіс). Нова роль')
    fireEvent.change(within(dialog).getByLabelText(/^Ваш пароль/), { target: { value: 'vikno-demo' } })
    fireEvent.click(within(dialog).getByRole('button', { name: 'Змінити роль' }))
    expect((await within(dialog).findByRole('alert')).textContent).toContain('Оберіть іншу роль')
    expect(sent).toEqual([])
    fireEvent.change(within(dialog).getByRole('combobox'), { target: { value: 'supervisor' } })
    fireEvent.click(within(dialog).getByRole('button', { name: 'Змінити роль' }))
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
    expect(sent).toEqual([['setRole', { password: 'vikno-demo', clerkId: 'clerk-olena', role: 'supervisor' }]])

    // Disable: a warning, then exactly this clerk disabled.
    fireEvent.click(screen.getByRole('button', { name: 'Вимкнути: Олена Коваль' }))
    dialog = await screen.findByRole('dialog', { name: 'Вимкнути обліковий запис: Олена Коваль' })
    expect(dialog.textContent).toContain('не зможе увійти на жодному робочому місці')
    fireEvent.change(within(dialog).getByLabelText(/^Ваш пароль/), { target: { value: 'vikno-demo' } })
    fireEvent.click(within(dialog).getByRole('button', { name: 'Вимкнути' }))
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
    expect(sent.at(-1)).toEqual(['setDisabled', { password: 'vikno-demo', clerkId: 'clerk-olena', disabled: true }])

    // Enable: the disabled clerk comes back.
    fireEvent.click(screen.getByRole('button', { name: 'Увімкнути: Тарас Мар’янчук' }))
    dialog = await screen.findByRole('dialog', { name: /Тарас Мар’янчук/ })
    fireEvent.change(within(dialog).getByLabelText(/^Ваш пароль/), { target: { value: 'vikno-demo' } })
    fireEvent.click(within(dialog).getByRole('button', { name: 'Увімкнути' }))
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
    expect(sent.at(-1)).toEqual(['setDisabled', { password: 'vikno-demo', clerkId: 'clerk-taras', disabled: false }])

    // Revoking the workstation one is working at says so.
    fireEvent.click(screen.getByRole('button', { name: 'Відкликати доступ: Вікно 1' }))
    dialog = await screen.findByRole('dialog', { name: 'Відкликати робоче місце «Вікно 1»?' })
    expect(dialog.textContent).toContain('(вузол 2)')
    expect(dialog.textContent).toContain('Це робоче місце, за яким ви зараз працюєте.')
    fireEvent.change(within(dialog).getByLabelText(/^Ваш пароль/), { target: { value: 'vikno-demo' } })
    fireEvent.click(within(dialog).getByRole('button', { name: 'Відкликати доступ' }))
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
    expect(sent.at(-1)).toEqual(['revoke', { password: 'vikno-demo', workstationId: 'ws-1' }])
  })

  it('a password reset asks for the new password twice and sends it only when both agree', async () => {
    const sent: unknown[] = []
    bridge({
      'admin.resetPassword': (input) => {
        sent.push(input)
        return { ok: true, value: DIRECTORY }
      }
    })
    renderWithProviders(<AdminScreen clerk={NADIIA} />)
    await open()
    fireEvent.click(screen.getByRole('button', { name: 'Скинути пароль: Олена Коваль' }))
    const dialog = await screen.findByRole('dialog', { name: 'Новий пароль: Олена Коваль' })
    fireEvent.change(within(dialog).getByLabelText(/^Новий пароль/), { target: { value: 'нове-гасло-2026' } })
    fireEvent.change(within(dialog).getByLabelText(/^Повторіть пароль/), { target: { value: 'інше-гасло-2026' } })
    fireEvent.change(within(dialog).getByLabelText(/^Ваш пароль/), { target: { value: 'vikno-demo' } })
    fireEvent.click(within(dialog).getByRole('button', { name: 'Змінити пароль' }))
    expect(await within(dialog).findByText('Паролі не збігаються')).toBeTruthy()
    expect(sent).toEqual([])
    fireEvent.change(within(dialog).getByLabelText(/^Повторіть пароль/), { target: { value: 'нове-гасло-2026' } })
    expect(within(dialog).queryByText('Паролі не збігаються')).toBeNull()
    fireEvent.click(within(dialog).getByRole('button', { name: 'Змінити пароль' }))
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
    expect(sent).toEqual([{ password: 'vikno-demo', clerkId: 'clerk-olena', newPassword: 'нове-гасло-2026' }])
  })

  it('the idle lock: 1 to 60 whole minutes, saved through session.setIdleLock', async () => {
    const fake = bridge({
      'session.setIdleLock': ({ minutes }) => ({
        ok: true,
        value: { clerk: NADIIA, locked: false, lockedUntil: null, idleLockMinutes: minutes, sealed: false, revision: 1 }
      })
    })
    renderWithProviders(<AdminScreen clerk={NADIIA} />)
    const input = await screen.findByLabelText(/Автоматичне блокування, хвилин/)
    const form = input.closest('form') as HTMLFormElement
    fireEvent.change(input, { target: { value: '0' } })
    fireEvent.click(within(form).getByRole('button', { name: 'Зберегти' }))
    expect(await screen.findByText('Ціле число хвилин від 1 до 60')).toBeTruthy()
    fireEvent.change(input, { target: { value: '15' } })
    fireEvent.click(within(form).getByRole('button', { name: 'Зберегти' }))
    await waitFor(() => expect(fake.callsOf('session.setIdleLock')).toEqual([{ minutes: 15 }]))
  })

  it('a clerk who reaches the address sees a refusal, nothing else', () => {
    bridge()
    renderWithProviders(<AdminScreen clerk={{ ...NADIIA, role: 'clerk' }} />)
    expect(screen.getByText('Цей екран доступний лише керівникові та адміністраторові системи.').closest('[role="alert"]')).toBeTruthy()
  })
})

describe('validateNewClerk', () => {
  it('names every problem', () => {
    expect(validateNewClerk({ login: 'ab', name: 'Ма', role: '', initialPassword: ' abcdefghij', repeatPassword: '' })).toEqual({
      login: 'admin.errors.loginLength',
      name: 'admin.errors.nameInvalid',
      role: 'admin.errors.roleRequired',
      initialPassword: 'admin.errors.passwordSpaces'
    })
    expect(
      validateNewClerk({
        login: 'marta',
        name: 'Марта Гнатюк',
        role: 'clerk',
        initialPassword: 'marta-pass-2026',
        repeatPassword: 'marta-pass-2027'
      })
    ).toEqual({
      repeatPassword: 'admin.errors.passwordMismatch'
    })
  })
})

describe('enrolment codes (issue 20)', () => {
  it('an administrator issues a one-time code with their password and sees it once; a supervisor is not offered it', async () => {
    const asked: unknown[] = []
    bridge({
      'admin.issueEnrolmentCode': (input) => {
        asked.push(input)
        return { ok: true, value: { id: 'enrol-1', code: 'K7QM-4XPR-9TAW-ZZ22', expiresAt: '2026-12-01T08:00:00.000Z' } }
      }
    })
    const first = renderWithProviders(<AdminScreen clerk={NADIIA} />)
    await open()
    fireEvent.click(screen.getByRole('button', { name: 'Видати код підключення' }))
    const dialog = within(await screen.findByRole('dialog', { name: 'Код підключення робочого місця' }))
    fireEvent.change(dialog.getByLabelText('Строк дії'), { target: { value: '8' } })
    fireEvent.click(dialog.getByRole('button', { name: 'Видати код' }))
    expect(await dialog.findByText('Введіть свій пароль')).toBeTruthy()
    expect(asked).toEqual([])
    fireEvent.change(dialog.getByLabelText('Ваш пароль'), { target: { value: 'vikno-demo' } })
    fireEvent.click(dialog.getByRole('button', { name: 'Видати код' }))
    expect((await dialog.findByTestId('enrolment-code')).textContent).toBe('K7QM-4XPR-9TAW-ZZ22')
    expect(asked).toEqual([{ password: 'vikno-demo', validHours: 8 }])
    fireEvent.click(dialog.getByRole('button', { name: 'Готово' }))
    await waitFor(() => expect(screen.queryByTestId('enrolment-code')).toBeNull())

    first.unmount()
    resetAdminStore()
    renderWithProviders(<AdminScreen clerk={PETRO} />)
    await open()
    expect(screen.queryByRole('button', { name: 'Видати код підключення' })).toBeNull()
  })
})
