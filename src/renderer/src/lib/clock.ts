import { useSyncExternalStore } from 'react'

/*
 * One clock source for the renderer (style.md: "one clock source, injected"). Deadlines shown in
 * the list move on their own: every subscriber re-renders on the same tick, and tests replace the
 * clock to freeze time.
 */

let source: () => number = () => Date.now()
const TICK_MS = 30_000

export function nowMs(): number {
  return source()
}

export function setClockForTests(fn: (() => number) | null): void {
  source = fn ?? (() => Date.now())
  snapshot = source()
  for (const l of listeners) l()
}

const listeners = new Set<() => void>()
let timer: ReturnType<typeof setInterval> | null = null
let snapshot = source()

function subscribe(listener: () => void): () => void {
  listeners.add(listener)
  if (!timer) {
    snapshot = source()
    timer = setInterval(() => {
      snapshot = source()
      for (const l of listeners) l()
    }, TICK_MS)
  }
  return () => {
    listeners.delete(listener)
    if (listeners.size === 0 && timer) {
      clearInterval(timer)
      timer = null
    }
  }
}

/** The current time in milliseconds, refreshed every 30 seconds. */
export function useNow(): number {
  return useSyncExternalStore(subscribe, () => snapshot)
}
