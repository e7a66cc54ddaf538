import type { CardVersion, ServiceCard } from '../../../../shared/catalogue/card'
import type { CardVersionResponse, CatalogueList } from '../../../../shared/catalogue/contract'
import type { CardImportView } from '../../../../shared/catalogue-editor-contract'
import type { DeleteTestApplicationsResponse } from '../../../../shared/catalogue/test-applications'
import { standardForm } from '../../../../shared/catalogue/standard-form'
import type { AppError, Result } from '../../../../shared/result'
import { call } from '../../lib/api'
import { featureStore } from '../../lib/feature-store'
import { saveBase64File } from '../../lib/save-file'

/*
 * The catalogue editor's state (issue 17 item 3): the centre's card versions as the portal last
 * listed them, the version open in the editor with the draft being edited (a copy, saved with
 * «Зберегти»), and the live version it is compared with. The password the portal wants with every
 * call is asked when the screen opens and kept here only while the screen is open (the screen's
 * unmount resets the store); publishing and withdrawing ask for it again in their confirmation.
 */

export interface OpenCard {
  /** null: a new service not saved yet. */
  version: CardVersion | null
  draft: ServiceCard
  dirty: boolean
}

export interface CatalogueState {
  password: string | null
  list: CatalogueList | null
  listError: AppError | null
  loading: boolean
  open: OpenCard | null
  /** The service's live version, for the diff (null: none, or the open version is the live one). */
  live: CardVersion | null
  busy: boolean
  actionError: AppError | null
  /** The test link just issued: shown once. */
  testLink: { url: string; expiresAt: string } | null
  importReport: CardImportView | null
  /** What the last one-step deletion of a service's test applications did (announced). */
  testsDeleted: DeleteTestApplicationsResponse | null
}

const initialState = (): CatalogueState => ({
  password: null,
  list: null,
  listError: null,
  loading: false,
  open: null,
  live: null,
  busy: false,
  actionError: null,
  testLink: null,
  importReport: null,
  testsDeleted: null
})

export const { store: catalogueStore, use: useCatalogue, reset: resetCatalogueStore } = featureStore<CatalogueState>(initialState)

/** A new service's card: the standard questions every service asks, nothing established yet. */
export function blankCard(): ServiceCard {
  return {
    id: '',
    national_code: null,
    name_uk: '',
    name_en: '',
    category_uk: '',
    category_en: '',
    legal_basis: [],
    term: { value: null, unit: null, note_uk: null, note_en: null },
    fee: { kind: null, amount_uah: null, share_of_subsistence: null, note_uk: null, note_en: null },
    result_uk: null,
    result_en: null,
    delivery: ['in_person'],
    documents: [],
    outcomes: [],
    refusal_grounds: [],
    stages: [],
    form: standardForm(),
    verified: false,
    sources: []
  }
}

const password = (): string => catalogueStore.getState().password ?? ''

async function refreshList(): Promise<void> {
  const result = await call('catalogueEditor.list', { password: password(), stage: null })
  if (result.ok) catalogueStore.setState({ list: result.value })
}

/** Opens the editor with the administrator's password: the list by stage. */
export async function openCatalogue(pw: string): Promise<Result<CatalogueList>> {
  catalogueStore.setState({ loading: true, listError: null })
  const result = await call('catalogueEditor.list', { password: pw, stage: null })
  catalogueStore.setState(
    result.ok ? { list: result.value, password: pw, loading: false } : { loading: false, listError: result.error, password: null }
  )
  return result
}

async function liveOf(serviceId: string, openVersion: number): Promise<CardVersion | null> {
  const live = catalogueStore.getState().list?.versions.find((v) => v.serviceId === serviceId && v.live)
  if (!live || live.version === openVersion) return null
  const result = await call('catalogueEditor.get', { password: password(), serviceId, version: live.version })
  return result.ok ? result.value.version : null
}

function show(answer: CardVersionResponse, live: CardVersion | null): void {
  catalogueStore.setState({ open: { version: answer.version, draft: structuredClone(answer.version.card), dirty: false }, live })
}

export async function openVersion(serviceId: string, version: number): Promise<void> {
  catalogueStore.setState({ busy: true, actionError: null, testLink: null, importReport: null, testsDeleted: null })
  const result = await call('catalogueEditor.get', { password: password(), serviceId, version })
  if (!result.ok) {
    catalogueStore.setState({ busy: false, actionError: result.error })
    return
  }
  show(result.value, await liveOf(serviceId, version))
  catalogueStore.setState({ busy: false })
}

export function newService(): void {
  catalogueStore.setState({
    open: { version: null, draft: blankCard(), dirty: true },
    live: null,
    actionError: null,
    testLink: null,
    importReport: null,
    testsDeleted: null
  })
}

export function closeEditor(): void {
  catalogueStore.setState({ open: null, live: null, actionError: null, testLink: null, importReport: null, testsDeleted: null })
}

/** Changes the draft on screen (not saved until «Зберегти»). */
export function editDraft(change: (card: ServiceCard) => ServiceCard): void {
  catalogueStore.setState((s) => (s.open ? { open: { ...s.open, draft: change(s.open.draft), dirty: true } } : {}))
}

async function run<T>(work: () => Promise<Result<T>>, then: (value: T) => Promise<void> | void): Promise<Result<T>> {
  catalogueStore.setState({ busy: true, actionError: null })
  const result = await work()
  if (result.ok) {
    await then(result.value)
    await refreshList()
  }
  catalogueStore.setState({ busy: false, ...(result.ok ? {} : { actionError: result.error }) })
  return result
}

export async function saveDraft(): Promise<Result<CardVersionResponse>> {
  const open = catalogueStore.getState().open
  if (!open) return { ok: false, error: { code: 'invalid_input', message: 'Немає відкритої картки' } }
  const v = open.version
  return run(
    () =>
      v === null
        ? call('catalogueEditor.create', { password: password(), card: open.draft })
        : call('catalogueEditor.update', { password: password(), serviceId: v.serviceId, version: v.version, card: open.draft }),
    async (answer) => show(answer, await liveOf(answer.version.serviceId, answer.version.version))
  )
}

export type Transition = 'toTesting' | 'publish' | 'withdraw' | 'backToDraft'

/** A lifecycle step with the password the confirmation just asked for. */
export async function transition(kind: Transition, pw: string): Promise<Result<CardVersionResponse>> {
  const v = catalogueStore.getState().open?.version
  if (!v) return { ok: false, error: { code: 'invalid_input', message: 'Спершу збережіть картку' } }
  const key = { password: pw, serviceId: v.serviceId, version: v.version }
  if (kind === 'toTesting')
    return run(
      () => call('catalogueEditor.toTesting', { ...key, validHours: 24 * 7 }),
      async (answer) => {
        show(answer, await liveOf(v.serviceId, v.version))
        catalogueStore.setState({ testLink: { url: answer.testLink.url, expiresAt: answer.testLink.expiresAt } })
      }
    )
  const method =
    kind === 'publish' ? 'catalogueEditor.publish' : kind === 'withdraw' ? 'catalogueEditor.withdraw' : 'catalogueEditor.backToDraft'
  return run(
    () => call(method, key),
    async (answer) => show(answer, await liveOf(v.serviceId, v.version))
  )
}

/** The next version of a published or withdrawn service: a new draft copied from it. */
export async function nextVersion(serviceId: string): Promise<Result<CardVersionResponse>> {
  return run(
    () => call('catalogueEditor.next', { password: password(), serviceId }),
    async (answer) => show(answer, await liveOf(serviceId, answer.version.version))
  )
}

function base64OfText(text: string): string {
  const bytes = new TextEncoder().encode(text)
  let binary = ''
  for (const b of bytes) binary += String.fromCharCode(b)
  return btoa(binary)
}

/** Saves one version as a JSON file another centre can import. */
export async function exportVersion(serviceId: string, version: number): Promise<Result<unknown>> {
  catalogueStore.setState({ busy: true, actionError: null })
  const result = await call('catalogueEditor.export', { password: password(), serviceId, version })
  catalogueStore.setState({ busy: false, ...(result.ok ? {} : { actionError: result.error }) })
  if (result.ok) saveBase64File(base64OfText(JSON.stringify(result.value, null, 2)), `${serviceId}-v${version}.json`, 'application/json')
  return result
}

/** Imports an exported card file as a draft; the report says what differs from the live version. */
export async function importFile(text: string): Promise<Result<CardImportView>> {
  return run(
    () => call('catalogueEditor.import', { password: password(), text }),
    async (answer) => {
      show(answer, await liveOf(answer.version.serviceId, answer.version.version))
      catalogueStore.setState({ importReport: answer })
    }
  )
}

/** Every test application of the open service deleted in one step, with the password the confirmation just asked for. */
export async function deleteTestApplications(pw: string): Promise<Result<DeleteTestApplicationsResponse>> {
  const serviceId = catalogueStore.getState().open?.version?.serviceId
  if (!serviceId) return { ok: false, error: { code: 'invalid_input', message: 'Спершу збережіть картку' } }
  catalogueStore.setState({ busy: true, actionError: null, testsDeleted: null })
  const result = await call('catalogueEditor.deleteTestApplications', { password: pw, serviceId })
  // A refusal is shown by the confirmation, which stays open (a wrong password is told at its field).
  catalogueStore.setState({ busy: false, ...(result.ok ? { testsDeleted: result.value } : {}) })
  return result
}

export function dismissTestLink(): void {
  catalogueStore.setState({ testLink: null })
}
