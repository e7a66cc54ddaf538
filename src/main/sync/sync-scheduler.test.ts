import { afterEach, describe, expect, it } from 'vitest'
import type { SyncEngine } from './sync-engine'
import { SyncScheduler } from './sync-scheduler'
import { TransportError } from './transport'

/** An engine whose runs the test ends one by one. */
function engine() {
  const runs: { end: () => void; fail: (e: Error) => void }[] = []
  let busy: Promise<void> | null = null
  const fake = {
    /** As SyncEngine.portalBehind: the last run ended on a `behind` page. */
    portalBehind: false,
    syncNow(): Promise<void> {
      // As SyncEngine.syncNow: a call during a run joins that run.
      busy ??= new Promise<void>((resolve, reject) => {
        runs.push({
          end: () => {
            busy = null
            resolve()
          },
          fail: (e) => {
            busy = null
            reject(e)
          }
        })
      })
      return busy
    }
  }
  return { engine: fake as unknown as SyncEngine, runs }
}

const tick = (ms = 5): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))
const schedulers: SyncScheduler[] = []
afterEach(() => {
  for (const s of schedulers.splice(0)) s.stop()
})

describe('SyncScheduler', () => {
  it('runs again when poked during a run: the run may have read the portal before the nudged change', async () => {
    const e = engine()
    const scheduler = new SyncScheduler(e.engine, { pollMs: 60_000, log: { warn: () => {} } })
    schedulers.push(scheduler)
    scheduler.start()
    await tick()
    expect(e.runs).toHaveLength(1)
    scheduler.poke()
    scheduler.poke()
    await tick()
    // Still one run: the pokes wait for it.
    expect(e.runs).toHaveLength(1)
    e.runs[0]?.end()
    await tick()
    expect(e.runs).toHaveLength(2)
    e.runs[1]?.end()
    await tick(20)
    // Nothing more until the poll: the pokes were served by one more run.
    expect(e.runs).toHaveLength(2)
  })

  it('also after a failed run, and a poke between runs starts one at once', async () => {
    const e = engine()
    const scheduler = new SyncScheduler(e.engine, { pollMs: 60_000, minBackoffMs: 60_000, log: { warn: () => {} } })
    schedulers.push(scheduler)
    scheduler.start()
    await tick()
    scheduler.poke()
    e.runs[0]?.fail(new TransportError('server', 'busy'))
    await tick()
    expect(e.runs).toHaveLength(2)
    e.runs[1]?.end()
    await tick()
    scheduler.poke()
    await tick()
    expect(e.runs).toHaveLength(3)
  })

  it('a run that ended on a `behind` page (a read replica that lags) is followed soon, not at the next poll', async () => {
    const e = engine()
    const scheduler = new SyncScheduler(e.engine, { pollMs: 60_000, behindRetryMs: 30, log: { warn: () => {} } })
    schedulers.push(scheduler)
    scheduler.start()
    await tick()
    ;(e.engine as unknown as { portalBehind: boolean }).portalBehind = true
    e.runs[0]?.end()
    await tick(60)
    expect(e.runs).toHaveLength(2)
    ;(e.engine as unknown as { portalBehind: boolean }).portalBehind = false
    e.runs[1]?.end()
    await tick(60)
    // Caught up: back to the poll.
    expect(e.runs).toHaveLength(2)
  })
})
