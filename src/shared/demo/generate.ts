import type { Service } from '../catalogue'
import {
  newApplicationRecord,
  type Applicant,
  type ApplicationEvent,
  type ApplicationRecord,
  type AttachmentRef,
  type ChecklistItem,
  type ClerkRef,
  type Delivery
} from '../domain/application'
import { addCalendarDays, addWorkingDays, instantMs, isWorkingDay, wallMsOf, type WorkCalendar } from '../domain/calendar'
import {
  applyApplicantAnswer,
  applyCommand,
  type CommandEnvelope,
  type CommandType,
  type EventDraft,
  type ServiceRules
} from '../domain/commands'
import { computeDueAt, type Term } from '../domain/deadlines'
import { formatOrderNumber, PORTAL_NODE } from '../domain/order-number'
import { makeRnokpp } from '../domain/rnokpp'
import type { Status } from '../domain/status'
import { DEMO_CLERKS, type DemoClerk } from './clerks'

/*
 * Demo applications for a Khmelnytskyi ЦНАП: realistic enough to find layout, search and
 * performance problems (names with every kind of apostrophe, long document names, a million rows),
 * and consistent by construction, because every state change goes through the same `applyCommand`
 * the portal and the workstation use. Pure and deterministic: the same options give the same
 * records on every machine, so a failing demo reproduces from its seed.
 */

export interface DemoOptions {
  seed: number
  count: number
  /** The demo's "now": every date is before it. */
  now: string
  centreId: string
  services: readonly Service[]
  calendar: WorkCalendar
}

export interface DemoItem {
  record: ApplicationRecord
  events: ApplicationEvent[]
}

/**
 * Bumped whenever the same options would give different records: caches of generated databases
 * (bench/queue.ts) are keyed by it.
 */
export const DEMO_GENERATOR_VERSION = 2

/** How far back received dates go. */
export const DEMO_WINDOW_DAYS = 120
/** Share of applications taken at the desk (numbered by workstations 2..4); the rest came from the portal. */
export const DEMO_WALK_IN_SHARE = 0.15

// ── randomness ─────────────────────────────────────────────────────────

/** mulberry32: tiny, fast, good enough for test data, and identical on every JavaScript engine. */
class Rng {
  private state: number
  constructor(seed: number) {
    this.state = seed >>> 0
  }
  u32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0
    let t = this.state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return (t ^ (t >>> 14)) >>> 0
  }
  next(): number {
    return this.u32() / 4294967296
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1))
  }
  chance(p: number): boolean {
    return this.next() < p
  }
  between(lo: number, hi: number): number {
    return lo + this.next() * (hi - lo)
  }
  pick<T>(items: readonly T[]): T {
    return at(items, Math.floor(this.next() * items.length))
  }
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    let total = 0
    for (const [, w] of items) total += w
    let x = this.next() * total
    for (const [item, w] of items) {
      x -= w
      if (x < 0) return item
    }
    return at(items, items.length - 1)[0]
  }
  hex(length: number): string {
    let s = ''
    while (s.length < length) {
      const x = this.u32()
      for (let shift = 28; shift >= 0 && s.length < length; shift -= 4) s += HEX.charAt((x >>> shift) & 15)
    }
    return s
  }
}

const HEX = '0123456789abcdef'

function at<T>(items: readonly T[], i: number): T {
  const item = items[i]
  if (item === undefined) throw new RangeError(`demo generator: index ${i} outside a list of ${items.length}`)
  return item
}

/** UUID v7 layout (time-ordered), so ids sort like the applications were received. */
function uuid7(rng: Rng, ms: number): string {
  const t = Math.max(0, Math.floor(ms)).toString(16).padStart(12, '0')
  const variant = at(['8', '9', 'a', 'b'], rng.int(0, 3))
  return `${t.slice(0, 8)}-${t.slice(8, 12)}-7${rng.hex(3)}-${variant}${rng.hex(3)}-${rng.hex(12)}`
}

// ── people ─────────────────────────────────────────────────────────────
// Base spellings use ’; each record then uses one apostrophe (’, ' or ʼ) throughout, as one
// typist would: real registers hold all three, and search must find every one.

/** [male form, female form] */
const SURNAMES: readonly (readonly [string, string])[] = [
  ['Мар’яненко', 'Мар’яненко'],
  ['Дем’янчук', 'Дем’янчук'],
  ['П’ятничко', 'П’ятничко'],
  ['Солов’ян', 'Солов’ян'],
  ['Ком’яков', 'Ком’якова'],
  ['Лук’янчук', 'Лук’янчук'],
  ['Лук’яненко', 'Лук’яненко'],
  ['Сем’янчук', 'Сем’янчук'],
  ['Григор’єв', 'Григор’єва'],
  ['В’юн', 'В’юн'],
  ['Коваленко', 'Коваленко'],
  ['Бондаренко', 'Бондаренко'],
  ['Ткаченко', 'Ткаченко'],
  ['Шевченко', 'Шевченко'],
  ['Кравченко', 'Кравченко'],
  ['Олійник', 'Олійник'],
  ['Шевчук', 'Шевчук'],
  ['Поліщук', 'Поліщук'],
  ['Бойко', 'Бойко'],
  ['Ткачук', 'Ткачук'],
  ['Савчук', 'Савчук'],
  ['Мельник', 'Мельник'],
  ['Кравчук', 'Кравчук'],
  ['Коваль', 'Коваль'],
  ['Лисенко', 'Лисенко'],
  ['Руденко', 'Руденко'],
  ['Марченко', 'Марченко'],
  ['Гнатюк', 'Гнатюк'],
  ['Мазур', 'Мазур'],
  ['Козак', 'Козак'],
  ['Павлюк', 'Павлюк'],
  ['Петренко', 'Петренко'],
  ['Мартинюк', 'Мартинюк'],
  ['Стасюк', 'Стасюк'],
  ['Грищук', 'Грищук'],
  ['Кушнір', 'Кушнір'],
  ['Гордійчук', 'Гордійчук'],
  ['Вознюк', 'Вознюк'],
  ['Климчук', 'Климчук'],
  ['Левицький', 'Левицька'],
  ['Гуменний', 'Гуменна'],
  ['Заїка', 'Заїка'],
  ['Білоус', 'Білоус'],
  ['Яковенко', 'Яковенко'],
  ['Ковальчук', 'Ковальчук'],
  ['Чорновол', 'Чорновол'],
  ['Ярошенко', 'Ярошенко'],
  ['Романюк', 'Романюк']
]

/** [given name, weight] */
const MALE_NAMES: readonly string[] = [
  'Олександр',
  'Андрій',
  'Сергій',
  'Володимир',
  'Дмитро',
  'Іван',
  'Михайло',
  'Олег',
  'Юрій',
  'Василь',
  'Петро',
  'Тарас',
  'Богдан',
  'Віктор',
  'Роман',
  'Максим',
  'Назар',
  'Ярослав',
  'Дем’ян',
  'Степан',
  'Ігор',
  'Микола',
  'Артем',
  'Євген'
]
const FEMALE_NAMES: readonly string[] = [
  'Олена',
  'Наталія',
  'Ірина',
  'Тетяна',
  'Оксана',
  'Світлана',
  'Юлія',
  'Марія',
  'Мар’яна',
  'Галина',
  'Людмила',
  'Катерина',
  'Анна',
  'Ольга',
  'Вікторія',
  'Софія',
  'Христина',
  'Лілія',
  'Надія',
  'Дар’я',
  'Ганна',
  'Інна'
]
/** [patronymic of a son, of a daughter] */
const PATRONYMICS: readonly (readonly [string, string])[] = [
  ['Олександрович', 'Олександрівна'],
  ['Андрійович', 'Андріївна'],
  ['Сергійович', 'Сергіївна'],
  ['Володимирович', 'Володимирівна'],
  ['Дмитрович', 'Дмитрівна'],
  ['Іванович', 'Іванівна'],
  ['Михайлович', 'Михайлівна'],
  ['Олегович', 'Олегівна'],
  ['Юрійович', 'Юріївна'],
  ['Васильович', 'Василівна'],
  ['Петрович', 'Петрівна'],
  ['Богданович', 'Богданівна'],
  ['Вікторович', 'Вікторівна'],
  ['Романович', 'Романівна'],
  ['Миколайович', 'Миколаївна'],
  ['Степанович', 'Степанівна'],
  ['Ігорович', 'Ігорівна'],
  ['Дем’янович', 'Дем’янівна'],
  ['Ярославович', 'Ярославівна'],
  ['Лук’янович', 'Лук’янівна']
]

/** Streets of Khmelnytskyi (postcodes 29000–29027). */
const STREETS: readonly string[] = [
  'вул. Проскурівська',
  'вул. Кам’янецька',
  'вул. Свободи',
  'вул. Подільська',
  'вул. Зарічанська',
  'вул. Інститутська',
  'просп. Миру',
  'Старокостянтинівське шосе',
  'вул. Трудова',
  'вул. Соборна',
  'вул. Грушевського',
  'вул. Шевченка',
  'вул. Героїв Майдану',
  'вул. Пілотська',
  'вул. Тернопільська',
  'вул. Вінницька',
  'Львівське шосе',
  'вул. Курчатова',
  'вул. Озерна',
  'вул. Заводська',
  'вул. Театральна',
  'вул. Володимирська'
]

const MOBILE_CODES: readonly (readonly [string, number])[] = [
  ['67', 5],
  ['68', 2],
  ['96', 2],
  ['97', 4],
  ['98', 3], // Київстар
  ['50', 4],
  ['66', 2],
  ['95', 2],
  ['99', 1], // Vodafone
  ['63', 3],
  ['73', 2],
  ['93', 2] // lifecell
]
const MAIL_DOMAINS: readonly (readonly [string, number])[] = [
  ['ukr.net', 5],
  ['gmail.com', 5],
  ['i.ua', 1],
  ['meta.ua', 1]
]

// The official Ukrainian romanisation (КМУ №55, 2010); at the start of a word є ї й ю я differ.
const TRANSLIT: Readonly<Record<string, string>> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'h',
  ґ: 'g',
  д: 'd',
  е: 'e',
  є: 'ie',
  ж: 'zh',
  з: 'z',
  и: 'y',
  і: 'i',
  ї: 'i',
  й: 'i',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'kh',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'shch',
  ь: '',
  ю: 'iu',
  я: 'ia'
}
const TRANSLIT_INITIAL: Readonly<Record<string, string>> = { є: 'ye', ї: 'yi', й: 'y', ю: 'yu', я: 'ya' }
function romanize(word: string): string {
  let out = ''
  const lower = word.toLowerCase()
  for (let i = 0; i < lower.length; i++) {
    const ch = lower.charAt(i)
    if (ch === 'г' && lower.charAt(i - 1) === 'з') out += 'gh'
    else out += (i === 0 ? TRANSLIT_INITIAL[ch] : undefined) ?? TRANSLIT[ch] ?? (/[a-z0-9]/.test(ch) ? ch : '')
  }
  return out
}

interface Person {
  applicant: Applicant
  fullName: string
}

function makePerson(rng: Rng, nowYear: number, apostrophe: string, channel: 'portal' | 'walk_in'): Person {
  const sex = rng.chance(0.52) ? 'female' : 'male'
  const [maleSurname, femaleSurname] = rng.pick(SURNAMES)
  const [sonOf, daughterOf] = rng.pick(PATRONYMICS)
  const surname = (sex === 'male' ? maleSurname : femaleSurname).replaceAll('’', apostrophe)
  const givenName = rng.pick(sex === 'male' ? MALE_NAMES : FEMALE_NAMES).replaceAll('’', apostrophe)
  const patronymic = rng.chance(0.02) ? null : (sex === 'male' ? sonOf : daughterOf).replaceAll('’', apostrophe)
  const birthDate = `${nowYear - rng.int(18, 85)}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`
  // Some people refused an РНОКПП on religious grounds and have a passport mark instead.
  const rnokpp = rng.chance(0.04) ? null : makeRnokpp(birthDate, rng.int(0, 999), sex)
  const phone = rng.chance(0.05) ? null : `+380${rng.weighted(MOBILE_CODES)}${String(rng.int(0, 9_999_999)).padStart(7, '0')}`
  const email = rng.chance(channel === 'portal' ? 0.4 : 0.12)
    ? `${romanize(givenName).charAt(0)}.${romanize(surname)}${rng.chance(0.4) ? String(rng.int(1, 99)) : ''}@${rng.weighted(MAIL_DOMAINS)}`
    : null
  const flat = rng.chance(0.6) ? `, кв. ${rng.int(1, 180)}` : ''
  const house = `${rng.int(1, 160)}${rng.chance(0.08) ? rng.pick(['/1', '/2', 'а', 'б']) : ''}`
  const street = rng.pick(STREETS).replaceAll('’', apostrophe)
  const address = `${29000 + rng.int(0, 27)}, м. Хмельницький, ${street}, буд. ${house}${flat}`
  const applicant: Applicant = { surname, givenName, patronymic, rnokpp, birthDate, phone, email, address }
  return { applicant, fullName: [surname, givenName, patronymic].filter((x) => x !== null).join(' ') }
}

// ── the centre ─────────────────────────────────────────────────────────

/** How often each service is asked for, relative to 1; the rest are 1. */
const SERVICE_WEIGHTS: Readonly<Record<string, number>> = {
  'residence-registration': 9,
  'residence-deregistration': 4,
  'registered-persons-statement': 5,
  'id-card': 8,
  'travel-passport': 7,
  'birth-registration': 2,
  'death-registration': 1.5,
  'fop-registration': 3,
  'fop-changes': 2,
  'property-rights-registration': 4,
  'land-cadastre-extract': 3,
  'housing-subsidy': 5,
  'low-income-family-aid': 2,
  'large-family-status': 1.5,
  'childbirth-benefit': 1.5
}

const FRONT_DESK = DEMO_CLERKS.filter((c) => c.role !== 'admin' && c.role !== 'back_office')
const HOLDERS: readonly (readonly [DemoClerk, number])[] = DEMO_CLERKS.map(
  (c) => [c, c.role === 'admin' ? 1 : c.role === 'supervisor' ? 3 : 6] as const
)

const GENERIC_REFUSAL_GROUNDS = [
  'Подання неповного пакета документів, визначених інформаційною карткою адміністративної послуги',
  'Виявлення в поданих документах недостовірних відомостей',
  'Звернення особи, яка не має права на отримання адміністративної послуги'
] as const
const APPEAL = 'Рішення може бути оскаржене до органу вищого рівня або до адміністративного суду в порядку, встановленому законом'

const CORRECTION_GENERAL = [
  'Строк розгляду зупинено до усунення зауважень. Просимо надати виправлені документи протягом 10 робочих днів.',
  'Після усунення зауважень заяву буде розглянуто в загальному порядку.',
  ''
] as const
const APPLICANT_ANSWERS = [
  'Завантажив(ла) копію документа, якого бракувало',
  'Адресу виправлено відповідно до паспорта',
  'Надано нову скан-копію, усі сторінки читабельні',
  'Документ подано особисто до ЦНАП'
] as const
const NOTES = [
  'Телефонував заявник, уточнив контактний номер',
  'Заявник просить повідомити про готовність результату SMS',
  'Оригінали документів переглянуто, копії засвідчено',
  'Запит до реєстру надіслано, очікуємо відповідь'
] as const
const ATTACHMENT_NAMES: readonly (readonly [string, AttachmentRef['mediaType']])[] = [
  ['Паспорт.pdf', 'application/pdf'],
  ['Заява.pdf', 'application/pdf'],
  ['scan0001.pdf', 'application/pdf'],
  ['IMG_20260214_101530.jpg', 'image/jpeg'],
  ['Довідка.png', 'image/png'],
  ['Документ_на_право_власності.pdf', 'application/pdf']
]

// ── time ───────────────────────────────────────────────────────────────

const MINUTE = 60_000
const HOUR = 3_600_000
const DAY = 86_400_000
const OPENS = 8
const CLOSES = 18

/**
 * Local time arithmetic for the generator's own timestamps. Time-zone offsets are looked up once
 * per calendar day (Intl is the slow part of generating a million records); every time generated
 * here is between 08:00 and 20:00, far from the 03:00–04:00 daylight-saving switch.
 */
class LocalClock {
  private readonly offsets = new Map<number, number>()
  private readonly offsetText = new Map<number, string>()
  private readonly midnights = new Map<string, number>()
  private readonly working = new Map<string, boolean>()
  private readonly nextWorking = new Map<string, string>()
  constructor(private readonly cal: WorkCalendar) {}

  private offsetOf(ms: number): number {
    const day = Math.floor(ms / DAY)
    let off = this.offsets.get(day)
    if (off === undefined) {
      const noon = day * DAY + 12 * HOUR
      off = wallMsOf(noon, this.cal.timeZone) - noon
      this.offsets.set(day, off)
    }
    return off
  }
  /** Local date and milliseconds since local midnight. */
  local(ms: number): { date: string; sinceMidnight: number } {
    const wall = ms + this.offsetOf(ms)
    const midnight = Math.floor(wall / DAY) * DAY
    return { date: new Date(midnight).toISOString().slice(0, 10), sinceMidnight: wall - midnight }
  }
  /** The instant of local `hour:minute` on `date`. */
  at(date: string, hour: number, minute: number): number {
    let midnight = this.midnights.get(date)
    if (midnight === undefined) {
      midnight = Date.parse(`${date}T00:00:00Z`)
      this.midnights.set(date, midnight)
    }
    const wall = midnight + hour * HOUR + minute * MINUTE
    return wall - this.offsetOf(wall)
  }
  isWorkingDay(date: string): boolean {
    let open = this.working.get(date)
    if (open === undefined) {
      open = isWorkingDay(date, this.cal)
      this.working.set(date, open)
    }
    return open
  }
  nextWorkingDay(date: string): string {
    let next = this.nextWorking.get(date)
    if (next === undefined) {
      next = addWorkingDays(date, 1, this.cal)
      this.nextWorking.set(date, next)
    }
    return next
  }
  /** Same text as calendar.formatInstant for whole seconds. */
  iso(ms: number): string {
    const whole = Math.floor(ms / 1000) * 1000
    const off = this.offsetOf(whole)
    let text = this.offsetText.get(off)
    if (text === undefined) {
      const minutes = Math.round(off / MINUTE)
      const abs = Math.abs(minutes)
      text = `${minutes < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`
      this.offsetText.set(off, text)
    }
    return `${new Date(whole + off).toISOString().slice(0, 19)}${text}`
  }
  /** `ms`, or the next moment the centre is open when `ms` falls outside working hours. */
  workingMoment(rng: Rng, ms: number): number {
    const { date, sinceMidnight } = this.local(ms)
    const open = this.isWorkingDay(date)
    if (open && sinceMidnight >= OPENS * HOUR && sinceMidnight < CLOSES * HOUR) return ms
    const day = open && sinceMidnight < OPENS * HOUR ? date : this.nextWorkingDay(date)
    return this.at(day, 9, rng.int(0, 150))
  }
}

interface ReceptionDay {
  start: number
  end: number
}

/** Opening hours of every working day in the window, the last one cut at `now`. */
function receptionDays(clock: LocalClock, nowMs: number): ReceptionDay[] {
  const today = clock.local(nowMs).date
  const days: ReceptionDay[] = []
  for (let d = addCalendarDays(today, -DEMO_WINDOW_DAYS); d <= today; d = addCalendarDays(d, 1)) {
    if (!clock.isWorkingDay(d)) continue
    const start = clock.at(d, OPENS, 0)
    const end = Math.min(clock.at(d, CLOSES, 0), nowMs - 5 * MINUTE)
    if (end > start) days.push({ start, end })
  }
  if (days.length === 0)
    throw new RangeError(`generateDemo: no working hours in the ${DEMO_WINDOW_DAYS} days before ${new Date(nowMs).toISOString()}`)
  return days
}

// ── stories ────────────────────────────────────────────────────────────

type Step = 'claim' | 'release' | 'note' | 'correction' | 'answer' | 'forward' | 'approve' | 'refuse' | 'return' | 'issue' | 'not_collected'

/**
 * Which state an application is in at `now`, given its age in days and how far into its term it is
 * (`progress` = elapsed / term). A real centre closes most work within days: what is still open is
 * mostly recent (registered ones from the last few working days, in review within about two weeks),
 * a few are overdue by days, and the old ones are history. Only waiting for the applicant, the back
 * office and a result nobody has collected yet keep an application open for weeks.
 */
function chooseStatus(rng: Rng, ageDays: number, progress: number, sameDay: boolean): Status {
  const byAge =
    ageDays < 1 ? 0.97 : ageDays < 3 ? 0.85 : ageDays < 7 ? 0.6 : ageDays < 14 ? 0.35 : ageDays < 30 ? 0.1 : ageDays < 60 ? 0.015 : 0.002
  const byTerm = progress < 0.6 ? 1 : progress < 1 ? 0.7 : progress < 1.3 ? 0.3 : progress < 2 ? 0.1 : 0.02
  if (!rng.chance(byAge * byTerm)) {
    return rng.weighted<Status>([
      ['issued', 78],
      ['refused', 9],
      ['returned', 7],
      ['not_collected', progress > 2 && ageDays > 30 ? 6 : 0]
    ])
  }
  return rng.weighted<Status>([
    ['registered', ageDays < 2 ? 60 : ageDays < 5 ? 25 : 0],
    ['in_review', ageDays < 14 ? 34 : 4],
    ['needs_correction', ageDays < 30 ? 11 : 3],
    ['forwarded', sameDay ? 0 : ageDays < 30 ? 9 : 2],
    ['result_ready', progress > 0.5 ? 16 : 3]
  ])
}

/** A field of a correction remark as the clerk and the applicant read it: a label, never a key. */
function remarkLabel(text: string): string {
  if (text.length <= 100) return text
  const cut = text.slice(0, 99)
  const space = cut.lastIndexOf(' ')
  return `${(space > 60 ? cut.slice(0, space) : cut).replace(/[\s,;:]+$/u, '')}…`
}

function stepsTo(rng: Rng, status: Status): Step[] {
  const cycle = (p: number): Step[] => (rng.chance(p) ? ['correction', 'answer'] : [])
  const note = (p: number): Step[] => (rng.chance(p) ? ['note'] : [])
  const decidedAfter = (pForward: number): Step[] => [
    'claim',
    ...note(0.1),
    ...cycle(0.12),
    ...(rng.chance(pForward) ? (['forward'] as Step[]) : [])
  ]
  switch (status) {
    case 'registered':
      return rng.chance(0.08) ? ['claim', 'release'] : []
    case 'in_review':
      return ['claim', ...note(0.15), ...cycle(0.12)]
    case 'needs_correction':
      return ['claim', ...cycle(0.1), 'correction']
    case 'forwarded':
      return ['claim', ...cycle(0.1), 'forward']
    case 'result_ready':
      return [...decidedAfter(0.5), 'approve']
    case 'issued':
      return [...decidedAfter(0.5), 'approve', 'issue']
    case 'not_collected':
      return [...decidedAfter(0.5), 'approve', 'not_collected']
    case 'refused':
      return [...decidedAfter(0.4), 'refuse']
    case 'returned':
      return rng.chance(0.5) ? ['claim', 'correction', 'return'] : ['claim', 'return']
  }
}

// ── the generator ──────────────────────────────────────────────────────

export function* generateDemo(opts: DemoOptions): Generator<DemoItem> {
  if (!Number.isInteger(opts.count) || opts.count < 0)
    throw new RangeError(`generateDemo: count must be a non-negative integer, got ${opts.count}`)
  if (opts.services.length === 0) throw new RangeError('generateDemo: the catalogue is empty')
  const cal = opts.calendar
  const rng = new Rng(opts.seed)
  const clock = new LocalClock(cal)
  const nowMs = instantMs(opts.now, 'now')
  const nowYear = Number(clock.local(nowMs).date.slice(0, 4))
  const days = receptionDays(clock, nowMs)
  const openMs = days.reduce((sum, d) => sum + (d.end - d.start), 0)
  const serviceTable = opts.services.map((s) => {
    const rules: ServiceRules = { term: { value: s.term.value, unit: s.term.unit }, refusalGrounds: s.refusal_grounds_uk }
    return [{ service: s, rules }, SERVICE_WEIGHTS[s.id] ?? 1] as const
  })
  // Each node numbers its own applications; sequences start mid-life, as in a centre that has been
  // open for a while.
  const nextSeq = new Map<number, number>([1, 2, 3, 4].map((node) => [node, 1 + rng.int(1000, 9000)]))
  // Without pauses, a term in working or calendar days ends at the end of a day that depends only
  // on the day of receipt (deadlines.ts); a million records share a few thousand such deadlines.
  const dueByDay = new Map<string, string>()
  const dueOnReceipt = (receivedAt: string, receiptDate: string, term: Term): string => {
    const unit = term.unit ?? 'calendar_days'
    if (unit !== 'working_days' && unit !== 'calendar_days') return computeDueAt({ receivedAt, term, pauses: [], calendar: cal })
    const key = `${receiptDate}|${term.unit}|${term.value}`
    let due = dueByDay.get(key)
    if (due === undefined) {
      due = computeDueAt({ receivedAt, term, pauses: [], calendar: cal })
      dueByDay.set(key, due)
    }
    return due
  }
  let commandSeq = 0
  let dayIndex = 0
  let dayStartOffset = 0

  for (let i = 0; i < opts.count; i++) {
    // Received times increase with i, spread evenly over the opening hours of the window.
    const u = ((i + 0.05 + rng.next() * 0.9) / opts.count) * openMs
    let day = at(days, dayIndex)
    while (u - dayStartOffset >= day.end - day.start && dayIndex < days.length - 1) {
      dayStartOffset += day.end - day.start
      dayIndex++
      day = at(days, dayIndex)
    }
    const receivedMs = Math.floor((day.start + Math.min(u - dayStartOffset, day.end - day.start - 1000)) / 1000) * 1000
    const receivedAt = clock.iso(receivedMs)

    const { service, rules } = rng.weighted(serviceTable)
    const term: Term = rules.term ?? { value: null, unit: null }
    const walkIn = rng.chance(DEMO_WALK_IN_SHARE)
    const node = walkIn ? rng.int(2, 4) : PORTAL_NODE
    const seq = nextSeq.get(node) ?? 1
    nextSeq.set(node, seq + 1)
    const orderNumber = formatOrderNumber(node, seq)
    const id = uuid7(rng, receivedMs)
    const apostrophe = rng.weighted([
      ['’', 4],
      ["'", 4],
      ['ʼ', 2]
    ] as const)
    const person = makePerson(rng, nowYear, apostrophe, walkIn ? 'walk_in' : 'portal')
    const delivery: Delivery = walkIn
      ? rng.weighted<Delivery>([
          ['in_person', 85],
          ['post', 10],
          ['electronic', 5]
        ])
      : rng.weighted<Delivery>([
          ['in_person', 50],
          ['electronic', 40],
          ['post', 10]
        ])
    const documents: ChecklistItem[] = service.documents.map((d) => ({
      name: d.name_uk,
      required: d.required,
      received: d.required || rng.chance(0.6)
    }))
    const attachments: AttachmentRef[] = walkIn
      ? []
      : Array.from({ length: rng.int(1, 3) }, () => {
          const [name, mediaType] = rng.pick(ATTACHMENT_NAMES)
          return { sha256: rng.hex(64), name, mediaType }
        })
    const fields: Record<string, string> =
      service.id === 'council-appeal' || service.id === 'mayor-letter'
        ? {
            subject: rng.pick([
              'Ремонт прибудинкової території',
              'Встановлення дитячого майданчика',
              'Освітлення вулиці',
              'Графік руху громадського транспорту'
            ])
          }
        : rng.chance(0.2)
          ? { contactTime: rng.pick(['до 12:00', 'після 14:00', 'будь-коли']) }
          : {}

    // Where the application is now depends on how far into its term it is. The walk-in's
    // register_walk_in computes the same deadline again from the same inputs.
    const initialDueAt = dueOnReceipt(receivedAt, clock.local(receivedMs).date, term)
    const termMs = Math.max(Date.parse(initialDueAt) - receivedMs, 4 * HOUR)
    const available = nowMs - receivedMs - MINUTE
    let steps = stepsTo(rng, chooseStatus(rng, available / DAY, available / termMs, term.unit === 'same_day'))
    // Received minutes ago: nobody has touched it yet.
    if (available < (steps.length + 1) * 10 * MINUTE) steps = []
    if (steps.includes('correction')) {
      // The remark is about a required document the applicant did not bring.
      const missing = documents.findIndex((d) => d.required)
      if (missing >= 0 && rng.chance(0.7)) documents[missing] = { ...at(documents, missing), received: false }
    }

    const events: ApplicationEvent[] = []
    const addEvents = (drafts: readonly EventDraft[], ms: number): void => {
      for (const d of drafts) events.push({ id: uuid7(rng, ms), ...d })
    }

    let state: ApplicationRecord
    if (walkIn) {
      const clerk = rng.pick(FRONT_DESK)
      const out = applyCommand(
        null,
        envelope(rng, ++commandSeq, id, null, clerk, receivedMs, receivedAt, 'register_walk_in', {
          orderNumber,
          serviceId: service.id,
          applicant: person.applicant,
          fields,
          attachments,
          documents,
          delivery
        }),
        { now: receivedAt, calendar: cal, service: rules, role: clerk.role, centreId: opts.centreId }
      )
      if (!out.ok) throw new Error(`generateDemo: register_walk_in refused: ${out.message}`)
      state = out.record
      addEvents(out.events, receivedMs)
      // The receipt (опис вхідного пакета) is printed at the desk as the application is taken.
      const printed = applyCommand(
        state,
        envelope(rng, ++commandSeq, id, null, clerk, receivedMs, receivedAt, 'record_print', {
          document: 'receipt',
          copy: false,
          provisionalCommandId: null
        }),
        { now: receivedAt, calendar: cal, service: rules, role: clerk.role, centreId: opts.centreId }
      )
      if (!printed.ok) throw new Error(`generateDemo: record_print refused: ${printed.message}`)
      addEvents(printed.events, receivedMs)
    } else {
      state = newApplicationRecord({
        id,
        orderNumber,
        centreId: opts.centreId,
        serviceId: service.id,
        channel: 'portal',
        delivery,
        applicant: person.applicant,
        fields,
        attachments,
        documents,
        receivedAt,
        dueAt: initialDueAt,
        updatedAt: receivedAt
      })
      events.push({
        id: uuid7(rng, receivedMs),
        applicationId: id,
        kind: 'submitted',
        at: receivedAt,
        actor: 'Заявник',
        commandId: null,
        data: { orderNumber, channel: 'portal' }
      })
    }

    // Spread the steps over part of the time since receipt: closed ones mostly within the term
    // (some overdue), open ones somewhere before now.
    const closing = steps.some((s) => s === 'issue' || s === 'not_collected' || s === 'refuse' || s === 'return')
    const budget = Math.min(
      available - steps.length * MINUTE,
      closing ? termMs * rng.between(0.3, 1.25) : available * rng.between(0.3, 0.95)
    )
    const fractions = steps.map(() => rng.next()).sort((a, b) => a - b)
    let lastMs = receivedMs
    let holder: DemoClerk = rng.weighted(HOLDERS)

    steps.forEach((step, k) => {
      const planned = receivedMs + budget * at(fractions, k)
      // Each step at least a minute after the previous one, and a minute left for each later one.
      const latest = nowMs - (steps.length - k + 1) * MINUTE
      let ms = step === 'answer' ? planned : clock.workingMoment(rng, planned)
      if (ms > latest) ms = planned
      ms = Math.min(Math.max(ms, lastMs + MINUTE), latest)
      lastMs = ms
      const atIso = clock.iso(ms)
      const run = (clerk: DemoClerk, type: CommandType, payload: unknown): void => {
        const out = applyCommand(state, envelope(rng, ++commandSeq, id, state.version, clerk, ms, atIso, type, payload), {
          now: atIso,
          calendar: cal,
          service: rules,
          role: clerk.role,
          centreId: opts.centreId
        })
        if (!out.ok) throw new Error(`generateDemo: ${type} refused for ${state.status}: ${out.message}`)
        state = out.record
        addEvents(out.events, ms)
      }
      switch (step) {
        case 'claim':
          return run(holder, 'claim', {})
        case 'release': {
          run(holder, 'release', { force: false, reason: '' })
          holder = rng.weighted(HOLDERS)
          return
        }
        case 'note':
          return run(holder, 'note', { text: rng.pick(NOTES) })
        case 'correction': {
          const missing = state.documents.findIndex((d) => d.required && !d.received)
          const items =
            missing >= 0
              ? [
                  {
                    field: remarkLabel(at(state.documents, missing).name),
                    remark: `Не подано: «${at(state.documents, missing).name}». Додайте документ або його копію.`
                  }
                ]
              : [
                  rng.chance(0.5)
                    ? { field: 'Адреса', remark: 'Адреса не збігається з даними паспорта' }
                    : { field: 'Скан-копії документів', remark: 'Скан-копія нечитабельна: завантажте всі сторінки в кольорі' }
                ]
          run(holder, 'request_correction', { items, general: rng.pick(CORRECTION_GENERAL) })
          if (state.channel === 'walk_in' || rng.chance(0.3))
            run(holder, 'record_print', { document: 'correction_notice', copy: false, provisionalCommandId: null })
          return
        }
        case 'answer': {
          const out = applyApplicantAnswer(state, rng.pick(APPLICANT_ANSWERS), { now: atIso, calendar: cal, term })
          if (!out.ok) throw new Error(`generateDemo: applicant answer refused: ${out.message}`)
          state = { ...out.record, documents: out.record.documents.map((d) => (d.required ? { ...d, received: true } : d)) }
          addEvents(out.events, ms)
          return
        }
        case 'forward':
          return run(holder, 'forward', {
            body: rng.pick([
              '',
              'Управління ДМС у Хмельницькій області',
              'Департамент соціального захисту населення',
              'Управління архітектури та містобудування'
            ])
          })
        case 'approve':
          return run(holder, 'decide', { kind: 'approve', ground: null, text: service.result_uk ?? 'Рішення позитивне', appeal: null })
        case 'refuse': {
          const ground = service.refusal_grounds_uk.length > 0 ? rng.pick(service.refusal_grounds_uk) : rng.pick(GENERIC_REFUSAL_GROUNDS)
          run(holder, 'decide', {
            kind: 'refuse',
            ground,
            text: 'Відмовлено з підстави, визначеної інформаційною карткою послуги',
            appeal: APPEAL
          })
          if (rng.chance(0.6))
            run(rng.pick(FRONT_DESK), 'record_print', { document: 'refusal_letter', copy: false, provisionalCommandId: null })
          return
        }
        case 'return':
          return run(holder, 'decide', {
            kind: 'return',
            ground: null,
            text:
              state.status === 'needs_correction'
                ? 'Заявник не усунув зауважень у встановлений строк'
                : 'Повернуто за заявою суб’єкта звернення',
            appeal: null
          })
        case 'issue':
          return run(rng.pick(FRONT_DESK), 'issue_result', {
            outcome: 'issued',
            recipientName: rng.chance(0.9) ? person.fullName : `${person.fullName} (представник за довіреністю)`,
            recipientDocument: rng.chance(0.7)
              ? `ID-картка № ${String(rng.int(0, 999_999_999)).padStart(9, '0')}`
              : `паспорт серії НВ № ${String(rng.int(0, 999_999)).padStart(6, '0')}`
          })
        case 'not_collected':
          return run(rng.pick(FRONT_DESK), 'issue_result', { outcome: 'not_collected', recipientName: '', recipientDocument: '' })
      }
    })

    yield { record: state, events }
  }
}

function envelope(
  rng: Rng,
  seq: number,
  applicationId: string,
  baseVersion: number | null,
  clerk: DemoClerk,
  ms: number,
  issuedAt: string,
  type: CommandType,
  payload: unknown
): CommandEnvelope {
  const ref: ClerkRef = { clerkId: clerk.clerkId, name: clerk.name }
  return { commandId: uuid7(rng, ms), seq, type, v: 1, applicationId, baseVersion, clerk: ref, issuedAt, payload }
}
