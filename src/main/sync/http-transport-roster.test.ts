import { afterEach, describe, expect, it } from 'vitest'
import { HttpTransport } from './http-transport'
import { TransportError } from './transport'

/*
 * HttpTransport.clerks (GET /sync/clerks): the reassign dialog waits on it, so it gives up at its
 * short timeout, and it takes only the shared schema's answer (a roster carrying logins is refused).
 */

const transports: HttpTransport[] = []
afterEach(() => {
  for (const t of transports.splice(0)) t.close()
})

function transport(fetchImpl: typeof fetch): HttpTransport {
  const t = new HttpTransport('http://portal.test', 'ws-token', fetchImpl, { decodeInline: true })
  transports.push(t)
  return t
}

async function failure(p: Promise<unknown>): Promise<TransportError> {
  try {
    await p
  } catch (e) {
    if (e instanceof TransportError) return e
    throw e
  }
  throw new Error('did not fail')
}

describe('HttpTransport.clerks', () => {
  it('asks GET /sync/clerks with the workstation token and returns the checked roster', async () => {
    const seen: { url: string; auth: string | null }[] = []
    const t = transport(async (url, init) => {
      seen.push({ url: String(url), auth: new Headers(init?.headers).get('authorization') })
      return Response.json({ clerks: [{ clerkId: 'clerk-taras', name: 'Тарас Мар’янчук', role: 'clerk' }] })
    })
    expect(await t.clerks(1_000)).toEqual({ clerks: [{ clerkId: 'clerk-taras', name: 'Тарас Мар’янчук', role: 'clerk' }] })
    expect(seen).toEqual([{ url: 'http://portal.test/sync/clerks', auth: 'Bearer ws-token' }])
  })

  it('gives up at its timeout: a portal that does not answer is "offline"', async () => {
    const t = transport(
      (_url, init) =>
        new Promise<Response>((_resolve, reject) => {
          init?.signal?.addEventListener('abort', () =>
            reject(init.signal?.reason instanceof Error ? init.signal.reason : new Error('aborted'))
          )
        })
    )
    const started = Date.now()
    const e = await failure(t.clerks(100))
    expect(e.kind).toBe('offline')
    expect(Date.now() - started).toBeLessThan(2_000)
  })

  it('refuses an answer outside the schema (a login in it, an unknown role) and passes the portal refusal on with its code', async () => {
    const withLogin = transport(async () => Response.json({ clerks: [{ clerkId: 'c', name: 'Хтось', role: 'clerk', login: 'c' }] }))
    expect((await failure(withLogin.clerks(1_000))).kind).toBe('protocol')
    const badRole = transport(async () => Response.json({ clerks: [{ clerkId: 'c', name: 'Хтось', role: 'owner' }] }))
    expect((await failure(badRole.clerks(1_000))).kind).toBe('protocol')
    const refused = transport(async () => Response.json({ error: { code: 'sign_in_required', message: 'Увійдіть' } }, { status: 403 }))
    const e = await failure(refused.clerks(1_000))
    expect([e.kind, e.code]).toEqual(['unauthorized', 'sign_in_required'])
  })
})
