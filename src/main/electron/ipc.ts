import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron'
import type { Workstation } from '../workstation'
import { isAppUrl } from './security'

export const CALL_CHANNEL = 'vikno:call'
export const EVENT_CHANNEL = 'vikno:event'

/**
 * The IPC adapter: one channel, the sender checked (our own origin, the top-level frame of our
 * window), the method and input checked by the workstation's dispatcher against the contract.
 * Errors come back as `{ok:false, error}`, never thrown across the boundary.
 */
export function registerIpc(
  win: BrowserWindow,
  workstation: Workstation,
  log: (m: string, d: Record<string, unknown>) => void
): () => void {
  const handler = async (event: IpcMainInvokeEvent, method: unknown, input: unknown) => {
    const frame = event.senderFrame
    if (!frame || event.sender !== win.webContents || frame !== win.webContents.mainFrame || !isAppUrl(frame.url)) {
      log('refused IPC from an unexpected sender', { url: frame?.url.slice(0, 200) ?? null })
      return { ok: false, error: { code: 'forbidden', message: 'Виклик із недозволеного джерела' } }
    }
    if (typeof method !== 'string') return { ok: false, error: { code: 'unknown_method', message: 'Метод не вказано' } }
    return workstation.dispatch(method, input)
  }
  ipcMain.handle(CALL_CHANNEL, handler)
  const off = workstation.onAny((name, payload) => {
    if (!win.isDestroyed()) win.webContents.send(EVENT_CHANNEL, name, payload)
  })
  return () => {
    ipcMain.removeHandler(CALL_CHANNEL)
    off()
  }
}
