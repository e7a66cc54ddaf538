import { afterEach, describe, expect, it } from 'vitest'
import { behindPage, type PullResponse } from '../../shared/protocol'
import { demoItems } from '../db/test-fixtures'
import { decodePullPage, newestPreparedEvent, preparePage, recordOf } from './prepared-page'
import { PullDecoder } from './pull-decoder-client'
import { TransportError } from './transport'

const items = demoItems(40, 11)
const page: PullResponse = {
  changes: items.flatMap((item, i) => [
    { type: 'application' as const, version: i + 1, record: item.record },
    ...item.events.map((event) => ({ type: 'event' as const, version: i + 1, event }))
  ]),
  nextCursor: items.length,
  hasMore: true,
  lastSeq: 3,
  reset: false
}
const bytes = (value: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(value))

describe('prepared pages', () => {
  it('carry each change as the rows the engine writes, in page order, with the record’s exact JSON', () => {
    const prepared = preparePage(page)
    expect(prepared).toMatchObject({ nextCursor: page.nextCursor, hasMore: true, lastSeq: 3, reset: false })
    expect(prepared.changes.map((c) => `${c.type}:${c.id}`)).toEqual(
      page.changes.map((c) =>
        c.type === 'application' ? `application:${c.record.id}` : c.type === 'event' ? `event:${c.event.id}` : `removed:${c.applicationId}`
      )
    )
    const first = prepared.changes[0]
    if (first?.type !== 'application') throw new Error('the page starts with an application')
    expect(recordOf(first)).toEqual(items[0]?.record)
    expect(first.rows.orderNumber).toBe(items[0]?.record.orderNumber)
    const lastEvent = items.at(-1)?.events.at(-1)
    expect(newestPreparedEvent(prepared.changes, null)).toEqual({ version: items.length, id: lastEvent?.id })
  })

  it('decoded from bytes equal the page prepared from objects', () => {
    expect(decodePullPage(bytes(page))).toEqual(preparePage(page))
  })

  it('keep `behind` (issue 19): true from a page that says so, false from one without it (an older portal)', () => {
    expect(decodePullPage(bytes(behindPage(9, 2)))).toMatchObject({ behind: true, reset: false, nextCursor: 9, changes: [] })
    expect(decodePullPage(bytes(page)).behind).toBe(false)
  })

  it('refuse a body that is not UTF-8, not JSON, or not a page, as a protocol failure', () => {
    const cases: Uint8Array[] = [
      new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]),
      new TextEncoder().encode('{"changes": ['),
      bytes({ ...page, nextCursor: -1 }),
      bytes({ ...page, changes: [{ type: 'application', version: 1, record: { id: 'x' } }] })
    ]
    // A record whose dates are not dates: checked by zod as strings, refused by the rows.
    const [first] = items
    if (!first) throw new Error('no items')
    cases.push(bytes({ ...page, changes: [{ type: 'application', version: 1, record: { ...first.record, receivedAt: 'вчора' } }] }))
    for (const body of cases) {
      expect(() => decodePullPage(body)).toThrow(TransportError)
      try {
        decodePullPage(body)
      } catch (e) {
        expect((e as TransportError).kind).toBe('protocol')
      }
    }
  })
})

describe('PullDecoder (the worker thread)', () => {
  const decoders: PullDecoder[] = []
  afterEach(() => {
    for (const d of decoders.splice(0)) d.close()
    expect(PullDecoder.live).toBe(0)
  })

  it('decodes pages on its thread exactly as on the main thread, several at once, and stops', async () => {
    const decoder = new PullDecoder({ inlineBelowBytes: 0 })
    decoders.push(decoder)
    const second = { ...page, changes: page.changes.slice(0, 7), hasMore: false }
    const [a, b] = await Promise.all([decoder.decode(bytes(page)), decoder.decode(bytes(second))])
    expect(PullDecoder.live).toBe(1)
    expect(a).toEqual(preparePage(page))
    expect(b).toEqual(preparePage(second))
  })

  it('sends a refused page back as the same kind of error', async () => {
    const decoder = new PullDecoder({ inlineBelowBytes: 0 })
    decoders.push(decoder)
    const failure = await decoder.decode(new TextEncoder().encode('not json')).catch((e: unknown) => e)
    expect(failure).toBeInstanceOf(TransportError)
    expect((failure as TransportError).kind).toBe('protocol')
    const [first] = items
    const badDate = await decoder
      .decode(bytes({ ...page, changes: [{ type: 'application', version: 1, record: { ...first!.record, dueAt: 'колись' } }] }))
      .catch((e: unknown) => e)
    expect(badDate).toBeInstanceOf(TransportError)
    expect((badDate as TransportError).message).toMatch(/dueAt/)
    expect(PullDecoder.live).toBe(1)
  })

  it('decodes the pages still waiting when it is closed, and every later one, on the main thread', async () => {
    const decoder = new PullDecoder({ inlineBelowBytes: 0 })
    decoders.push(decoder)
    const waiting = decoder.decode(bytes(page))
    decoder.close()
    expect(PullDecoder.live).toBe(0)
    expect(await waiting).toEqual(preparePage(page))
    expect(await decoder.decode(bytes(page))).toEqual(preparePage(page))
    expect(PullDecoder.live).toBe(0)
  })

  it('decodes small pages on the calling thread, without starting its thread', async () => {
    const decoder = new PullDecoder({ inlineBelowBytes: 1024 * 1024 })
    decoders.push(decoder)
    expect(await decoder.decode(bytes(page))).toEqual(preparePage(page))
    expect(PullDecoder.live).toBe(0)
  })

  it('falls back to the main thread, and says so once, when its thread cannot start', async () => {
    const logged: string[] = []
    const decoder = new PullDecoder({ entry: 'no-such-worker', inlineBelowBytes: 0, log: (message) => logged.push(message) })
    decoders.push(decoder)
    expect(await decoder.decode(bytes(page))).toEqual(preparePage(page))
    expect(await decoder.decode(bytes(page))).toEqual(preparePage(page))
    expect(logged).toHaveLength(1)
    expect(PullDecoder.live).toBe(0)
  })
})
