import type { ApplicationDetail } from '../../../../shared/contract'
import type { CommandInput } from '../../../../shared/domain/commands'
import type { AppError, Result } from '../../../../shared/result'
import { call, on } from '../../lib/api'
import { featureStore } from '../../lib/feature-store'

/*
 * The application on screen. Read with `application.get` when opened and again whenever the back
 * end says it changed (a local command or a pull), so the history, the pending commands and the
 * reasons on disabled buttons are always the back end's current view.
 */

export interface ApplicationState {
  id: string | null
  detail: ApplicationDetail | null
  error: AppError | null
  loading: boolean
  /** A command on its way to the back end, so its button is not pressed twice. */
  submitting: CommandInput['type'] | null
}

const initialState = (): ApplicationState => ({ id: null, detail: null, error: null, loading: false, submitting: null })

export const { store: applicationStore, use: useApplication, reset: resetApplicationStore } = featureStore<ApplicationState>(initialState)

let request = 0

async function load(id: string): Promise<void> {
  const mine = ++request
  const result = await call('application.get', { id })
  if (mine !== request || applicationStore.getState().id !== id) return
  applicationStore.setState(result.ok ? { detail: result.value, error: null, loading: false } : { error: result.error, loading: false })
}

export function openApplication(id: string): Promise<void> {
  const s = applicationStore.getState()
  if (s.id === id && s.detail) return load(id)
  applicationStore.setState({ id, detail: null, error: null, loading: true })
  return load(id)
}

export function reloadApplication(): Promise<void> {
  const { id } = applicationStore.getState()
  return id ? load(id) : Promise.resolve()
}

export async function submitCommand(input: CommandInput): Promise<Result<{ commandId: string; seq: number }>> {
  applicationStore.setState({ submitting: input.type })
  const result = await call('command.submit', input)
  applicationStore.setState({ submitting: null })
  if (result.ok) void reloadApplication()
  return result
}

/** A new access code for the applicant (the back end makes it and keeps it for the next receipt). */
export async function reissueAccessCode(applicationId: string): Promise<Result<{ accessCode: string; commandId: string; seq: number }>> {
  applicationStore.setState({ submitting: 'reissue_access_code' })
  const result = await call('accessCode.reissue', { id: applicationId })
  applicationStore.setState({ submitting: null })
  if (result.ok) void reloadApplication()
  return result
}

/** Re-reads the open application when the back end reports a change to it. */
export function startApplicationUpdates(): () => void {
  return on('applications.changed', ({ ids }) => {
    const { id } = applicationStore.getState()
    if (id && (ids.length === 0 || ids.includes(id))) void load(id)
  })
}
