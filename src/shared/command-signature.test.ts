import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { commandSigningBytes, commandSigningText, COMMAND_SIGNATURE_DOMAIN, type SignedCommandFields } from './command-signature'

const base: SignedCommandFields = {
  seq: 7,
  commandId: '0195aa00-0000-7000-8000-000000000007',
  type: 'decide',
  v: 1,
  applicationId: 'app-1',
  baseVersion: 3,
  clerk: { clerkId: 'clerk-olena' },
  issuedAt: '2026-11-27T10:00:00+02:00',
  payload: { kind: 'refuse', ground: 'Неповний пакет документів', text: 'Ґанок «пʼятий»', appeal: null }
}

describe('the canonical text a command signature covers', () => {
  it('is the domain tag and RFC 8785 JSON of the fields, keys sorted, the clerk’s name left out', () => {
    const text = commandSigningText('ws-1', { ...base, clerk: { clerkId: 'clerk-olena', name: 'Олена' } } as SignedCommandFields)
    expect(text).toBe(
      `${COMMAND_SIGNATURE_DOMAIN}\n` +
        '{"applicationId":"app-1","baseVersion":3,"clerkId":"clerk-olena","commandId":"0195aa00-0000-7000-8000-000000000007",' +
        '"issuedAt":"2026-11-27T10:00:00+02:00","payload":{"appeal":null,"ground":"Неповний пакет документів","kind":"refuse","text":"Ґанок «пʼятий»"},' +
        '"seq":7,"type":"decide","v":1,"workstationId":"ws-1"}'
    )
    expect(new TextDecoder().decode(commandSigningBytes('ws-1', base))).toBe(commandSigningText('ws-1', base))
  })

  it('does not depend on key order or on a trip through JSON (what the portal receives)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.integer({ min: 1, max: 1e9 }), (payload, seq) => {
        const env = { ...base, seq, payload }
        const travelled = JSON.parse(JSON.stringify({ ...env, payload: reorder(payload) })) as SignedCommandFields
        expect(commandSigningText('ws-1', travelled)).toBe(commandSigningText('ws-1', env))
      })
    )
  })

  it('differs when any signed field differs', () => {
    const fields: [string, SignedCommandFields | string][] = [
      ['seq', { ...base, seq: 8 }],
      ['commandId', { ...base, commandId: 'other' }],
      ['type', { ...base, type: 'note' }],
      ['v', { ...base, v: 2 }],
      ['applicationId', { ...base, applicationId: 'app-2' }],
      ['baseVersion', { ...base, baseVersion: null }],
      ['clerkId', { ...base, clerk: { clerkId: 'clerk-taras' } }],
      ['issuedAt', { ...base, issuedAt: '2026-11-27T10:00:01+02:00' }],
      ['payload', { ...base, payload: { ...(base.payload as object), kind: 'approve' } }]
    ]
    const original = commandSigningText('ws-1', base)
    for (const [name, changed] of fields) expect(commandSigningText('ws-1', changed as SignedCommandFields), name).not.toBe(original)
    expect(commandSigningText('ws-2', base)).not.toBe(original)
  })

  it('signs a payload as JSON carries it, and refuses a lone surrogate (the portal refuses one too)', () => {
    expect(commandSigningText('ws-1', { ...base, payload: { n: Number.NaN, u: undefined } })).toBe(
      commandSigningText('ws-1', { ...base, payload: { n: null } })
    )
    expect(() => commandSigningText('ws-1', { ...base, payload: { s: '\ud800' } })).toThrow()
  })
})

/** The same value with every object's keys in reverse order. */
function reorder(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reorder)
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .reverse()
        .map(([k, v]) => [k, reorder(v)])
    )
  return value
}
