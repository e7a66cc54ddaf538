/// <reference types="vite/client" />
import type { ViknoBridge } from '../../shared/contract'

declare global {
  interface Window {
    /** Present only under Electron: the preload's contextBridge exposes the contract here. */
    vikno?: ViknoBridge
  }
}

export {}
