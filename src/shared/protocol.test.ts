import { describe, expect, it } from 'vitest'
import { applicationRecordSchema } from './domain/application'
import { sampleRecord } from './testing/sample-record'
import { PULL_HINT_HEADERS, behindPage, pullHintHeaders, pullHintOf, pullResponseSchema, readPullHint, type PullHint } from './protocol'

const read = (headers: Record<string, string>): PullHint | null => readPullHint((name) => headers[name] ?? null)

describe('pull hints as headers', () => {
  it('read back as they were written, an odd event id included', () => {
    for (const hint of [
      { nextCursor: 42, hasMore: true, newestEvent: { version: 41, id: '019fb165-35e0-766f-a4d6-ad5df567f3df' } },
      { nextCursor: 0, hasMore: false, newestEvent: null },
      { nextCursor: 7, hasMore: true, newestEvent: { version: 7, id: 'подія: 1/2 %' } }
    ] satisfies PullHint[]) {
      const headers = pullHintHeaders(hint)
      for (const value of Object.values(headers)) expect(value).toMatch(/^[\x20-\x7e]*$/)
      expect(read(headers)).toEqual(hint)
    }
  })

  it('are no hint at all when absent or malformed (the workstation then waits for the body)', () => {
    const ok = { [PULL_HINT_HEADERS.nextCursor]: '5', [PULL_HINT_HEADERS.hasMore]: 'true', [PULL_HINT_HEADERS.newestEvent]: '5:e1' }
    expect(read(ok)).toEqual({ nextCursor: 5, hasMore: true, newestEvent: { version: 5, id: 'e1' } })
    const cases: Record<string, string>[] = [
      {},
      { [PULL_HINT_HEADERS.nextCursor]: '5' },
      { ...ok, [PULL_HINT_HEADERS.nextCursor]: '-1' },
      { ...ok, [PULL_HINT_HEADERS.nextCursor]: '5.5' },
      { ...ok, [PULL_HINT_HEADERS.nextCursor]: '99999999999999999999' },
      { ...ok, [PULL_HINT_HEADERS.hasMore]: 'yes' },
      { ...ok, [PULL_HINT_HEADERS.newestEvent]: 'e1' },
      { ...ok, [PULL_HINT_HEADERS.newestEvent]: '0:e1' },
      { ...ok, [PULL_HINT_HEADERS.newestEvent]: '5:' },
      { ...ok, [PULL_HINT_HEADERS.newestEvent]: '5:%E0%A4%A' },
      { ...ok, [PULL_HINT_HEADERS.newestEvent]: `5:${'x'.repeat(201)}` }
    ]
    for (const broken of cases) {
      expect(read(broken), JSON.stringify(broken)).toBeNull()
    }
  })
})

describe('a pull page that is behind (issue 19)', () => {
  const page = { changes: [], nextCursor: 7, hasMore: false, lastSeq: 3, reset: false }

  it('`behind` is optional: a page from a portal that never sends it still parses, and means not behind', () => {
    const parsed = pullResponseSchema.parse(page)
    expect(parsed.behind).toBeUndefined()
    expect(pullResponseSchema.parse({ ...page, behind: false }).behind).toBe(false)
  })

  it('behindPage: the request’s cursor, nothing else, no hint; a wrong type is refused', () => {
    const behind = pullResponseSchema.parse(behindPage(42, 5))
    expect(behind).toEqual({ changes: [], nextCursor: 42, hasMore: false, lastSeq: 5, reset: false, behind: true })
    expect(pullHintOf(behind)).toBeNull()
    expect(pullHintOf(pullResponseSchema.parse(page))).not.toBeNull()
    expect(pullResponseSchema.safeParse({ ...page, behind: 'yes' }).success).toBe(false)
    expect(pullResponseSchema.safeParse({ ...page, behindd: true }).success).toBe(false)
  })
})

describe('the card version and the test flag on the synced record (issue 17)', () => {
  const current = sampleRecord('a1', { serviceVersion: 3, isTest: true })
  const { serviceVersion: _v, isTest: _t, ...older } = current
  const page = (changes: unknown[]): unknown => ({ changes, nextCursor: 2, hasMore: false, lastSeq: 0, reset: false })

  it('a record of before (no serviceVersion, no isTest) parses as version 1, not a test', () => {
    const parsed = pullResponseSchema.parse(page([{ type: 'application', version: 1, record: older }]))
    expect(parsed.changes[0]).toMatchObject({ record: { serviceVersion: 1, isTest: false } })
    expect(applicationRecordSchema.parse(older)).toEqual({ ...older, serviceVersion: 1, isTest: false })
  })

  it('a current record keeps both; nonsense is refused', () => {
    expect(applicationRecordSchema.parse(current)).toEqual(current)
    for (const bad of [{ serviceVersion: 0 }, { serviceVersion: 1.5 }, { serviceVersion: '2' }, { isTest: 'yes' }, { isTest: null }])
      expect(applicationRecordSchema.safeParse({ ...current, ...bad }).success, JSON.stringify(bad)).toBe(false)
  })

  it('a removal names one application; an unknown change type still fails the page', () => {
    expect(pullResponseSchema.parse(page([{ type: 'removed', version: 2, applicationId: 'a1' }])).changes).toEqual([
      { type: 'removed', version: 2, applicationId: 'a1' }
    ])
    expect(pullResponseSchema.safeParse(page([{ type: 'removed', version: 2, applicationId: '' }])).success).toBe(false)
    expect(pullResponseSchema.safeParse(page([{ type: 'removed', version: 2, applicationId: 'a1', record: current }])).success).toBe(false)
    expect(pullResponseSchema.safeParse(page([{ type: 'purged', version: 2, applicationId: 'a1' }])).success).toBe(false)
  })
})
