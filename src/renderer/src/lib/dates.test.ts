import { describe, expect, it } from 'vitest'
import { formatTypedDate, parseTypedDate } from './dates'

describe('dates typed as дд.мм.рррр', () => {
  it('reads the ways people type a date', () => {
    for (const typed of ['12.01.2027', '12/01/2027', '12-01-2027', '12 01 2027', ' 12.1.2027 ', '12012027', '2027-01-12']) {
      expect(parseTypedDate(typed), typed).toBe('2027-01-12')
    }
    expect(parseTypedDate('1.2.2027')).toBe('2027-02-01')
  })

  it('refuses what is not a calendar date (and never reads it as month first)', () => {
    for (const typed of ['', '31.02.2027', '13.13.2027', '01/31/2027', '12.01.27', 'завтра', '2027-1-12', '12..01.2027']) {
      expect(parseTypedDate(typed), typed).toBeNull()
    }
    expect(parseTypedDate('29.02.2028')).toBe('2028-02-29')
    expect(parseTypedDate('29.02.2027')).toBeNull()
  })

  it('shows a date as дд.мм.рррр', () => {
    expect(formatTypedDate('2027-01-12')).toBe('12.01.2027')
    expect(formatTypedDate('не дата')).toBe('не дата')
  })
})
