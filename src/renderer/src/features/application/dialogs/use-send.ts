import { useState } from 'react'
import type { CommandInput } from '../../../../../shared/domain/commands'
import type { AppError } from '../../../../../shared/result'
import { submitCommand } from '../application-store'
import { notify } from '../../../lib/notify'

/**
 * Sends one command from a dialog. On failure the dialog stays open with the back end's message;
 * on success `clear` forgets what was typed and the dialog closes. `modal` is what the dialog's
 * ActionModal needs of this state: `<ActionModal {...modal} title=… submitLabel=… onSubmit=…>`.
 */
export function useSend(dialog: { opened: boolean; onClose: () => void }, clear: () => void) {
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
    clear()
    dialog.onClose()
    return true
  }
  return { send, clearError: () => setError(null), modal: { opened: dialog.opened, onClose: dialog.onClose, busy, error } }
}
