import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { beforeEach, describe, expect, it } from 'vitest'
import type { CardVersion, ServiceCard } from '../../../../shared/catalogue/card'
import type { CardVersionResponse, CatalogueList } from '../../../../shared/catalogue/contract'
import { publicationErrors } from '../../../../shared/catalogue/publication'
import type { ClerkSession } from '../../../../shared/session'
import { fakeBridge } from '../../lib/testing/fake-bridge'
import { renderWithProviders } from '../../lib/testing/render'
import { blankCard, catalogueStore, newService, resetCatalogueStore } from './catalogue-store'
import { CatalogueScreen } from './CatalogueScreen'

const NADIIA: ClerkSession = { clerkId: 'admin-nadiia', name: 'Надія Ткачук', role: 'admin', centreId: 'khm-cnap' }
const OLENA: ClerkSession = { clerkId: 'clerk-olena', name: 'Олена Коваль', role: 'clerk', centreId: 'khm-cnap' }
const PETRO: ClerkSession = { clerkId: 'clerk-petro', name: 'Петро Бондар', role: 'supervisor', centreId: 'khm-cnap' }
const PW = 'vikno-demo'
const AT = '2026-12-07T10:00:00.000Z'

function versionOf(card: ServiceCard, version: number, stage: CardVersion['stage'], live = false): CardVersion {
  return {
    serviceId: card.id,
    version,
    stage,
    live,
    card,
    createdAt: AT,
    createdBy: 'admin-nadiia',
    testingAt: null,
    testingBy: null,
    publishedAt: null,
    publishedBy: null,
    withdrawnAt: null,
    withdrawnBy: null,
    updatedAt: AT
  }
}
const answer = (v: CardVersion): CardVersionResponse => ({ version: v, publicationErrors: publicationErrors(v.card) })

function publishedCard(): ServiceCard {
  return {
    ...blankCard(),
    id: 'tree-felling',
    name_uk: 'Дозвіл на видалення дерев',
    name_en: 'Tree felling permit',
    category_uk: 'Благоустрій',
    category_en: 'Urban improvement',
    term: { value: 10, unit: 'working_days', note_uk: null, note_en: null },
    fee: { kind: 'free', amount_uah: null, share_of_subsistence: null, note_uk: null, note_en: null },
    documents: [{ name_uk: 'Схема ділянки', name_en: 'Site plan', required: true, form: 'copy' }]
  }
}

function list(versions: CardVersion[]): CatalogueList {
  const n = (s: CardVersion['stage']): number => versions.filter((v) => v.stage === s).length
  return {
    counts: { published: n('published'), testing: n('testing'), draft: n('draft'), withdrawn: n('withdrawn') },
    countsLine: `${n('published')} опубліковано · ${n('testing')} у тестуванні · ${n('draft')} чернеток`,
    versions: versions.map((v) => ({
      serviceId: v.serviceId,
      version: v.version,
      stage: v.stage,
      live: v.live,
      name_uk: v.card.name_uk,
      name_en: v.card.name_en,
      updatedAt: v.updatedAt,
      publicationErrors: publicationErrors(v.card).length
    }))
  }
}

beforeEach(() => resetCatalogueStore())

/** The screen as it is once opened with the password, with a new service in the editor. */
function openNewService(): void {
  catalogueStore.setState({ list: list([]), password: PW })
  newService()
}

/** The builder's field (a fieldset named by its heading «Поле N: …»). */
const fieldCard = (n: number): HTMLElement => screen.getByRole('group', { name: new RegExp(`^Поле ${n}:`) })
const preview = (): HTMLElement => screen.getByRole('region', { name: 'Попередній перегляд' })

function addField(typeLabel: string, labelUk: string, labelEn: string): void {
  fireEvent.change(screen.getByLabelText('Тип нового поля'), { target: { value: typeValue(typeLabel) } })
  fireEvent.click(screen.getByRole('button', { name: 'Додати поле' }))
  const cards = screen.getAllByRole('group', { name: /^Поле \d+:/ })
  const last = cards[cards.length - 1] as HTMLElement
  fireEvent.change(within(last).getByLabelText('Питання українською'), { target: { value: labelUk } })
  fireEvent.change(within(last).getByLabelText('Питання англійською'), { target: { value: labelEn } })
}
const TYPE_VALUES: Record<string, string> = { Число: 'number', Вибір: 'choice', 'Довгий текст': 'long_text', Дата: 'date' }
const typeValue = (label: string): string => TYPE_VALUES[label] ?? 'short_text'

describe('the form builder', () => {
  it('adds three fields and a required document, reorders with the keyboard buttons, tells an invalid rule at its input, and the preview shows the fields', async () => {
    fakeBridge({})
    openNewService()
    renderWithProviders(<CatalogueScreen clerk={NADIIA} />)
    const standard = blankCard().form.fields.length

    addField('Число', 'Кількість дерев', 'Number of trees')
    addField('Вибір', 'Порода дерева', 'Tree species')
    addField('Довгий текст', 'Причина видалення', 'Reason for removal')
    expect(screen.getAllByRole('group', { name: /^Поле \d+:/ })).toHaveLength(standard + 3)

    // A choice without options is not publishable: told beside the options.
    const choice = fieldCard(standard + 2)
    expect(within(choice).getByText('Поле «Порода дерева»: вибір без жодного варіанта')).toBeTruthy()
    fireEvent.click(within(choice).getByRole('button', { name: 'Додати варіант' }))
    fireEvent.change(within(choice).getByLabelText('Варіант 1 українською'), { target: { value: 'Дуб' } })
    fireEvent.change(within(choice).getByLabelText('Варіант 1 англійською'), { target: { value: 'Oak' } })
    expect(within(choice).queryByText(/вибір без жодного варіанта/)).toBeNull()

    // An invalid rule: a minimum length over the maximum, told at the minimum's input.
    const reason = fieldCard(standard + 3)
    fireEvent.change(within(reason).getByLabelText('Найменша довжина'), { target: { value: '50' } })
    fireEvent.change(within(reason).getByLabelText('Найбільша довжина'), { target: { value: '10' } })
    const min = within(reason).getByLabelText('Найменша довжина')
    expect(min.getAttribute('aria-invalid')).toBe('true')
    expect(within(reason).getByText('Поле «Причина видалення»: найменша довжина (50) більша за найбільшу (10)')).toBeTruthy()
    // And a pattern that is not a regular expression.
    fireEvent.change(within(reason).getByLabelText('Шаблон (регулярний вираз)'), { target: { value: '([a-z' } })
    expect(within(reason).getByText(/шаблон не є правильним регулярним виразом/)).toBeTruthy()
    // A rule's box takes numbers only.
    fireEvent.change(within(reason).getByLabelText('Найбільша довжина'), { target: { value: 'десять' } })
    expect(within(reason).getByText('Введіть ціле невід’ємне число')).toBeTruthy()

    // A required document.
    fireEvent.click(screen.getByRole('button', { name: 'Додати документ' }))
    const doc = screen.getByRole('group', { name: /^Документ 1/ })
    fireEvent.change(within(doc).getByLabelText('Назва документа українською'), { target: { value: 'Схема ділянки' } })
    fireEvent.change(within(doc).getByLabelText('Назва документа англійською'), { target: { value: 'Site plan' } })
    expect((within(doc).getByLabelText('Обов’язковий') as HTMLInputElement).checked).toBe(true)

    // The preview shows the fields, in order, with the document.
    const labelsInPreview = (): string[] =>
      within(preview())
        .getAllByRole('textbox')
        .map((el) => (el.closest('.mantine-InputWrapper-root')?.querySelector('label')?.textContent ?? '').replace(/\s*\*$/, ''))
    expect(within(preview()).getByLabelText(/Кількість дерев/)).toBeTruthy()
    expect(within(preview()).getByRole('radiogroup', { name: /Порода дерева/ })).toBeTruthy()
    expect(within(preview()).getByRole('radio', { name: 'Дуб' })).toBeTruthy()
    expect(within(preview()).getByLabelText(/Причина видалення/)).toBeTruthy()
    expect(within(preview()).getByText(/Схема ділянки — обов’язковий/)).toBeTruthy()
    const before = labelsInPreview()
    expect(before.indexOf('Кількість дерев')).toBeLessThan(before.indexOf('Причина видалення'))

    // Reorder: «Причина видалення» up twice — above the number; focus follows the moved field.
    fireEvent.click(screen.getByRole('button', { name: 'Перемістити «Причина видалення» вище' }))
    fireEvent.click(screen.getByRole('button', { name: 'Перемістити «Причина видалення» вище' }))
    expect(fieldCard(standard + 1).textContent).toContain('Причина видалення')
    expect(document.activeElement?.textContent).toMatch(/^Поле \d+: Причина видалення/)
    const after = labelsInPreview()
    expect(after.indexOf('Причина видалення')).toBeLessThan(after.indexOf('Кількість дерев'))

    // Remove the number field: gone from the builder and the preview.
    fireEvent.click(screen.getByRole('button', { name: 'Видалити «Кількість дерев»' }))
    expect(within(preview()).queryByLabelText(/Кількість дерев/)).toBeNull()
  }, 30_000)

  it('the preview checks answers with the shared rules', async () => {
    fakeBridge({})
    openNewService()
    renderWithProviders(<CatalogueScreen clerk={NADIIA} />)
    addField('Число', 'Кількість дерев', 'Number of trees')
    const standard = blankCard().form.fields.length
    const trees = fieldCard(standard + 1)
    fireEvent.change(within(trees).getByLabelText('Найбільше значення'), { target: { value: '5' } })
    fireEvent.change(within(preview()).getByLabelText(/Кількість дерев/), { target: { value: '9' } })
    fireEvent.click(within(preview()).getByRole('button', { name: 'Перевірити відповіді' }))
    expect(within(preview()).getByText('Не більше 5')).toBeTruthy()
  }, 15_000)
})

describe('CatalogueScreen', () => {
  it('opens with the password (a wrong one told at the field), shows the count line, opens a draft with its diff from the published version in words, saves it', async () => {
    const live = versionOf(publishedCard(), 1, 'published', true)
    const draftCard: ServiceCard = { ...publishedCard(), name_uk: 'Дозвіл на видалення зелених насаджень' }
    draftCard.form = {
      fields: [
        ...draftCard.form.fields,
        { id: 'trees', type: 'number', label: { uk: 'Кількість дерев', en: 'Trees' }, hint: null, required: true, rules: { max: 50 } }
      ]
    }
    const draft = versionOf(draftCard, 2, 'draft')
    const bridge = fakeBridge({
      'catalogueEditor.list': ({ password }) =>
        password === PW
          ? { ok: true, value: list([live, draft]) }
          : {
              ok: false,
              error: {
                code: 'unauthenticated',
                message: 'Невірний пароль. Введіть пароль, з яким ви увійшли до системи.',
                field: 'password'
              }
            },
      'catalogueEditor.get': ({ version }) => ({ ok: true, value: answer(version === 1 ? live : draft) }),
      'catalogueEditor.update': ({ card }) => ({ ok: true, value: answer(versionOf(card as ServiceCard, 2, 'draft')) })
    })
    renderWithProviders(<CatalogueScreen clerk={NADIIA} />)
    fireEvent.change(screen.getByLabelText('Ваш пароль'), { target: { value: 'wrong' } })
    fireEvent.click(screen.getByRole('button', { name: 'Показати' }))
    expect(await screen.findByText(/Невірний пароль/)).toBeTruthy()
    fireEvent.change(screen.getByLabelText('Ваш пароль'), { target: { value: PW } })
    fireEvent.click(screen.getByRole('button', { name: 'Показати' }))
    expect((await screen.findByTestId('counts-line')).textContent).toBe('1 опубліковано · 0 у тестуванні · 1 чернеток')
    expect(screen.getAllByText('07.12.2026').length).toBeGreaterThan(0)

    fireEvent.click(screen.getByRole('button', { name: 'Відкрити «Дозвіл на видалення зелених насаджень», версія 2' }))
    const diff = await screen.findByRole('region', { name: 'Відмінності від опублікованої версії 1' })
    expect(within(diff).getByText('Назва (укр.)')).toBeTruthy()
    expect(within(diff).getByText('«Дозвіл на видалення дерев»')).toBeTruthy()
    expect(within(diff).getByText(/^Поле 11 \(«Кількість дерев»\)/)).toBeTruthy()

    const name = screen.getByLabelText('Назва українською')
    fireEvent.change(name, { target: { value: 'Дозвіл на видалення дерев і кущів' } })
    fireEvent.click(screen.getByRole('button', { name: 'Зберегти' }))
    await waitFor(() => expect(bridge.callsOf('catalogueEditor.update')).toHaveLength(1))
    expect(bridge.callsOf('catalogueEditor.update')[0]).toMatchObject({
      password: PW,
      serviceId: 'tree-felling',
      version: 2,
      card: { name_uk: 'Дозвіл на видалення дерев і кущів' }
    })
  })

  it('offline: the editor says so in Ukrainian; the password is not kept', async () => {
    fakeBridge({
      'catalogueEditor.list': () => ({
        ok: false,
        error: {
          code: 'offline',
          message: 'Редагування каталогу послуг потребує зв’язку з порталом. Решта робочого місця працює як звичайно; спробуйте пізніше.'
        }
      })
    })
    renderWithProviders(<CatalogueScreen clerk={NADIIA} />)
    fireEvent.change(screen.getByLabelText('Ваш пароль'), { target: { value: PW } })
    fireEvent.click(screen.getByRole('button', { name: 'Показати' }))
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toContain('потребує зв’язку з порталом')
    expect(alert.textContent).toContain('Немає зв’язку з порталом')
  })

  it('publishing asks for confirmation with the password; the test link is shown once, copyable', async () => {
    const testing = versionOf(publishedCard(), 1, 'testing')
    const bridge = fakeBridge({
      'catalogueEditor.list': () => ({ ok: true, value: list([versionOf(publishedCard(), 1, 'draft')]) }),
      'catalogueEditor.get': () => ({ ok: true, value: answer(versionOf(publishedCard(), 1, 'draft')) }),
      'catalogueEditor.toTesting': () => ({
        ok: true,
        value: {
          ...answer(testing),
          testLink: { token: 'tok', url: 'https://portal.example/services/tree-felling?test=tok', expiresAt: AT }
        }
      }),
      'catalogueEditor.publish': ({ password }) =>
        password === PW
          ? { ok: true, value: answer(versionOf(publishedCard(), 1, 'published', true)) }
          : { ok: false, error: { code: 'unauthenticated', message: 'Невірний пароль', field: 'password' } }
    })
    renderWithProviders(<CatalogueScreen clerk={NADIIA} />)
    fireEvent.change(screen.getByLabelText('Ваш пароль'), { target: { value: PW } })
    fireEvent.click(screen.getByRole('button', { name: 'Показати' }))
    fireEvent.click(await screen.findByRole('button', { name: /^Відкрити «Дозвіл на видалення дерев»/ }))
    fireEvent.click(await screen.findByRole('button', { name: 'Передати на тестування' }))
    let dialog = await screen.findByRole('dialog', { name: 'Передати «Дозвіл на видалення дерев» на тестування?' })
    fireEvent.change(within(dialog).getByLabelText('Ваш пароль'), { target: { value: PW } })
    fireEvent.click(within(dialog).getByRole('button', { name: 'Передати на тестування' }))
    dialog = await screen.findByRole('dialog', { name: 'Тестове посилання' })
    expect((within(dialog).getByTestId('test-link') as HTMLInputElement).value).toBe(
      'https://portal.example/services/tree-felling?test=tok'
    )
    expect(within(dialog).getByRole('button', { name: 'Копіювати' })).toBeTruthy()
    fireEvent.click(within(dialog).getByRole('button', { name: 'Готово' }))
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Тестове посилання' })).toBeNull())

    fireEvent.click(screen.getByRole('button', { name: 'Опублікувати' }))
    dialog = await screen.findByRole('dialog', { name: 'Опублікувати «Дозвіл на видалення дерев»?' })
    fireEvent.click(within(dialog).getByRole('button', { name: 'Опублікувати' }))
    expect(await within(dialog).findByText('Введіть свій пароль')).toBeTruthy()
    expect(bridge.callsOf('catalogueEditor.publish')).toHaveLength(0)
    fireEvent.change(within(dialog).getByLabelText('Ваш пароль'), { target: { value: PW } })
    fireEvent.click(within(dialog).getByRole('button', { name: 'Опублікувати' }))
    await waitFor(() => expect(bridge.callsOf('catalogueEditor.publish')).toHaveLength(1))
    expect(await screen.findByRole('button', { name: 'Зняти з публікації' })).toBeTruthy()
  })

  it('deletes a service’s test applications in one step: confirmed with the password, the number deleted announced; not offered where there can be none', async () => {
    const testing = { ...versionOf(publishedCard(), 1, 'testing'), testingAt: AT, testingBy: 'admin-nadiia' }
    const neverTested = {
      ...versionOf({ ...publishedCard(), id: 'birth-registration', name_uk: 'Реєстрація народження' }, 1, 'published', true)
    }
    let deleted = 0
    const bridge = fakeBridge({
      'catalogueEditor.list': () => ({ ok: true, value: list([testing, neverTested]) }),
      'catalogueEditor.get': ({ serviceId }) => ({ ok: true, value: answer(serviceId === 'tree-felling' ? testing : neverTested) }),
      'catalogueEditor.deleteTestApplications': ({ password, serviceId }) => {
        if (password !== PW)
          return {
            ok: false,
            error: { code: 'unauthenticated', message: 'Невірний пароль. Введіть пароль, з яким ви увійшли до системи.', field: 'password' }
          }
        const value = { serviceId, deleted: deleted === 0 ? 2 : 0, changeVersion: deleted === 0 ? 41 : null }
        deleted += value.deleted
        return { ok: true, value }
      }
    })
    renderWithProviders(<CatalogueScreen clerk={NADIIA} />)
    fireEvent.change(screen.getByLabelText('Ваш пароль'), { target: { value: PW } })
    fireEvent.click(screen.getByRole('button', { name: 'Показати' }))

    // A published service that never went through testing has none to delete: no button.
    fireEvent.click(await screen.findByRole('button', { name: /^Відкрити «Реєстрація народження»/ }))
    expect(await screen.findByRole('button', { name: 'Зняти з публікації' })).toBeTruthy()
    expect(screen.queryByRole('button', { name: 'Видалити тестові заяви' })).toBeNull()
    fireEvent.click(screen.getByRole('button', { name: 'До списку послуг' }))

    fireEvent.click(await screen.findByRole('button', { name: /^Відкрити «Дозвіл на видалення дерев»/ }))
    fireEvent.click(await screen.findByRole('button', { name: 'Видалити тестові заяви' }))
    let dialog = await screen.findByRole('dialog', { name: 'Видалити тестові заяви «Дозвіл на видалення дерев»?' })
    expect(dialog.textContent).toContain('усі тестові заяви цієї послуги')
    fireEvent.change(within(dialog).getByLabelText('Ваш пароль'), { target: { value: 'wrong' } })
    fireEvent.click(within(dialog).getByRole('button', { name: 'Видалити тестові заяви' }))
    expect(await within(dialog).findByText(/Невірний пароль/)).toBeTruthy()
    expect(screen.getByTestId('tests-deleted').textContent).toBe('')

    fireEvent.change(within(dialog).getByLabelText('Ваш пароль'), { target: { value: PW } })
    fireEvent.click(within(dialog).getByRole('button', { name: 'Видалити тестові заяви' }))
    const status = screen.getByTestId('tests-deleted')
    await waitFor(() => expect(status.textContent).toBe('2 тестові заяви видалено'))
    expect(status.getAttribute('aria-live')).toBe('polite')
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
    expect(bridge.callsOf('catalogueEditor.deleteTestApplications')).toEqual([
      { password: 'wrong', serviceId: 'tree-felling' },
      { password: PW, serviceId: 'tree-felling' }
    ])

    // Again: nothing left, and it says so.
    fireEvent.click(screen.getByRole('button', { name: 'Видалити тестові заяви' }))
    dialog = await screen.findByRole('dialog', { name: 'Видалити тестові заяви «Дозвіл на видалення дерев»?' })
    fireEvent.change(within(dialog).getByLabelText('Ваш пароль'), { target: { value: PW } })
    fireEvent.click(within(dialog).getByRole('button', { name: 'Видалити тестові заяви' }))
    await waitFor(() => expect(status.textContent).toBe('Тестових заяв не було — нічого не видалено'))
  })

  it('the stranger: a clerk is refused; a supervisor sees the list but no editing', async () => {
    const bridge = fakeBridge({
      'catalogueEditor.list': () => ({ ok: true, value: list([versionOf(publishedCard(), 1, 'published', true)]) })
    })
    const { unmount } = renderWithProviders(<CatalogueScreen clerk={OLENA} />)
    expect(screen.getByRole('alert').textContent).toContain('доступний лише керівникові та адміністраторові')
    expect(screen.queryByLabelText('Ваш пароль')).toBeNull()
    unmount()
    renderWithProviders(<CatalogueScreen clerk={PETRO} />)
    fireEvent.change(screen.getByLabelText('Ваш пароль'), { target: { value: PW } })
    fireEvent.click(screen.getByRole('button', { name: 'Показати' }))
    expect(await screen.findByTestId('counts-line')).toBeTruthy()
    expect(screen.queryByRole('button', { name: 'Нова послуга' })).toBeNull()
    expect(screen.queryByRole('button', { name: 'Імпортувати картку (JSON)' })).toBeNull()
    expect(bridge.callsOf('catalogueEditor.list')).toHaveLength(1)
  })
})
