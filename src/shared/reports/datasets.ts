import type { Service } from '../catalogue'
import type { WorkCalendar } from '../domain/calendar'
import { STATUS_LABELS_UK, type Status } from '../domain/status'
import { dayOf, inPeriod, matchesFilter, serviceFigures, type ReportFilter, type ReportRow } from './definitions'
import type { Cell, Column } from './export-format'

/*
 * What each export holds, column by column. None of these carries personal data: the columns are
 * listed here and nowhere else, and a test checks the output against generated applicants.
 */

const col = (name: string, title: string, description: string, datatype: Column['datatype'], required = true): Column => ({
  name,
  title,
  description,
  datatype,
  required
})

export const SERVICES_COLUMNS: readonly Column[] = [
  col('service_id', 'Ідентифікатор послуги', 'Ідентифікатор послуги в каталозі центру', 'string'),
  col('national_code', 'Код послуги', 'Код послуги в Реєстрі адміністративних послуг, якщо відомий', 'string', false),
  col('name', 'Назва послуги', 'Назва послуги українською', 'string'),
  col('category', 'Категорія', 'Категорія послуги', 'string'),
  col('term_value', 'Строк', 'Строк надання (число), порожньо — 30 календарних днів за законом', 'number', false),
  col('term_unit', 'Одиниця строку', 'same_day, hours, working_days або calendar_days', 'string', false),
  col('fee_kind', 'Плата', 'free, fixed_uah, subsistence_share або varies', 'string', false),
  col('fee_amount_uah', 'Розмір плати, грн', 'Фіксований розмір плати, якщо він є', 'number', false)
]

export function serviceCells(s: Service): Cell[] {
  return [s.id, s.national_code, s.name_uk, s.category_uk, s.term.value, s.term.unit, s.fee.kind, s.fee.amount_uah]
}

export const APPLICATION_OUTCOMES = ['approved', 'refused', 'returned', 'pending'] as const

export const APPLICATIONS_COLUMNS: readonly Column[] = [
  col('date', 'Дата', 'Дата реєстрації звернення (за київським часом)', 'date'),
  col('service_id', 'Ідентифікатор послуги', 'Ідентифікатор послуги в каталозі центру', 'string'),
  col('service_name', 'Назва послуги', 'Назва послуги українською', 'string'),
  col('channel', 'Канал', 'portal — через портал, walk_in — особисто в центрі', 'string'),
  col('outcome', 'Результат', 'approved, refused, returned або pending (рішення ще немає)', 'string'),
  col('applications', 'Кількість звернень', 'Кількість звернень у цьому рядку', 'integer')
]

/**
 * Applications registered in the period, counted by day of registration × service × channel ×
 * outcome so far. Its size is bounded by days × services × 2 × 4, whatever the number of applications.
 */
export function applicationAggregates(
  rows: Iterable<ReportRow>,
  filter: ReportFilter,
  cal: WorkCalendar,
  serviceName: (id: string) => string
): Cell[][] {
  const counts = new Map<string, number>()
  for (const row of rows) {
    if (!matchesFilter(row, filter) || !inPeriod(row.receivedAt, filter.period, cal)) continue
    const key = [dayOf(row.receivedAt, cal), row.serviceId, row.channel, row.outcome ?? 'pending'].join('\u0000')
    counts.set(key, (counts.get(key) ?? 0) + 1)
  }
  const order = (k: string): string[] => k.split('\u0000')
  return [...counts.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, n]) => {
      const [date = '', serviceId = '', channel = '', outcome = ''] = order(key)
      return [date, serviceId, serviceName(serviceId), channel, outcome, n]
    })
}

export const QUARTERLY_COLUMNS: readonly Column[] = [
  col('service_id', 'Ідентифікатор послуги', 'Ідентифікатор послуги в каталозі центру', 'string'),
  col('service_name', 'Послуга', 'Назва послуги українською', 'string'),
  col('received', 'Надійшло', 'Зареєстровано звернень за період', 'integer'),
  col('approved', 'Позитивне рішення', 'Ухвалено позитивних рішень за період', 'integer'),
  col('refused', 'Відмовлено', 'Відмов за період', 'integer'),
  col('returned', 'Повернуто без розгляду', 'Повернуто без розгляду за період', 'integer'),
  col('within_term', 'У строк', 'Рішень, ухвалених не пізніше граничного строку', 'integer'),
  col('overdue', 'Прострочено', 'Рішень після строку та незавершених прострочених на кінець періоду', 'integer'),
  col('median_working_days', 'Медіана, робочих днів', 'Медіанний час розгляду в робочих днях без часу зупинки', 'number', false)
]

export function quarterlyRows(
  rows: Iterable<ReportRow>,
  filter: ReportFilter,
  cal: WorkCalendar,
  serviceName: (id: string) => string
): Cell[][] {
  return serviceFigures(rows, filter, cal).map((f) => [
    f.serviceId,
    serviceName(f.serviceId),
    f.received,
    f.decided.approved,
    f.decided.refused,
    f.decided.returned,
    f.withinTerm,
    f.overdue,
    f.medianWorkingDays
  ])
}

/** A clerk's own list (the queue for a period): carries the applicant's name, so it is audited. */
export const LIST_COLUMNS: readonly Column[] = [
  col('order_number', 'Номер заяви', 'Номер заяви', 'string'),
  col('received', 'Надійшла', 'Дата реєстрації (за київським часом)', 'date'),
  col('service', 'Послуга', 'Назва послуги', 'string'),
  col('applicant', 'Заявник', 'Прізвище, імʼя та по батькові заявника', 'string'),
  col('status', 'Статус', 'Поточний статус заяви', 'string'),
  col('due', 'Строк', 'Граничний строк (дата, за київським часом)', 'date'),
  col('holder', 'Виконавець', 'Хто має заяву в роботі', 'string', false)
]

export function listCells(
  r: {
    orderNumber: string
    receivedAt: string
    serviceName: string
    applicant: string
    status: Status
    dueAt: string
    holderName: string | null
  },
  cal: WorkCalendar
): Cell[] {
  return [
    r.orderNumber,
    dayOf(r.receivedAt, cal),
    r.serviceName,
    r.applicant,
    STATUS_LABELS_UK[r.status],
    dayOf(r.dueAt, cal),
    r.holderName
  ]
}
