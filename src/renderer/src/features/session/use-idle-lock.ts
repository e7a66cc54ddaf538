import { useEffect } from 'react'
import { nowMs } from '../../lib/clock'

/** Keyboard, mouse, touch and wheel: any of them means someone is at the desk. */
export const ACTIVITY_EVENTS = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart'] as const
const CHECK_EVERY_MS = 5_000

/**
 * Calls `onIdle` once after `minutes` without keyboard or mouse activity in this window. The back
 * end enforces the lock; this only notices the idle desk (a browser tab cannot see the OS idle time).
 */
export function useIdleLock(enabled: boolean, minutes: number, onIdle: () => void): void {
  useEffect(() => {
    if (!enabled) return
    let last = nowMs()
    let fired = false
    const touch = (): void => {
      last = nowMs()
    }
    for (const name of ACTIVITY_EVENTS) window.addEventListener(name, touch, { passive: true, capture: true })
    const timer = setInterval(() => {
      if (!fired && nowMs() - last >= minutes * 60_000) {
        fired = true
        onIdle()
      }
    }, CHECK_EVERY_MS)
    return () => {
      clearInterval(timer)
      for (const name of ACTIVITY_EVENTS) window.removeEventListener(name, touch, { capture: true })
    }
  }, [enabled, minutes, onIdle])
}
