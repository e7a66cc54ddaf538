import { z } from 'zod'
import { makeRnokpp } from '../shared/domain/rnokpp'
import { demoPdf, demoPng } from './demo-files'

/*
 * Citizens who submit applications through the PUBLIC HTTP API, the same way a citizen's tool
 * would: upload scans, submit, now and then answer a clerk's remarks. Keeps the demo queue alive.
 * Everything that varies is injectable (interval, randomness, fetch) so tests stay fast and exact.
 */

export interface CitizenSimulatorOptions {
  baseUrl: string
  /** Milliseconds between submissions (default 5000). */
  intervalMs?: number
  /** A seed makes the citizens reproducible; default: Math.random. */
  seed?: number
  fetch?: typeof fetch
  onSubmitted?: (orderNumber: string) => void
  onError?: (error: unknown) => void
}

export interface CitizenSimulator {
  /** One citizen's visit: submit a new application (and maybe answer remarks). */
  tick(): Promise<string | null>
  stop(): Promise<void>
  readonly submitted: readonly string[]
}

const SURNAMES = [
  'Шевченко',
  'Коваленко',
  'Бондаренко',
  'Ткачук',
  'Кравчук',
  'Мельник',
  'Олійник',
  'Поліщук',
  'Савчук',
  'Гнатюк',
  'Дем’яненко',
  'Мар’янчук',
  'Стасюк',
  'Лисенко',
  'Паламарчук'
]
const MALE: readonly (readonly [string, string])[] = [
  ['Андрій', 'Андрійович'],
  ['Олександр', 'Олександрович'],
  ['Тарас', 'Тарасович'],
  ['Богдан', 'Богданович'],
  ['Юрій', 'Юрійович'],
  ['Василь', 'Васильович']
]
const FEMALE: readonly (readonly [string, string])[] = [
  ['Оксана', 'Петрівна'],
  ['Наталія', 'Іванівна'],
  ['Мар’яна', 'Олегівна'],
  ['Ірина', 'Миколаївна'],
  ['Софія', 'Андріївна'],
  ['Олена', 'Василівна']
]
const STREETS = [
  'вул. Проскурівська',
  'вул. Кам’янецька',
  'вул. Зарічанська',
  'просп. Миру',
  'вул. Свободи',
  'вул. Подільська',
  'вул. Степана Бандери'
]
const ANSWERS = ['Завантажила правильний скан, усі сторінки', 'Додав довідку, дякую', 'Адресу виправлено відповідно до паспорта']

function mulberry32(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const servicesSchema = z.object({ services: z.array(z.object({ id: z.string() })) })
const createdSchema = z.object({ orderNumber: z.string(), accessCode: z.string() })
const uploadedSchema = z.object({ sha256: z.string(), mediaType: z.enum(['application/pdf', 'image/jpeg', 'image/png']) })
const statusSchema = z.object({ bucket: z.string() })

export function startCitizenSimulator(opts: CitizenSimulatorOptions): CitizenSimulator {
  const random = opts.seed === undefined ? Math.random : mulberry32(opts.seed)
  const doFetch = opts.fetch ?? fetch
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T
  const int = (lo: number, hi: number): number => lo + Math.floor(random() * (hi - lo + 1))
  const submitted: string[] = []
  // The citizens' access codes, as each of them keeps theirs: the status and the answer need it.
  const codes = new Map<string, string>()
  let services: string[] | null = null
  let stopped = false
  let running: Promise<unknown> = Promise.resolve()

  const api = async <T>(path: string, schema: z.ZodType<T>, init?: RequestInit): Promise<T> => {
    const res = await doFetch(`${opts.baseUrl}${path}`, init)
    const body: unknown = await res.json()
    if (!res.ok) throw new Error(`${init?.method ?? 'GET'} ${path} → ${res.status} ${JSON.stringify(body)}`)
    return schema.parse(body)
  }
  const postJson = <T>(path: string, schema: z.ZodType<T>, body: unknown): Promise<T> =>
    api(path, schema, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })

  async function answerSomeRemarks(): Promise<void> {
    if (submitted.length === 0 || random() > 0.3) return
    const orderNumber = pick(submitted)
    const code = codes.get(orderNumber) ?? ''
    const status = await api(`/api/v1/applications/${orderNumber}/status`, statusSchema, { headers: { 'x-access-code': code } })
    if (status.bucket === 'needs_answer') {
      await api(`/api/v1/applications/${orderNumber}/answers`, z.unknown(), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-access-code': code },
        body: JSON.stringify({ answer: pick(ANSWERS) })
      })
    }
  }

  async function submitOne(): Promise<string> {
    services ??= (await api('/api/v1/services', servicesSchema)).services.map((s) => s.id)
    const female = random() < 0.55
    const [givenName, patronymic] = pick(female ? FEMALE : MALE)
    const surname = pick(SURNAMES)
    const year = int(1945, 2005)
    const birthDate = `${year}-${String(int(1, 12)).padStart(2, '0')}-${String(int(1, 28)).padStart(2, '0')}`
    const attachments = []
    for (let i = int(1, 2); i > 0; i--) {
      const pdf = random() < 0.6
      const bytes = pdf ? demoPdf(['Scan from a citizen', `Page ${i}`, `Ref ${int(1000, 9999)}`]) : demoPng(int(0, 1000))
      const up = await api('/api/v1/attachments', uploadedSchema, {
        method: 'POST',
        headers: { 'content-type': pdf ? 'application/pdf' : 'image/png' },
        body: bytes
      })
      attachments.push({ sha256: up.sha256, name: pdf ? `Скан_${i}.pdf` : `Фото_${i}.png`, mediaType: up.mediaType })
    }
    const created = await postJson('/api/v1/applications', createdSchema, {
      serviceId: pick(services),
      applicant: {
        surname,
        givenName,
        patronymic: random() < 0.9 ? patronymic : null,
        rnokpp: random() < 0.85 ? makeRnokpp(birthDate, int(0, 999), female ? 'female' : 'male') : null,
        birthDate,
        phone: `+38067${String(int(0, 9_999_999)).padStart(7, '0')}`,
        email: random() < 0.5 ? `citizen${int(1, 99_999)}@example.com` : null,
        address: `м. Хмельницький, ${pick(STREETS)}, ${int(1, 120)}${random() < 0.6 ? `, кв. ${int(1, 200)}` : ''}`
      },
      fields: random() < 0.2 ? { contactTime: pick(['до 12:00', 'після 14:00', 'будь-коли']) } : {},
      attachments,
      delivery: pick(['in_person', 'in_person', 'electronic', 'post'] as const)
    })
    submitted.push(created.orderNumber)
    codes.set(created.orderNumber, created.accessCode)
    if (submitted.length > 200) codes.delete(submitted.shift() ?? '')
    opts.onSubmitted?.(created.orderNumber)
    return created.orderNumber
  }

  const tick = async (): Promise<string | null> => {
    try {
      await answerSomeRemarks()
      return await submitOne()
    } catch (error) {
      opts.onError?.(error)
      return null
    }
  }

  const timer = setInterval(() => {
    if (stopped) return
    running = running.then(tick)
  }, opts.intervalMs ?? 5_000)
  timer.unref()

  return {
    tick,
    submitted,
    stop: async () => {
      stopped = true
      clearInterval(timer)
      await running
    }
  }
}
