import { expect, it } from 'vitest'
import type { LightMyRequestResponse } from 'fastify'
import type { FormField, ServiceCard } from '../../shared/catalogue/card'
import { testLinkResponseSchema } from '../../shared/catalogue/contract'
import { makeRnokpp } from '../../shared/domain/rnokpp'
import { describeBackends, type PortalFixture } from '../test/backends'
import { TestBrowser } from '../test/browser'
import { newCard } from '../test/cards'
import { demoPdf } from '../demo-files'
import { NADIIA, setup } from '../test/fixtures'
import { send } from '../test/http'
import { COOKIE } from './session'

/*
 * The citizens' pages ask the card version's own questions (issue 17): rendered from their types on
 * a page between the contact page and the documents, checked with the intake's rules (answers.ts)
 * with the error summary, listed on "check your answers", and sent as the application's `fields`.
 * Walked as a person without JavaScript would (test/browser.ts), through the test link and after
 * publishing; beside every right way in, the stranger without the link or the form token.
 */

const creds = { login: NADIIA.login, password: NADIIA.password }
const V = '/admin/catalogue/services'
const ID = 'tree-felling-permit'
const SCAN = demoPdf(['Схема ділянки'])

const purpose: FormField = {
  id: 'purpose',
  type: 'choice',
  label: { uk: 'Причина видалення', en: 'Reason for removal' },
  hint: { uk: 'Оберіть головну причину', en: 'Choose the main reason' },
  required: true,
  rules: {
    choices: [
      { value: 'dead', label: { uk: 'Сухе дерево', en: 'Dead tree' } },
      { value: 'danger', label: { uk: 'Загроза падіння', en: 'Risk of falling' } },
      { value: 'building', label: { uk: 'Будівництво', en: 'Construction' } }
    ]
  }
}
const inspectedOn: FormField = {
  id: 'inspectedOn',
  type: 'date',
  label: { uk: 'Дата обстеження', en: 'Date of inspection' },
  hint: null,
  required: false,
  rules: { minDate: '2000-01-01' }
}
const siteName: FormField = {
  id: 'siteName',
  type: 'short_text',
  label: { uk: 'Назва ділянки', en: 'Name of the site' },
  hint: null,
  required: true,
  rules: { maxLength: 100 }
}

/** The catalogue tests' new service with three own questions and the phone made required (a standard field the card asks for). */
function cardWithQuestions(extra: FormField[] = []): ServiceCard {
  const c = newCard(ID)
  const standard = c.form.fields.filter((f) => f.id !== 'trees')
  const phone: FormField = { id: 'phone', type: 'phone', label: { uk: 'Телефон', en: 'Phone' }, hint: null, required: true, rules: {} }
  return { ...c, delivery: ['in_person', 'post'], form: { fields: [...standard, phone, purpose, inspectedOn, siteName, ...extra] } }
}

const count = async (fx: PortalFixture): Promise<number> =>
  Number((await fx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM applications'))[0]?.n)

describeBackends('citizens’ pages ask the card’s own questions', (fx) => {
  const app = () => fx.portal.app
  const admin = async (token: string, url: string, json: Record<string, unknown> = {}): Promise<LightMyRequestResponse> => {
    const res = await send(app(), 'POST', url, { token, json: { ...creds, ...json } })
    expect(res.statusCode, `${url}: ${res.body.slice(0, 400)}`).toBeLessThan(300)
    return res
  }
  /** The card drafted and moved to testing: its test link's token. */
  const inTesting = async (ws: string, card: ServiceCard): Promise<string> => {
    await admin(ws, V, { card })
    return testLinkResponseSchema.parse((await admin(ws, `${V}/${ID}/versions/1/testing`)).json()).testLink.token
  }
  const row = async (orderNumber: string) =>
    (
      await fx.db.query<{
        service_version: number
        is_test: boolean
        record: { fields: Record<string, string>; applicant: { phone: string | null } }
      }>('SELECT service_version, is_test, record FROM applications WHERE order_number = $1', [orderNumber])
    )[0]

  /** The applicant's and the contact page, answered. */
  async function upToQuestions(b: TestBrowser): Promise<LightMyRequestResponse> {
    await b.get(`/apply/${ID}/applicant`)
    const s1 = await b.post(`/apply/${ID}/applicant`, {
      surname: 'Мельник',
      givenName: 'Ігор',
      patronymic: '',
      rnokpp: makeRnokpp('1985-06-01', 123, 'male'),
      birthDate: '01.06.1985'
    })
    expect(s1.headers.location, s1.body.slice(0, 500)).toBe(`/apply/${ID}/contact`)
    await b.follow(s1)
    const s2 = await b.post(`/apply/${ID}/contact`, {
      address: 'м. Хмельницький, вул. Садова, 5',
      phone: '+380671112233',
      email: '',
      delivery: 'post'
    })
    expect(s2.statusCode, s2.body.slice(0, 800)).toBe(303)
    expect(s2.headers.location).toBe(`/apply/${ID}/questions`)
    return b.follow(s2)
  }
  /** From the questions page (answered) through the details and documents to "check your answers". */
  async function toCheck(b: TestBrowser, answers: Record<string, string>): Promise<LightMyRequestResponse> {
    const q = await b.post(`/apply/${ID}/questions`, answers)
    expect(q.statusCode, q.body.slice(0, 800)).toBe(303)
    expect(q.headers.location).toBe(`/apply/${ID}/details`)
    await b.follow(q)
    const d = await b.post(`/apply/${ID}/details`, { comment: '' })
    await b.follow(d)
    const docs = await b.postMultipart(`/apply/${ID}/documents`, {}, [{ field: 'doc-0', filename: 'схема.pdf', bytes: SCAN }])
    expect(docs.statusCode, docs.body.slice(0, 800)).toBe(303)
    expect(docs.headers.location).toBe(`/apply/${ID}/check`)
    return b.follow(docs)
  }
  const orderOf = (done: LightMyRequestResponse): string => /<span class="big">(\d{3}-\d{6}-\d)<\/span>/.exec(done.body)?.[1] ?? ''

  it('through the test link: the questions page from the types, bad answers refused whole with the error summary, the answers reach the application', async () => {
    const { ws } = await setup(fx.portal)
    const token = await inTesting(ws.token, cardWithQuestions())
    const b = new TestBrowser(app())
    // The stranger without the link: no page of the form at all.
    expect((await b.get(`/apply/${ID}/questions`)).statusCode).toBe(404)
    expect((await b.get(`/services/${ID}?test=${token}`)).statusCode).toBe(303)

    // The phone the card makes required is required here too, under the card's label.
    await b.get(`/apply/${ID}/contact`)
    const noPhone = await b.post(`/apply/${ID}/contact`, {
      address: 'м. Хмельницький, вул. Садова, 5',
      phone: '',
      email: '',
      delivery: 'post'
    })
    expect(noPhone.statusCode).toBe(400)
    expect(noPhone.body).toContain('<a href="#phone">Телефон: Це поле обов’язкове</a>')
    // Only the ways of delivery the card offers.
    expect(noPhone.body).toContain('value="post"')
    expect(noPhone.body).not.toContain('value="electronic"')
    const electronic = await b.post(`/apply/${ID}/contact`, {
      address: 'вул. Садова, 5',
      phone: '+380671112233',
      email: '',
      delivery: 'electronic'
    })
    expect(electronic.statusCode).toBe(400)
    expect(electronic.body).toContain('<a href="#delivery">')

    const page = await upToQuestions(b)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('<h1>Запитання щодо послуги</h1>')
    expect(page.body).toContain('Крок 3 / 5')
    // In the card's order, each from its type.
    const at = (s: string): number => page.body.indexOf(s)
    expect(at('id="q-purpose"')).toBeGreaterThan(0)
    expect(at('id="q-purpose"')).toBeLessThan(at('id="q-inspectedOn"'))
    expect(at('id="q-inspectedOn"')).toBeLessThan(at('id="q-siteName"'))
    expect(page.body).toMatch(/<legend>Причина видалення<\/legend><p class="hint" id="q-purpose-hint">Оберіть головну причину<\/p>/)
    expect(page.body).toMatch(/type="radio"\s+id="q-purpose-danger"\s+name="q-purpose"\s+value="danger"/)
    expect(page.body).toContain('<label for="q-inspectedOn">Дата обстеження (необов’язково)</label>')
    expect(page.body).toMatch(/id="q-inspectedOn"[^>]*inputmode="numeric"/)
    expect(page.body).toContain('дд.мм.рррр')
    expect(page.body).toMatch(/id="q-siteName"[^>]*maxlength="100"/)

    const draftBefore = b.cookie(COOKIE.draft)?.value
    const bad = await b.post(`/apply/${ID}/questions`, { 'q-purpose': 'fire', 'q-inspectedOn': '31.02.2021', 'q-siteName': '' })
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain('class="error-summary"')
    expect(bad.body).toContain('<a href="#q-purpose">«Причина видалення»: Оберіть один із варіантів</a>')
    expect(bad.body).toContain('<a href="#q-inspectedOn">«Дата обстеження»: Дата у форматі дд.мм.рррр, яка існує</a>')
    expect(bad.body).toContain('<a href="#q-siteName">«Назва ділянки»: обов’язкове поле</a>')
    expect(bad.body).toContain('value="31.02.2021"')
    // Nothing half-written: the draft is as before, no application.
    expect(b.cookie(COOKIE.draft)?.value).toBe(draftBefore)
    const early = await b.post(`/apply/${ID}/questions`, { 'q-purpose': 'dead', 'q-inspectedOn': '01.01.1999', 'q-siteName': 'Сквер' })
    expect(early.statusCode).toBe(400)
    expect(early.body).toContain('«Дата обстеження»: Не раніше 01.01.2000')
    expect(b.cookie(COOKIE.draft)?.value).toBe(draftBefore)
    // The stranger with everything but the form token: 403, nothing kept.
    const forged = await b.post(`/apply/${ID}/questions`, { 'q-purpose': 'dead', 'q-siteName': 'Сквер' }, null)
    expect(forged.statusCode).toBe(403)
    expect(b.cookie(COOKIE.draft)?.value).toBe(draftBefore)
    // "check your answers" before the questions are answered: back to them.
    expect((await b.get(`/apply/${ID}/check`)).headers.location).toBe(`/apply/${ID}/questions`)
    await b.get(`/apply/${ID}/questions`)

    const check = await toCheck(b, { 'q-purpose': 'danger', 'q-inspectedOn': '5.3.2021', 'q-siteName': 'Сквер біля школи № 7' })
    expect(check.statusCode).toBe(200)
    expect(check.body).toContain('<h2>Запитання щодо послуги</h2>')
    expect(check.body).toMatch(/<dt>Причина видалення<\/dt>\s*<dd>Загроза падіння<\/dd>/)
    expect(check.body).toMatch(/<dt>Дата обстеження<\/dt>\s*<dd>5\.3\.2021<\/dd>/)
    expect(check.body).toContain(`href="/apply/${ID}/questions?change=1#q-siteName"`)
    // A change from "check your answers" goes back there.
    await b.get(`/apply/${ID}/questions?change=1`)
    const changed = await b.post(`/apply/${ID}/questions`, {
      'q-purpose': 'dead',
      'q-inspectedOn': '05.03.2021',
      'q-siteName': 'Сквер біля школи № 7',
      returnTo: 'check'
    })
    expect(changed.headers.location).toBe(`/apply/${ID}/check`)
    await b.follow(changed)
    const sent = await b.post(`/apply/${ID}/submit`, {})
    expect(sent.statusCode, sent.body.slice(0, 800)).toBe(303)
    const orderNumber = orderOf(await b.follow(sent))
    const r = await row(orderNumber)
    expect(r).toMatchObject({ service_version: 1, is_test: true })
    expect(r?.record.fields).toEqual({ purpose: 'dead', inspectedOn: '2021-03-05', siteName: 'Сквер біля школи № 7' })
    expect(r?.record.applicant.phone).toBe('+380671112233')
  })

  it('in English: the card’s English labels, hints and messages; an optional question may be left out', async () => {
    const { ws } = await setup(fx.portal)
    const token = await inTesting(ws.token, cardWithQuestions())
    await admin(ws.token, `${V}/${ID}/versions/1/publish`)
    const b = new TestBrowser(app())
    await b.get(`/language/en?back=/`)
    // Published: no link needed; the application is no test.
    expect(token).not.toBe('')
    const page = await upToQuestions(b)
    expect(page.body).toContain('<html lang="en">')
    expect(page.body).toContain('<h1>About your application</h1>')
    expect(page.body).toContain('<legend>Reason for removal</legend>')
    expect(page.body).toContain('Choose the main reason')
    expect(page.body).toContain('>Risk of falling</label')
    expect(page.body).toContain('<label for="q-inspectedOn">Date of inspection (optional)</label>')
    expect(page.body).not.toContain('Причина видалення')
    const bad = await b.post(`/apply/${ID}/questions`, { 'q-purpose': '', 'q-inspectedOn': '2021-13-01', 'q-siteName': 'x'.repeat(101) })
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain('<a href="#q-purpose">&quot;Reason for removal&quot; is required</a>')
    expect(bad.body).toContain('<a href="#q-inspectedOn">&quot;Date of inspection&quot;: A date (dd.mm.yyyy) that exists</a>')
    expect(bad.body).toContain('<a href="#q-siteName">&quot;Name of the site&quot;: At most 100 characters</a>')
    const check = await toCheck(b, { 'q-purpose': 'building', 'q-inspectedOn': '', 'q-siteName': 'Park' })
    expect(check.body).toMatch(/<dt>Reason for removal<\/dt>\s*<dd>Construction<\/dd>/)
    expect(check.body).toMatch(/<dt>Date of inspection<\/dt>\s*<dd>—<\/dd>/)
    const sent = await b.post(`/apply/${ID}/submit`, {})
    const r = await row(orderOf(await b.follow(sent)))
    expect(r).toMatchObject({ service_version: 1, is_test: false })
    expect(r?.record.fields).toEqual({ purpose: 'building', siteName: 'Park' })
  })

  it('a version published while the citizen fills the form: the draft keeps what fits, the citizen is told and asked the new question, the application is the new version’s', async () => {
    const { ws } = await setup(fx.portal)
    await inTesting(ws.token, cardWithQuestions())
    await admin(ws.token, `${V}/${ID}/versions/1/publish`)
    const b = new TestBrowser(app())
    await upToQuestions(b)
    await toCheck(b, { 'q-purpose': 'dead', 'q-inspectedOn': '', 'q-siteName': 'Сквер' })

    // Version 2 asks one more required question and no longer offers «dead».
    const v2 = cardWithQuestions([
      {
        id: 'trees',
        type: 'number',
        label: { uk: 'Кількість дерев', en: 'Number of trees' },
        hint: null,
        required: true,
        rules: { min: 1, max: 50, integer: true }
      }
    ])
    const fewer = v2.form.fields.map((f) =>
      f.id === 'purpose' ? { ...f, rules: { choices: (f.rules.choices ?? []).filter((c) => c.value !== 'dead') } } : f
    )
    await admin(ws.token, `${V}/${ID}/next`)
    await admin(ws.token, `${V}/${ID}/versions/2/update`, { card: { ...v2, form: { fields: fewer } } })
    await admin(ws.token, `${V}/${ID}/versions/2/testing`)
    await admin(ws.token, `${V}/${ID}/versions/2/publish`)

    const sent = await b.post(`/apply/${ID}/submit`, {})
    expect(sent.statusCode).toBe(303)
    expect(sent.headers.location).toBe(`/apply/${ID}/questions`)
    expect(await count(fx)).toBe(0)
    const asked = await b.follow(sent)
    expect(asked.body).toContain('форму цієї послуги змінено')
    expect(asked.body).toContain('id="q-trees"')
    expect(asked.body).not.toContain('value="dead"')
    // What still fits is kept; the notice is shown once.
    expect(asked.body).toContain('value="Сквер"')
    expect((await b.get(`/apply/${ID}/questions`)).body).not.toContain('форму цієї послуги змінено')
    const again = await b.post(`/apply/${ID}/questions`, {
      'q-purpose': 'danger',
      'q-inspectedOn': '',
      'q-siteName': 'Сквер',
      'q-trees': '3'
    })
    expect(again.headers.location).toBe(`/apply/${ID}/details`)
    // The document the two versions name alike is still attached: "check your answers" is reachable.
    const check = await b.get(`/apply/${ID}/check`)
    expect(check.statusCode).toBe(200)
    const done = await b.follow(await b.post(`/apply/${ID}/submit`, {}))
    const r = await row(orderOf(done))
    expect(r).toMatchObject({ service_version: 2, is_test: false })
    expect(r?.record.fields).toEqual({ purpose: 'danger', siteName: 'Сквер', trees: '3' })
  })

  it('many questions: pages of six, a select for many options, yes/no radios, a file question on the documents page; a draft too long for its cookie is refused whole', async () => {
    const { ws } = await setup(fx.portal)
    const months = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug']
    const more: FormField[] = [
      {
        id: 'month',
        type: 'choice',
        label: { uk: 'Місяць робіт', en: 'Month of works' },
        hint: null,
        required: true,
        rules: { choices: months.map((m) => ({ value: m, label: { uk: `Місяць ${m}`, en: `Month ${m}` } })) }
      },
      {
        id: 'nearPower',
        type: 'yes_no',
        label: { uk: 'Поруч лінія електропередачі', en: 'Near a power line' },
        hint: null,
        required: true,
        rules: {}
      },
      { id: 'story', type: 'long_text', label: { uk: 'Опис', en: 'Description' }, hint: null, required: false, rules: { maxLength: 2000 } },
      {
        id: 'owner',
        type: 'rnokpp',
        label: { uk: 'РНОКПП власника ділянки', en: 'Owner’s RNOKPP' },
        hint: null,
        required: false,
        rules: {}
      },
      { id: 'photo', type: 'document_upload', label: { uk: 'Фото дерева', en: 'Photo of the tree' }, hint: null, required: true, rules: {} }
    ]
    const token = await inTesting(ws.token, cardWithQuestions(more))
    const b = new TestBrowser(app())
    await b.get(`/services/${ID}?test=${token}`)
    const first = await upToQuestions(b)
    expect(first.body).toContain('Запитання щодо послуги (1 / 2)')
    expect(first.body).toContain('Крок 3 / 6')
    // Six on the first page (purpose, inspectedOn, siteName, month, nearPower, story), the rest on the second; the file is no text question.
    expect(first.body).toMatch(/<select\s+id="q-month"\s+name="q-month"[^>]*>\s*<option value="">Оберіть варіант<\/option>/)
    expect(first.body).toContain('id="q-nearPower"')
    expect(first.body).toContain('value="no"')
    expect(first.body).toMatch(/<textarea id="q-story"[^>]*maxlength="2000"/)
    expect(first.body).not.toContain('id="q-owner"')
    expect(first.body).not.toContain('q-photo')
    const answers = { 'q-purpose': 'dead', 'q-inspectedOn': '', 'q-siteName': 'Сквер', 'q-month': 'may', 'q-nearPower': 'yes' }
    const draftBefore = b.cookie(COOKIE.draft)?.value
    const tooLong = await b.post(`/apply/${ID}/questions`, { ...answers, 'q-story': 'д'.repeat(2000) })
    expect(tooLong.statusCode).toBe(400)
    expect(tooLong.body).toContain('<a href="#q-story">Відповіді задовгі')
    expect(b.cookie(COOKIE.draft)?.value).toBe(draftBefore)
    const badYes = await b.post(`/apply/${ID}/questions`, { ...answers, 'q-nearPower': 'maybe', 'q-month': 'dec', 'q-story': '' })
    expect(badYes.body).toContain('<a href="#q-nearPower">«Поруч лінія електропередачі»: Оберіть «так» або «ні»</a>')
    expect(badYes.body).toContain('<a href="#q-month">«Місяць робіт»: Оберіть один із варіантів</a>')
    await b.get(`/apply/${ID}/questions`)
    const p1 = await b.post(`/apply/${ID}/questions`, { ...answers, 'q-story': 'Старий клен' })
    expect(p1.headers.location).toBe(`/apply/${ID}/questions-2`)
    const second = await b.follow(p1)
    expect(second.body).toContain('Запитання щодо послуги (2 / 2)')
    expect(second.body).toMatch(/id="q-owner"[^>]*inputmode="numeric"/)
    const p2 = await b.post(`/apply/${ID}/questions-2`, { 'q-owner': '' })
    expect(p2.headers.location).toBe(`/apply/${ID}/details`)
    await b.follow(p2)
    await b.follow(await b.post(`/apply/${ID}/details`, { comment: '' }))
    // The file question is a file input on the documents page, required as the card says.
    const docsPage = await b.get(`/apply/${ID}/documents`)
    expect(docsPage.body).toContain('<label for="up-photo">Фото дерева</label>')
    const noPhoto = await b.postMultipart(`/apply/${ID}/documents`, {}, [{ field: 'doc-0', filename: 'схема.pdf', bytes: SCAN }])
    expect(noPhoto.statusCode).toBe(400)
    expect(noPhoto.body).toContain('<a href="#up-photo">Фото дерева: ')
    const photo = demoPdf(['Фото дерева'])
    const docs = await b.postMultipart(`/apply/${ID}/documents`, {}, [
      { field: 'doc-0', filename: 'схема.pdf', bytes: SCAN },
      { field: 'up-photo', filename: 'фото.pdf', bytes: photo }
    ])
    expect(docs.headers.location, docs.body.slice(0, 600)).toBe(`/apply/${ID}/check`)
    const check = await b.follow(docs)
    expect(check.body).toMatch(/<dt>Місяць робіт<\/dt>\s*<dd>Місяць may<\/dd>/)
    expect(check.body).toMatch(/<dt>Поруч лінія електропередачі<\/dt>\s*<dd>Так<\/dd>/)
    expect(check.body).toMatch(/<dt>Фото дерева<\/dt>\s*<dd>додано<\/dd>/)
    const done = await b.follow(await b.post(`/apply/${ID}/submit`, {}))
    const r = await row(orderOf(done))
    const attachments = (
      await fx.db.query<{ record: { attachments: { sha256: string; name: string }[] } }>(
        'SELECT record FROM applications WHERE order_number = $1',
        [orderOf(done)]
      )
    )[0]?.record.attachments
    expect(attachments?.map((a) => a.name)).toEqual(['Схема ділянки.pdf', 'Фото дерева.pdf'])
    expect(r?.record.fields).toEqual({
      purpose: 'dead',
      siteName: 'Сквер',
      month: 'may',
      nearPower: 'yes',
      story: 'Старий клен',
      photo: attachments?.[1]?.sha256
    })
  })
})
