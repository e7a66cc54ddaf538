import { describe, expect, it } from 'vitest'
import type { Nudge } from '../shared/protocol'
import { LocalNudgeBus, NudgeCoalescer, NudgeHub, type NudgeSubscriber, type Timers } from './nudges'

/** A fake clock: timers fire only when the test moves time on. */
class FakeTimers implements Timers {
  now = 0
  private next = 1
  private readonly due = new Map<number, { at: number; fn: () => void }>()

  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.next++
    this.due.set(id, { at: this.now + ms, fn })
    return id
  }

  clearTimeout(handle: unknown): void {
    this.due.delete(handle as number)
  }

  advance(ms: number): void {
    const until = this.now + ms
    for (;;) {
      const first = [...this.due.entries()].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at || a[0] - b[0])[0]
      if (!first) break
      this.due.delete(first[0])
      this.now = first[1].at
      first[1].fn()
    }
    this.now = until
  }

  get pending(): number {
    return this.due.size
  }
}

function recorder(): { sent: Nudge[]; deliver: (centreId: string, version: number) => void } {
  const sent: Nudge[] = []
  return { sent, deliver: (centreId, version) => sent.push({ centreId, version }) }
}

describe('NudgeCoalescer', () => {
  it('a burst of 20 changes in one centre within the window: ONE nudge, with the highest version, at the end of the window', () => {
    const timers = new FakeTimers()
    const { sent, deliver } = recorder()
    const c = new NudgeCoalescer(deliver, 50, timers)
    for (let v = 1; v <= 20; v++) {
      c.add('a', v)
      timers.advance(2)
    }
    expect(sent).toEqual([])
    timers.advance(49 - 40)
    expect(sent).toEqual([])
    timers.advance(1)
    expect(sent).toEqual([{ centreId: 'a', version: 20 }])
    expect(c.open).toBe(0)
    expect(timers.pending).toBe(0)
  })

  it('never drops a change: one after the window closed opens a new window and gets its own nudge', () => {
    const timers = new FakeTimers()
    const { sent, deliver } = recorder()
    const c = new NudgeCoalescer(deliver, 50, timers)
    c.add('a', 1)
    timers.advance(49)
    c.add('a', 2) // still inside the first window: covered by its nudge, sent after it
    timers.advance(1)
    expect(sent).toEqual([{ centreId: 'a', version: 2 }])
    c.add('a', 3)
    timers.advance(50)
    expect(sent).toEqual([
      { centreId: 'a', version: 2 },
      { centreId: 'a', version: 3 }
    ])
  })

  it('versions arriving out of order: the window sends the highest, never a lower one', () => {
    const timers = new FakeTimers()
    const { sent, deliver } = recorder()
    const c = new NudgeCoalescer(deliver, 100, timers)
    c.add('a', 7)
    c.add('a', 5)
    c.add('a', 6)
    timers.advance(100)
    expect(sent).toEqual([{ centreId: 'a', version: 7 }])
  })

  it('centres have their own windows', () => {
    const timers = new FakeTimers()
    const { sent, deliver } = recorder()
    const c = new NudgeCoalescer(deliver, 50, timers)
    c.add('a', 1)
    timers.advance(30)
    c.add('b', 4)
    c.add('a', 2)
    timers.advance(20)
    expect(sent).toEqual([{ centreId: 'a', version: 2 }])
    timers.advance(30)
    expect(sent).toEqual([
      { centreId: 'a', version: 2 },
      { centreId: 'b', version: 4 }
    ])
  })

  it('window 0: every change at once, no timer', () => {
    const timers = new FakeTimers()
    const { sent, deliver } = recorder()
    const c = new NudgeCoalescer(deliver, 0, timers)
    c.add('a', 1)
    c.add('a', 2)
    expect(sent).toEqual([
      { centreId: 'a', version: 1 },
      { centreId: 'a', version: 2 }
    ])
    expect(timers.pending).toBe(0)
  })

  it('a negative or non-finite window is refused', () => {
    expect(() => new NudgeCoalescer(() => undefined, -1)).toThrow(RangeError)
    expect(() => new NudgeCoalescer(() => undefined, Number.NaN)).toThrow(RangeError)
  })

  it('cancelAll drops open windows and their timers', () => {
    const timers = new FakeTimers()
    const { sent, deliver } = recorder()
    const c = new NudgeCoalescer(deliver, 50, timers)
    c.add('a', 1)
    c.add('b', 1)
    c.cancelAll()
    expect(timers.pending).toBe(0)
    timers.advance(100)
    expect(sent).toEqual([])
  })
})

describe('LocalNudgeBus', () => {
  it('fans one coalesced nudge out to each stream of the centre, none to another centre, and ends a revoked workstation`s streams', async () => {
    const timers = new FakeTimers()
    const bus = new LocalNudgeBus({ windowMs: 50, timers })
    const got = new Map<string, Nudge[]>()
    const closed: string[] = []
    const stream = (name: string, workstationId: string, centreId: string): void => {
      got.set(name, [])
      bus.subscribe({ workstationId, centreId, send: (n) => got.get(name)!.push(n), close: () => closed.push(name) })
    }
    stream('w1', 'ws-1', 'a')
    stream('w2', 'ws-2', 'a')
    stream('w1-again', 'ws-1', 'a')
    stream('other', 'ws-3', 'b')
    for (let v = 1; v <= 20; v++) bus.published('a', v)
    timers.advance(50)
    expect(got.get('w1')).toEqual([{ centreId: 'a', version: 20 }])
    expect(got.get('w2')).toEqual([{ centreId: 'a', version: 20 }])
    expect(got.get('w1-again')).toEqual([{ centreId: 'a', version: 20 }])
    expect(got.get('other')).toEqual([])
    bus.disconnect('ws-1')
    expect(closed.sort()).toEqual(['w1', 'w1-again'])
    expect(bus.size).toBe(2)
    bus.published('a', 21)
    timers.advance(50)
    expect(got.get('w1')).toHaveLength(1)
    expect(got.get('w2')).toEqual([
      { centreId: 'a', version: 20 },
      { centreId: 'a', version: 21 }
    ])
    await bus.close()
    expect(bus.size).toBe(0)
  })
})

describe('NudgeHub pacing (issue 19: the pulls of a centre arrive about as fast as they are served)', () => {
  const pacing = { spreadMs: 250, perStreamMs: 1.25, tickMs: 10 }
  function streams(hub: NudgeHub, n: number, centreId = 'a'): { heardAt: Map<string, number[]>; subs: NudgeSubscriber[] } {
    const heardAt = new Map<string, number[]>()
    const subs: NudgeSubscriber[] = []
    for (let i = 0; i < n; i++) {
      const id = `ws-${i}`
      heardAt.set(id, [])
      const sub: NudgeSubscriber = { workstationId: id, centreId, send: () => heardAt.get(id)!.push(clock.now), close: () => undefined }
      subs.push(sub)
      hub.subscribe(sub)
    }
    return { heardAt, subs }
  }
  let clock = new FakeTimers()

  it('200 streams of a centre hear one round over 250 ms in batches every 10 ms, each exactly once', () => {
    clock = new FakeTimers()
    const hub = new NudgeHub(pacing, clock)
    const { heardAt } = streams(hub, 200)
    hub.deliver('a', 7)
    const firstBatch = [...heardAt.values()].filter((t) => t.length === 1).length
    expect(firstBatch).toBe(8)
    clock.advance(1000)
    const times = [...heardAt.values()].map((t) => {
      expect(t).toHaveLength(1)
      return t[0]!
    })
    expect(Math.max(...times)).toBe(240)
    const perTick = new Map<number, number>()
    for (const t of times) perTick.set(t, (perTick.get(t) ?? 0) + 1)
    expect([...perTick.keys()].sort((x, y) => x - y)).toEqual(Array.from({ length: 25 }, (_, i) => i * 10))
    expect(Math.max(...perTick.values())).toBe(8)
    expect(hub.pacingRounds).toBe(0)
  })

  it('a centre with few desks hears at once; another centre is not touched', () => {
    clock = new FakeTimers()
    const hub = new NudgeHub(pacing, clock)
    const a = streams(hub, 5, 'a')
    const b = streams(hub, 3, 'b')
    hub.deliver('a', 1)
    expect([...a.heardAt.values()].every((t) => t.length === 1 && t[0] === 0)).toBe(true)
    expect([...b.heardAt.values()].every((t) => t.length === 0)).toBe(true)
    expect(clock.pending).toBe(0)
  })

  it('the next round starts elsewhere, so the same desk is not always the last to hear', () => {
    clock = new FakeTimers()
    const hub = new NudgeHub(pacing, clock)
    const { heardAt } = streams(hub, 200)
    hub.deliver('a', 1)
    clock.advance(1000)
    const lastOfFirst = [...heardAt.entries()].filter(([, t]) => t[0] === 240).map(([id]) => id)
    const startOfSecond = clock.now
    hub.deliver('a', 2)
    clock.advance(1000)
    for (const id of lastOfFirst) expect(heardAt.get(id)![1]).toBeLessThan(startOfSecond + 240)
  })

  it('a stream that closes mid-round is skipped; closeAll cancels the round', () => {
    clock = new FakeTimers()
    const hub = new NudgeHub(pacing, clock)
    const { heardAt, subs } = streams(hub, 200)
    const unsubscribeLast = hub.subscribe(subs[199]!)
    hub.deliver('a', 1)
    unsubscribeLast()
    clock.advance(1000)
    expect(heardAt.get('ws-199')).toEqual([])
    hub.deliver('a', 2)
    clock.advance(50)
    hub.closeAll()
    expect(hub.pacingRounds).toBe(0)
    expect(clock.pending).toBe(0)
    const heardSecond = [...heardAt.values()].filter((t) => t.length === 2).length
    expect(heardSecond).toBeGreaterThan(0)
    expect(heardSecond).toBeLessThan(199)
  })

  it('refuses a pacing that cannot work', () => {
    expect(() => new NudgeHub({ spreadMs: -1, perStreamMs: 1, tickMs: 10 })).toThrow(RangeError)
    expect(() => new NudgeHub({ spreadMs: 250, perStreamMs: 1, tickMs: 0 })).toThrow(RangeError)
  })
})
