import { useState } from 'react'
import type { CommandInput } from '../../../../../shared/domain/commands'
import type { AppError } from '../../../../../shared/result'
import { submitCommand } from '../application-store'
import { notify } from '../../../lib/notify'

/** Sends one command; on failure keeps the dialog open with the back end's message. */
export function useSend(onDone: () => void) {
  const [error, setError] = useState<AppError | null>(null)
  const [busy, setBusy] = useState(false)
  const send = async (input: CommandInput, success: string): Promise<boolean> => {
    setBusy(true)
    setError(null)
    const result = await submitCommand(input)
    setBusy(false)
    if (!result.ok) {
      setError(result.error)
      return false
    }
    notify(success)
    onDone()
    return true
  }
  return { error, busy, send, clearError: () => setError(null) }
}
