import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import type { EventName, EventPayloads, MethodInput, MethodName, MethodOutput, ViknoBridge } from '../shared/contract'
import type { Result } from '../shared/result'

// Exactly the contract's two doors and nothing else: no raw ipcRenderer, no Node.
const bridge = {
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<Result<MethodOutput<M>>> {
    return ipcRenderer.invoke('vikno:call', method, input) as Promise<Result<MethodOutput<M>>>
  },
  on<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): () => void {
    const wrapped = (_e: IpcRendererEvent, name: string, payload: unknown) => {
      if (name === event) listener(payload as EventPayloads[E])
    }
    ipcRenderer.on('vikno:event', wrapped)
    return () => ipcRenderer.off('vikno:event', wrapped)
  }
} satisfies ViknoBridge

contextBridge.exposeInMainWorld('vikno', bridge)
