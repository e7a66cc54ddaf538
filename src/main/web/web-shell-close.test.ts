/**
 * Closing the web shell while the renderer is still busy with it: a close ends as soon as what is
 * in flight has been answered, never by the grace period's cut (which is logged). Over real HTTP,
 * with a keep-alive agent as the browser has: a stopped shell once hung until its connections were
 * cut, because a connection busy at close() stayed open and served the EventSource's reconnect.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Agent, request as httpRequest, type IncomingMessage } from 'node:http'
import { CLOSE_CUT_MESSAGE, startWebShell, type WebShell, type WebShellOptions } from './web-shell'
import { postRpc, shellTestBed, type RpcAnswer, type ShellTestBed } from './test-workstation'
import type { Workstation } from '../workstation'
import type { Logger } from '../log'

const TOKEN = 'test-token-close-0123456789abcdefghij'

let bed: ShellTestBed
let workstation: Workstation

beforeAll(async () => {
  bed = await shellTestBed('web-close', { info: () => undefined, warn: () => undefined, error: () => undefined })
  workstation = bed.workstation
})

afterAll(async () => {
  await bed?.dispose()
})

/** A shell over the workstation whose app.info calls wait at a gate the test opens. */
async function gatedShell(extra: Partial<WebShellOptions> = {}) {
  const warnings: string[] = []
  const log: Logger = { info: () => undefined, warn: (m) => warnings.push(m), error: (m) => warnings.push(m) }
  let entered!: () => void
  const called = new Promise<void>((resolve) => (entered = resolve))
  let open!: () => void
  const gate = new Promise<void>((resolve) => (open = resolve))
  const gated: Workstation = {
    ...workstation,
    dispatch: async (method, input) => {
      if (method === 'app.info') {
        entered()
        await gate
      }
      return workstation.dispatch(method, input)
    }
  }
  const shell = await startWebShell({ workstation: gated, rendererDir: bed.rendererDir, port: 0, log, token: TOKEN, ...extra })
  return { shell, warnings, called, open }
}

function post(shell: WebShell, method: string, body: string, agent?: Agent): Promise<RpcAnswer> {
  return postRpc(shell.port, TOKEN, method, body, agent)
}

/** Opens /events; resolves with the response once its first comment has arrived. */
function openEvents(shell: WebShell, agent?: Agent): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const r = httpRequest({ host: '127.0.0.1', port: shell.port, path: `/events?token=${TOKEN}`, agent }, (res) => {
      if (res.statusCode !== 200) return resolve(res)
      res.once('data', () => resolve(res))
    })
    r.on('error', reject)
    r.end()
  })
}

describe('web shell close', () => {
  it('answers a call in flight, closes its connection, lets no event stream reconnect, and ends without a cut', async () => {
    const { shell, warnings, called, open } = await gatedShell()
    // The browser: one event stream, and calls over a kept-alive connection.
    const agent = new Agent({ keepAlive: true, maxSockets: 1 })
    const stream = await openEvents(shell)
    const streamEnded = new Promise<void>((resolve) => stream.on('end', resolve).resume())
    const reply = post(shell, 'app.info', '{}', agent)
    await called

    const closed = shell.close()
    open()
    const answer = await reply
    expect(answer.status).toBe(200)
    expect(JSON.parse(answer.body)).toMatchObject({ ok: true })
    expect(answer.headers.connection).toBe('close')
    await streamEnded

    // What the renderer's EventSource does next: ask for the stream again, on the same agent.
    const again = await openEvents(shell, agent).then(
      (res) => {
        res.resume()
        return res.statusCode
      },
      (e: NodeJS.ErrnoException) => e.code
    )
    expect(again).toBe('ECONNREFUSED')

    await closed
    expect(warnings).not.toContain(CLOSE_CUT_MESSAGE)
    agent.destroy()
  })

  it('waits for a refused body still being sent, without cutting it (the client sees its 413, no EPIPE)', async () => {
    const { shell, warnings } = await gatedShell({ bodyLimits: { 'app.info': 1024 } })
    const body = JSON.stringify({ x: 'y'.repeat(8 * 1024 * 1024) })
    const errors: string[] = []
    let status = 0
    let answered!: () => void
    const gotAnswer = new Promise<void>((resolve) => (answered = resolve))
    const done = new Promise<void>((resolve) => {
      const r = httpRequest(
        {
          host: '127.0.0.1',
          port: shell.port,
          method: 'POST',
          path: '/rpc/app.info',
          headers: { 'x-vikno-token': TOKEN, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }
        },
        (res) => {
          status = res.statusCode ?? 0
          answered()
          res.resume()
        }
      )
      r.on('error', (e: NodeJS.ErrnoException) => errors.push(e.code ?? e.message))
      r.on('close', () => resolve())
      r.end(body)
    })
    // The 413 comes back while most of the body is still on its way: close now.
    await gotAnswer
    await shell.close()
    await done
    expect(status).toBe(413)
    expect(errors).toEqual([])
    expect(warnings).not.toContain(CLOSE_CUT_MESSAGE)
  })

  it('cuts a call that never ends after the grace period, and logs it', async () => {
    const { shell, warnings, called, open } = await gatedShell({ closeGraceMs: 50 })
    const reply = post(shell, 'app.info', '{}').catch((e: NodeJS.ErrnoException) => e.code)
    await called
    await shell.close()
    expect(warnings).toContain(CLOSE_CUT_MESSAGE)
    expect(await reply).toBe('ECONNRESET')
    open()
  })
})
