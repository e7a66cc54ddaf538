import { describe, expect, it } from 'vitest'
import type { ApplicationRecord } from '../../shared/domain/application'
import { DEFAULT_CALENDAR } from '../../shared/domain/calendar'
import { formatOrderNumber } from '../../shared/domain/order-number'
import { makeRnokpp } from '../../shared/domain/rnokpp'
import { queueQuerySchema, SEARCH_MATCH_CAP, type QueueQuery } from '../../shared/queue'
import { upsertApplication } from './applications-repository'
import { listQueue, type QueueContext } from './queue-repository'
import { demoItems, memoryDb, TEST_NOW } from './test-fixtures'

const ctx: QueueContext = { clerkId: 'clerk-olena', now: TEST_NOW, calendar: DEFAULT_CALENDAR }
const template = demoItems(1, 3)[0]!.record

let seq = 900_000
function person(
  surname: string,
  givenName: string,
  patronymic: string | null,
  more: Partial<ApplicationRecord['applicant']> = {},
  status: ApplicationRecord['status'] = 'registered'
): ApplicationRecord {
  seq++
  return {
    ...template,
    id: `test-${seq}`,
    orderNumber: formatOrderNumber(1, seq),
    status,
    holder: null,
    closedAt: status === 'issued' ? TEST_NOW : null,
    pauses: [],
    applicant: { ...template.applicant, surname, givenName, patronymic, rnokpp: null, phone: null, ...more }
  }
}

// One person typed with each apostrophe (as three clerks would), a namesake-prefix, other people.
const typed = [
  person('Мар\u02BCяненко', 'Оксана', 'Петрівна'),
  person('Мар’яненко', 'Оксана', 'Петрівна'),
  person("Мар'яненко", 'Оксана', 'Петрівна')
]
const others = [
  person('Марченко', 'Дар’я', 'Ігорівна', { rnokpp: makeRnokpp('1990-02-14', 42, 'female'), phone: '+380671112233' }),
  person('Дем’янчук', 'Юрій', null, { phone: '+380501234567' }),
  person('Бойко', 'Мар’яна', 'Олегівна'),
  person('Коваль', 'Дем’ян', 'Іванович', {}, 'issued')
]
const db = memoryDb()
for (const r of [...typed, ...others]) upsertApplication(db, r)
const [marchenko, demianchuk, boiko, koval] = others as [ApplicationRecord, ApplicationRecord, ApplicationRecord, ApplicationRecord]

const search = (text: string, extra: QueueQuery = {}) =>
  listQueue(db, queueQuerySchema.parse({ tab: 'all', sort: 'number', search: text, ...extra }), ctx)
const ids = (text: string, extra: QueueQuery = {}): string[] => search(text, extra).rows.map((r) => r.id)

describe('queue search by name', () => {
  it('finds the same person whichever apostrophe was stored and whichever is typed', () => {
    const all = typed.map((r) => r.id)
    for (const q of [
      "Мар'яненко",
      'Мар’яненко',
      'МАРʼЯНЕНКО',
      'маряненко',
      'мар’янен',
      'Мар`яненко Оксана',
      'мар’яненко оксана петрівна'
    ]) {
      expect(ids(q), q).toEqual(all)
    }
    // A shorter prefix is also the start of a given name (Мар'яна Бойко).
    expect(ids('мар’ян')).toEqual([...all, boiko.id])
  })

  it('matches from the start of the surname, not in the middle', () => {
    expect(ids('Мар')).toEqual([...typed.map((r) => r.id), marchenko.id, boiko.id])
    expect(ids('яненко')).toEqual([])
    expect(ids('ченко')).toEqual([])
  })

  it('finds by given name, alone or followed by the surname', () => {
    expect(ids('Мар’яна')).toEqual([boiko.id])
    expect(ids("Дар'я Марч")).toEqual([marchenko.id])
    expect(ids('Юрій Дем')).toEqual([demianchuk.id])
  })

  it('searches everywhere by default, whatever the tab, and each hit carries its status', () => {
    expect(ids('Коваль', { tab: 'new' })).toEqual([koval.id])
    expect(search('Коваль', { tab: 'mine' }).rows[0]?.status).toBe('issued')
    expect(ids('Дем’ян', { tab: 'history' })).toEqual([demianchuk.id, koval.id])
  })

  it('searches inside the tab when asked: closed applications only in history', () => {
    const tabOnly = { searchScope: 'tab' } as const
    expect(ids('Коваль', tabOnly)).toEqual([])
    expect(ids('Коваль', { tab: 'history', ...tabOnly })).toEqual([koval.id])
    expect(ids('Дем’ян', { tab: 'history', ...tabOnly })).toEqual([koval.id]) // given name Дем'ян
    expect(ids('Дем’ян', tabOnly)).toEqual([demianchuk.id])
  })

  it('keeps the index in step when a name is corrected or an application deleted', () => {
    const fixed = { ...boiko, applicant: { ...boiko.applicant, surname: 'Бойченко' } }
    upsertApplication(db, fixed)
    expect(ids('Бойченко')).toEqual([boiko.id])
    upsertApplication(db, boiko)
    expect(ids('Бойченко')).toEqual([])
    expect(ids('Бойко')).toEqual([boiko.id])
  })

  it('lists at most SEARCH_MATCH_CAP prefix matches, newest first, and says so', () => {
    const many = memoryDb()
    const n = SEARCH_MATCH_CAP + 5
    for (let i = 0; i < n; i++) upsertApplication(many, { ...person('Мельник', 'Олена', null), id: `cap-${i}` })
    const page = listQueue(many, queueQuerySchema.parse({ search: 'мел', limit: 10, sort: 'received' }), ctx)
    expect(page.total).toBe(SEARCH_MATCH_CAP)
    expect(page.capped).toBe(true)
    expect(listQueue(many, queueQuerySchema.parse({ search: 'мельник олена' }), ctx).capped).toBe(true)
    expect(search('Бойко').capped).toBe(false)
  })

  it('builds the full name for the row', () => {
    expect(search('Бойко').rows[0]?.applicantName).toBe('Бойко Мар’яна Олегівна')
    expect(search('Дем’янчук').rows[0]?.applicantName).toBe('Дем’янчук Юрій')
  })
})

describe('queue search by number', () => {
  const number = marchenko.orderNumber
  const digits = number.replace(/\D/g, '')

  it('finds an order number typed in any of the usual ways', () => {
    for (const q of [number, digits, number.replaceAll('-', ' '), number.replaceAll('-', '–')]) {
      expect(search(q), q).toEqual(expect.objectContaining({ total: 1, searchHint: null }))
      expect(ids(q)).toEqual([marchenko.id])
    }
  })

  it('answers a wrong check digit with no rows and the probable number', () => {
    const wrong = digits.slice(0, -1) + String((Number(digits.slice(-1)) + 3) % 10)
    expect(search(wrong)).toEqual({ rows: [], total: 0, searchHint: { kind: 'check_digit', suggestion: number }, capped: false })
  })

  it('finds by the start of an order number', () => {
    expect(ids(digits.slice(0, 8))).toContain(marchenko.id)
  })

  it('finds by the start of a phone number', () => {
    expect(ids('067111')).toEqual([marchenko.id])
  })

  it('finds by РНОКПП and by phone in any common spelling', () => {
    expect(ids(marchenko.applicant.rnokpp!)).toEqual([marchenko.id])
    for (const q of ['+380671112233', '+380 67 111 22 33', '067 111 22 33', '0671112233', '380671112233'])
      expect(ids(q), q).toEqual([marchenko.id])
    expect(ids('050-123-45-67')).toEqual([demianchuk.id])
  })

  it('finds nothing, without a hint, for text that cannot match', () => {
    expect(search('12')).toEqual({ rows: [], total: 0, searchHint: null, capped: false })
    expect(search('Шевчук')).toEqual({ rows: [], total: 0, searchHint: null, capped: false })
  })
})
