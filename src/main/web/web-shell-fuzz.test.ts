import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { METHOD_NAMES, type AppInfo } from '../../shared/contract'
import { useWebShellBed, logLines, workstation, protoBefore, send, auth, rpc, envelope, expectWellFormed } from './web-shell-bed'

/** A seeded fuzz run that throws hostile requests at /rpc, then checks the server still answers and nothing leaked. */

useWebShellBed()

// ─── fuzz ──────────────────────────────────────────────────────────────────────────────────────

const CONTROL_AND_BIDI = [
  '\u0000',
  '\u0001',
  '\u0007',
  '\b',
  '\t',
  '\n',
  '\r',
  '\u001b',
  '\u007f',
  '\u0085',
  '\u200b',
  '\u200e',
  '\u200f',
  '\u202a',
  '\u202b',
  '\u202c',
  '\u202d',
  '\u202e',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
  '\u2028',
  '\u2029',
  '\ufeff',
  '\ufffd',
  '\ud800',
  '\udfff',
  '\u{1F1FA}\u{1F1E6}',
  'ʼ',
  '’',
  'Ґ',
  'і'
]
const HOSTILE_KEYS = ['__proto__', 'constructor', 'prototype', '__defineGetter__', 'toString', 'valueOf', 'hasOwnProperty', 'then']

const hostileString = fc
  .array(
    fc.oneof(
      fc.constantFrom(...CONTROL_AND_BIDI),
      fc.string({ unit: 'binary', maxLength: 20 }),
      fc.constantFrom("' OR 1=1 --", '%', '../', '<script>', '${x}')
    ),
    { maxLength: 30 }
  )
  .map((parts) => parts.join(''))

const hostileJson: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.oneof(
      fc.constant(null),
      fc.boolean(),
      fc.double(),
      fc.integer(),
      hostileString,
      fc.constantFrom(-0, 1e308, Number.MAX_SAFE_INTEGER + 2)
    ),
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(fc.oneof(fc.constantFrom(...HOSTILE_KEYS), hostileString), tie('value'), { maxKeys: 5 })
  )
})).value

/** A body as text: any JSON, hostile shapes the JSON generator cannot make, or no JSON at all. */
const body: fc.Arbitrary<string | Buffer> = fc.oneof(
  hostileJson.map((v) => JSON.stringify(v) ?? 'null'),
  // Prototype-pollution payloads: JSON.parse makes `__proto__` an own key; nothing may copy it onward.
  fc
    .constantFrom(...HOSTILE_KEYS)
    .chain((key) =>
      fc.constantFrom(
        `{"${key}":{"polluted":true}}`,
        `{"${key}":{"prototype":{"polluted":true}}}`,
        `{"id":"a1","${key}":{"polluted":true}}`,
        `{"type":"note","applicationId":"a1","payload":{"text":"x","${key}":{"polluted":true}}}`,
        `{"fields":{"${key}":"polluted"},"serviceId":"x"}`,
        `{"search":"x","${key}":{"polluted":true}}`
      )
    ),
  // Deep nesting, beyond what any schema walks.
  fc
    .tuple(fc.integer({ min: 1, max: 200_000 }), fc.constantFrom('[', '{"a":'))
    .map(([depth, open]) => (open === '[' ? '['.repeat(depth) + ']'.repeat(depth) : open.repeat(depth) + '1' + '}'.repeat(depth))),
  // Huge strings, some just over the 1 MB limit.
  fc
    .tuple(fc.integer({ min: 1000, max: 1_100_000 }), fc.constantFrom('x', '\u202e', 'і', '\u0000'))
    .map(([n, ch]) => JSON.stringify({ id: ch.repeat(Math.floor(n / Math.max(1, JSON.stringify(ch).length - 2))) })),
  // Random bytes (invalid UTF-8 included).
  fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)),
  // Well-shaped calls with hostile text, so the handlers run too.
  fc
    .record({
      search: hostileString.map((s) => s.slice(0, 100)),
      limit: fc.integer({ min: -5, max: 600 }),
      tab: fc.constantFrom('all', 'mine', 'nope')
    })
    .map((q) => JSON.stringify(q)),
  hostileString.map((text) => JSON.stringify({ type: 'note', applicationId: 'missing-application', payload: { text } }))
)

const methodName: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...METHOD_NAMES),
  fc.constantFrom(...METHOD_NAMES),
  fc.constantFrom(...HOSTILE_KEYS, 'app.info/..', '..', '.', '%2e%2e', 'app.info%00', '%00', 'a'.repeat(5000)),
  hostileString,
  fc.string({ unit: 'grapheme', maxLength: 200 })
)

/** Method names go into the path percent-encoded; lone surrogates cannot be, so they become U+FFFD. */
const toPath = (name: string): string =>
  `/rpc/${encodeURIComponent(name.replace(/[\ud800-\udfff]/g, (c, i: number, s: string) => (isPairedSurrogate(s, i) ? c : '\ufffd')))}`
function isPairedSurrogate(s: string, i: number): boolean {
  const code = s.charCodeAt(i)
  if (code >= 0xd800 && code <= 0xdbff) {
    const next = s.charCodeAt(i + 1)
    return next >= 0xdc00 && next <= 0xdfff
  }
  const prev = s.charCodeAt(i - 1)
  return prev >= 0xd800 && prev <= 0xdbff
}

/** Three calls in four carry the token, so most of the run gets past the door to the schemas and handlers. */
const withTokenMostly = fc.oneof({ arbitrary: fc.constant(true), weight: 3 }, { arbitrary: fc.constant(false), weight: 1 })

describe('fuzzing /rpc', () => {
  it('answers every hostile request with a well-formed result, never a 500 or a hang, and stays healthy', async () => {
    const errorsBefore = logLines.filter((l) => l.level === 'error').length
    const seen = new Map<number, number>()
    await fc.assert(
      fc.asyncProperty(methodName, body, withTokenMostly, async (method, payload, withToken) => {
        const reply = await send({
          method: 'POST',
          path: toPath(method),
          headers: withToken ? auth() : { 'content-type': 'application/json' },
          body: payload,
          timeoutMs: 10_000
        })
        seen.set(reply.status, (seen.get(reply.status) ?? 0) + 1)
        const result = expectWellFormed(reply, `${method.slice(0, 60)} ← ${String(payload).slice(0, 120)}`)
        // Without the token nothing gets through: 401 on /rpc/…, 405 where dot segments led off it.
        if (!withToken) expect([401, 405]).toContain(reply.status)
        if (!withToken) expect(result.ok).toBe(false)
      }),
      { seed: 20_260_117, numRuns: 300, endOnFailure: true }
    )
    // The run reached the schemas and the handlers, not only the doors.
    expect(seen.get(200) ?? 0).toBeGreaterThan(150)
    expect(seen.get(401) ?? 0).toBeGreaterThan(40)
    expect(seen.get(413) ?? 0).toBeGreaterThan(0)
    // Healthy afterwards: answers, and nothing crashed inside.
    const info = envelope(await rpc('app.info', {}))
    expect(info.ok).toBe(true)
    expect((info.value as AppInfo).workstationId).toBe(workstation.workstationId)
    expect(logLines.filter((l) => l.level === 'error').slice(errorsBefore)).toEqual([])
  }, 180_000)

  it('left Object.prototype unpolluted', () => {
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(protoBefore)
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined()
    expect(Object.prototype).not.toHaveProperty('polluted')
    expect(Object.getPrototypeOf({})).toBe(Object.prototype)
  })
})
