/**
 * The portal under a centre's load (issue 19, item 5), reusable by `bench/portal.ts` and the CI
 * cluster test: N enrolled workstations ("desks"), each holding its nudge stream (SSE) open and
 * pulling on every nudge and on a 30 s poll; desks whose clerk acts about once a minute (a signed
 * note pushed, as the workstation pushes it); citizens submitting through the public intake at a
 * steady rate. Measures pull p50/p99, push p99, submit p99, errors, propagation (submission →
 * present in a pull of every desk of its centre) p50/p95, and the portal processes' CPU seconds.
 *
 * Desks enrol through the real API with one-time codes issued as `admin-cli.ts` issues them
 * (`issueDeskCodes`: the portal's own function, in the name of the centre's administrator, on its
 * database). Each desk starts as an already synchronised workstation would: its cursor is the
 * centre's version its stream announces on connect, so the run measures steady work, not initial syncs.
 */
import { randomBytes, randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { performance } from 'node:perf_hooks'
import { enrolWorkstation, signInClerk } from '../../src/main/sync/http-transport'
import { CommandSigner, generateClerkKeyPair } from '../../src/main/sync/command-signing'
import { issueEnrolmentCode } from '../../src/portal/auth/enrolment-codes'
import { findClerkByLogin } from '../../src/portal/db/clerks-repository'
import type { PortalDb } from '../../src/portal/db/portal-db'
import { makeDeps } from '../../src/portal/deps'
import { DEMO_CLERKS } from '../../src/shared/demo/clerks'
import type { CommandEnvelope } from '../../src/shared/domain/commands'
import { nudgeSchema, pullResponseSchema, pushResponseSchema } from '../../src/shared/protocol'
import { citizenApplication } from '../../src/sim/workload'

export interface LoadOptions {
  /** The portal's URL (a process, or the balancer). */
  url: string
  /** One per desk: its one-time enrolment code and the clerk who signs in there (issueDeskCodes). */
  desks: readonly DeskSpec[]
  /** Where citizens' submissions land (the portal's first centre): propagation is measured over its desks. */
  intakeCentreId: string
  durationMs: number
  /** Citizens' submissions per second through the public intake. */
  submitsPerSecond: number
  /** The share of desks whose clerk acts (a signed note) about once a minute. */
  pushingShare: number
  pollMs: number
  /** After the load: how long every desk may take to show the last submissions. */
  settleMs: number
  /** Portal process ids whose CPU seconds are measured (/proc/<pid>/stat); re-read at the end. */
  portalPids: () => readonly number[]
  /** Called once, `killAfterMs` into the run (the kill phase). */
  midRun?: { atMs: number; action: () => Promise<void> }
  log: (line: string) => void
}

export interface LoadResult {
  desks: number
  seconds: number
  pulls: number
  pull_p50_ms: number
  pull_p99_ms: number
  pushes: number
  push_p99_ms: number
  /** Pushed commands the portal did not answer `applied` for (after retries). */
  commands_lost: number
  submits: number
  submit_p99_ms: number
  errors: number
  /** Requests that failed once and succeeded on a retry (a process killed under them). */
  retried: number
  /** Stream reconnections beyond each desk's first connect. */
  reconnects: number
  propagation_p50_ms: number
  propagation_p95_ms: number
  /** Submissions some desk never saw by the end of the settle time. */
  not_propagated: number
  portal_cpu_s: number | null
  /** CPU seconds of this process (the load generator): on one machine it competes with the portal for the same cores. */
  loadgen_cpu_s: number
  error_samples: string[]
}

export const pct = (xs: readonly number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length === 0 ? 0 : (s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] as number)
}
const round1 = (x: number): number => Math.round(x * 10) / 10
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

export interface DeskClerk {
  clerkId: string
  name: string
  login: string
  password: string
}

export interface DeskSpec {
  code: string
  clerk: DeskClerk
}

const demoClerk = DEMO_CLERKS.find((c) => c.role === 'clerk')
const demoAdmin = DEMO_CLERKS.find((c) => c.role === 'admin')

/**
 * `count` desks of one centre: one-time enrolment codes issued by its administrator as admin-cli.ts
 * issues them (the portal's own function, on its database), and the clerk who signs in at them.
 * By default the demo centre's administrator and a front-desk clerk.
 */
export async function issueDeskCodes(
  db: PortalDb,
  count: number,
  adminLogin = demoAdmin?.login ?? 'nadiia',
  clerk: DeskClerk | undefined = demoClerk
): Promise<DeskSpec[]> {
  if (!clerk) throw new Error('no clerk for the desks')
  const deps = makeDeps()
  const admin = await findClerkByLogin(db, adminLogin)
  if (!admin || admin.role !== 'admin') throw new Error(`no administrator ${adminLogin}`)
  const desks: DeskSpec[] = []
  for (let i = 0; i < count; i++) {
    const issued = await db.transaction((tx) => issueEnrolmentCode(tx, deps, admin, { via: null, validHours: 24 }))
    desks.push({ code: issued.code, clerk })
  }
  return desks
}

/** CPU seconds (user + system) of a process from /proc/<pid>/stat; null where /proc has none. */
export function cpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    // After the command: state is field 3; utime and stime are fields 14 and 15 (1-based), in ticks of 1/100 s.
    return (Number(fields[11]) + Number(fields[12])) / 100
  } catch {
    return null
  }
}

interface Desk {
  id: string
  token: string
  centreId: string
  cursor: number
  pushing: boolean
  signer: CommandSigner
  clerk: DeskClerk
  seq: number
  connected: boolean
  connects: number
  pulling: boolean
  again: boolean
  abort: AbortController
}

export async function runLoad(opts: LoadOptions): Promise<LoadResult> {
  const errors: string[] = []
  let errorCount = 0
  let retried = 0
  const error = (what: string): void => {
    errorCount++
    if (errors.length < 20) errors.push(what)
  }
  /** A request that may meet a process being killed: up to 3 tries; a success after a failure counts as retried. */
  const attempt = async <T>(what: string, fn: () => Promise<T>): Promise<T | null> => {
    for (let i = 0; i < 3; i++) {
      try {
        const out = await fn()
        if (i > 0) retried++
        return out
      } catch (e) {
        if (i === 2) error(`${what}: ${e instanceof Error ? e.message : String(e)}`)
        else await sleep(200 * (i + 1))
      }
    }
    return null
  }

  // ——— enrol and sign in, a few at a time (a sign-in is a scrypt on the portal) ———
  opts.log(`  enrolling ${opts.desks.length} desks`)
  const desks: Desk[] = []
  let next = 0
  const enrolOne = async ({ code, clerk: acting }: DeskSpec, i: number): Promise<void> => {
    const id = randomUUID()
    const enrolment = await enrolWorkstation(opts.url, {
      enrolmentCode: code,
      workstationId: id,
      creationNonce: randomBytes(12).toString('hex'),
      label: `load ${i}`
    })
    const key = generateClerkKeyPair()
    const signIn = await signInClerk(opts.url, enrolment.token, acting.login, acting.password, key.publicKey)
    const signer = new CommandSigner(id)
    if (!signIn.keyId) throw new Error('sign-in registered no key')
    signer.hold(acting.clerkId, signIn.keyId, key.privateKey)
    desks.push({
      id,
      token: enrolment.token,
      centreId: enrolment.centreId,
      cursor: -1,
      pushing: i < Math.round(opts.desks.length * opts.pushingShare),
      signer,
      clerk: acting,
      seq: 0,
      connected: false,
      connects: 0,
      pulling: false,
      again: false,
      abort: new AbortController()
    })
  }
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < opts.desks.length) {
        const i = next++
        await enrolOne(opts.desks[i] as DeskSpec, i)
      }
    })
  )

  // ——— what each desk has seen: order number → when its pull first showed it ———
  const submitted = new Map<string, { at: number; centreId: string | null }>()
  const seenAt = new Map<string, Map<string, number>>() // orderNumber → desk id → ms
  const applicationIds: string[] = []
  const pullMs: number[] = []
  const pushMs: number[] = []
  const submitMs: number[] = []
  let commandsLost = 0
  let running = true

  const pullOnce = async (desk: Desk): Promise<void> => {
    for (let page = 0; page < 50; page++) {
      const started = performance.now()
      const body = await attempt(`pull ${desk.id.slice(0, 8)}`, async () => {
        const res = await fetch(`${opts.url}/sync/pull?cursor=${desk.cursor}&limit=500`, {
          headers: { authorization: `Bearer ${desk.token}` },
          signal: AbortSignal.timeout(30_000)
        })
        if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${(await res.text()).slice(0, 200)}`)
        return pullResponseSchema.parse(await res.json())
      })
      if (!body) return
      pullMs.push(performance.now() - started)
      const now = performance.now()
      if (body.reset) {
        error(`pull ${desk.id.slice(0, 8)}: reset at cursor ${desk.cursor}`)
        return
      }
      for (const change of body.changes) {
        if (change.type !== 'application') continue
        const order = change.record.orderNumber
        let desksSeen = seenAt.get(order)
        if (!desksSeen) {
          desksSeen = new Map()
          seenAt.set(order, desksSeen)
        }
        if (!desksSeen.has(desk.id)) desksSeen.set(desk.id, now)
        if (applicationIds.length < 500 && submitted.has(order) && !applicationIds.includes(change.record.id))
          applicationIds.push(change.record.id)
      }
      desk.cursor = body.nextCursor
      if (!body.hasMore) return
    }
  }
  /** A nudge or a poll: one pull at a time per desk; a nudge during a pull makes one more after it. */
  const pull = async (desk: Desk): Promise<void> => {
    if (desk.cursor < 0) return
    if (desk.pulling) {
      desk.again = true
      return
    }
    desk.pulling = true
    try {
      do {
        desk.again = false
        await pullOnce(desk)
      } while (desk.again && running)
    } finally {
      desk.pulling = false
    }
  }

  const stream = async (desk: Desk): Promise<void> => {
    while (running) {
      try {
        const res = await fetch(`${opts.url}/sync/events`, {
          headers: { authorization: `Bearer ${desk.token}` },
          signal: desk.abort.signal
        })
        if (res.status !== 200 || !res.body) throw new Error(`events: HTTP ${res.status}`)
        desk.connects++
        desk.connected = true
        const reader = res.body.getReader()
        const decoder = new TextDecoder()
        let text = ''
        for (;;) {
          const { value, done } = await reader.read()
          if (done) break
          text += decoder.decode(value, { stream: true })
          const frames = text.split('\n\n')
          text = frames.pop() ?? ''
          for (const frame of frames) {
            const data = frame.split('\n').find((l) => l.startsWith('data: '))
            if (!data) continue
            const nudge = nudgeSchema.parse(JSON.parse(data.slice(6)))
            // The first line on connect names the centre's version: a synchronised desk's cursor.
            if (desk.cursor < 0) desk.cursor = nudge.version
            else if (nudge.version > desk.cursor) void pull(desk)
          }
        }
      } catch (e) {
        if (!running) return
        // A dropped stream is a reconnect, not an error, unless it cannot come back (below).
        if (!(e instanceof Error && e.name === 'AbortError')) await sleep(500)
      }
      desk.connected = false
      if (running) void pull(desk) // reconnecting: catch up whatever the stream missed
    }
  }

  // ——— start: streams first, wait until every desk holds one ———
  const streams = desks.map((d) => stream(d))
  const connectUntil = Date.now() + 60_000
  while (desks.some((d) => d.cursor < 0) && Date.now() < connectUntil) await sleep(100)
  const unconnected = desks.filter((d) => d.cursor < 0).length
  if (unconnected > 0) error(`${unconnected} desks got no first line on their streams within 60 s`)

  const pids = opts.portalPids()
  const cpuBefore = new Map(pids.map((p) => [p, cpuSeconds(p)]))
  opts.log(
    `  load: ${desks.length} desks, ${opts.submitsPerSecond} submissions/s, ${Math.round(opts.pushingShare * 100)}% of clerks acting once a minute, ${opts.durationMs / 1000} s`
  )
  const started = performance.now()
  const ownCpu = process.cpuUsage()
  const timers: NodeJS.Timeout[] = []
  const work: Promise<void>[] = []

  // polls, spread over the poll interval
  for (const [i, desk] of desks.entries()) {
    const first = setTimeout(
      () => {
        void pull(desk)
        timers.push(setInterval(() => void pull(desk), opts.pollMs))
      },
      (i / desks.length) * opts.pollMs
    )
    timers.push(first)
  }
  // clerks: a signed note about once a minute (30–90 s apart), on an application a citizen submitted
  const push = async (desk: Desk): Promise<void> => {
    const applicationId = applicationIds[Math.floor(Math.random() * applicationIds.length)]
    if (!applicationId) return
    const cmd: CommandEnvelope = {
      type: 'note',
      applicationId,
      payload: { text: 'Перевірено під навантаженням' },
      commandId: randomUUID(),
      seq: ++desk.seq,
      v: 1,
      baseVersion: null,
      clerk: { clerkId: desk.clerk.clerkId, name: desk.clerk.name },
      issuedAt: new Date().toISOString()
    }
    const signature = desk.signer.sign(cmd)
    const signed = signature ? { ...cmd, signature } : cmd
    const t = performance.now()
    // A retry sends the same seq: the portal decides it once (idempotency), whichever process answers.
    const body = await attempt(`push ${desk.id.slice(0, 8)}`, async () => {
      const res = await fetch(`${opts.url}/sync/push`, {
        method: 'POST',
        headers: { authorization: `Bearer ${desk.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ workstationId: desk.id, commands: [signed] }),
        signal: AbortSignal.timeout(30_000)
      })
      if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${(await res.text()).slice(0, 200)}`)
      return pushResponseSchema.parse(await res.json())
    })
    pushMs.push(performance.now() - t)
    const outcome = body?.results[0]?.outcome
    if (outcome !== 'applied') {
      commandsLost++
      error(`push ${desk.id.slice(0, 8)} seq ${cmd.seq}: ${outcome ?? 'no answer'}`)
    }
  }
  // Only the intake centre has applications to act on: other centres' desks hold their streams and poll.
  for (const desk of desks.filter((d) => d.pushing && d.centreId === opts.intakeCentreId)) {
    const schedule = (): void => {
      timers.push(
        setTimeout(
          () => {
            if (!running) return
            work.push(push(desk))
            schedule()
          },
          30_000 + Math.random() * 60_000
        )
      )
    }
    // the first act anywhere in the first minute
    timers.push(
      setTimeout(() => {
        if (!running) return
        work.push(push(desk))
        schedule()
      }, Math.random() * 60_000)
    )
  }
  // citizens, at a steady rate
  let variant = 0
  const submit = async (): Promise<void> => {
    const t = performance.now()
    const v = variant++
    const body = await attempt('submit', async () => {
      const res = await fetch(`${opts.url}/api/v1/applications`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(citizenApplication(50_000 + v)),
        signal: AbortSignal.timeout(30_000)
      })
      if (res.status !== 201) throw new Error(`HTTP ${res.status}: ${(await res.text()).slice(0, 200)}`)
      return (await res.json()) as { orderNumber: string }
    })
    if (!body) return
    submitMs.push(performance.now() - t)
    submitted.set(body.orderNumber, { at: t, centreId: null })
  }
  if (opts.submitsPerSecond > 0) {
    const every = 1000 / opts.submitsPerSecond
    timers.push(setInterval(() => work.push(submit()), every))
  }
  if (opts.midRun) {
    const mid = opts.midRun
    timers.push(setTimeout(() => work.push(mid.action()), mid.atMs))
  }

  await sleep(opts.durationMs)
  for (const t of timers) clearTimeout(t)
  await Promise.all(work)
  // ——— settle: every desk must show every submission ———
  const centreOf = new Map(desks.map((d) => [d.id, d.centreId]))
  const intakeCentre = opts.intakeCentreId
  const missing = (): number =>
    [...submitted.keys()].filter((order) => {
      const seen = seenAt.get(order)
      return desks.some((d) => centreOf.get(d.id) === intakeCentre && !seen?.has(d.id))
    }).length
  const settleUntil = Date.now() + opts.settleMs
  while (missing() > 0 && Date.now() < settleUntil) await sleep(200)
  const seconds = (performance.now() - started) / 1000
  const cpuAfter = opts.portalPids().map((p) => ({ p, after: cpuSeconds(p) }))
  const own = process.cpuUsage(ownCpu)
  running = false
  for (const d of desks) d.abort.abort()
  await Promise.allSettled(streams)
  while (desks.some((d) => d.pulling)) await sleep(50)

  const propagation: number[] = []
  let notPropagated = 0
  for (const [order, s] of submitted) {
    const seen = seenAt.get(order)
    const atDesks = desks.filter((d) => centreOf.get(d.id) === intakeCentre).map((d) => seen?.get(d.id))
    if (atDesks.some((x) => x === undefined)) notPropagated++
    else propagation.push(Math.max(...(atDesks as number[])) - s.at)
  }
  if (notPropagated > 0) error(`${notPropagated} submissions not at every desk after ${opts.settleMs / 1000} s`)
  let cpu: number | null = 0
  for (const { p, after } of cpuAfter) {
    const before = cpuBefore.get(p)
    // A process started mid-run (none today) or killed: what it used until it was last seen is lost; count what is known.
    if (after === null || before === null || before === undefined) continue
    cpu += after - before
  }
  if (cpuAfter.every((c) => c.after === null)) cpu = null
  const reconnects = desks.reduce((n, d) => n + Math.max(0, d.connects - 1), 0)
  return {
    desks: desks.length,
    seconds: round1(seconds),
    pulls: pullMs.length,
    pull_p50_ms: round1(pct(pullMs, 50)),
    pull_p99_ms: round1(pct(pullMs, 99)),
    pushes: pushMs.length,
    push_p99_ms: round1(pct(pushMs, 99)),
    commands_lost: commandsLost,
    submits: submitMs.length,
    submit_p99_ms: round1(pct(submitMs, 99)),
    errors: errorCount,
    retried,
    reconnects,
    propagation_p50_ms: round1(pct(propagation, 50)),
    propagation_p95_ms: round1(pct(propagation, 95)),
    not_propagated: notPropagated,
    portal_cpu_s: cpu === null ? null : round1(cpu),
    loadgen_cpu_s: round1((own.user + own.system) / 1e6),
    error_samples: errors
  }
}
