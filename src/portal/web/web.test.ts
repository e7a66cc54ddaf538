import { expect, it } from 'vitest'
import { makeRnokpp } from '../../shared/domain/rnokpp'
import { formatOrderNumber } from '../../shared/domain/order-number'
import { describeBackends, type PortalFixture } from '../test/backends'
import { TestBrowser, type MultipartFile } from '../test/browser'
import { demoPdf } from '../demo-files'
import { loadCatalogue } from '../deps'
import { command, pushSigned, setup, submit } from '../test/fixtures'
import { WEB_CSP } from './routes'
import { COOKIE } from './session'

/*
 * The citizens' pages, walked as a person without JavaScript would (test/browser.ts): every post
 * carries its CSRF token, every answer of a post is a redirect. Beside every right way in, the
 * stranger: with everything but the code, or with everything but the form token.
 */

const count = async (fx: PortalFixture): Promise<number> =>
  Number((await fx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM applications'))[0]?.n)

const CATALOGUE = loadCatalogue()
const SCAN = demoPdf(['Скан документа'])
/** A PDF for every required document of the service's card (`doc-i`: the card's i-th document). */
function requiredFiles(serviceId: string): MultipartFile[] {
  const service = CATALOGUE.find((s) => s.id === serviceId)
  if (!service) throw new Error(`no service ${serviceId}`)
  return service.documents.flatMap((d, i) => (d.required ? [{ field: `doc-${i}`, filename: `скан ${i}.pdf`, bytes: SCAN }] : []))
}

async function applyAll(b: TestBrowser, serviceId = 'residence-registration') {
  await b.get(`/apply/${serviceId}/applicant`)
  const s1 = await b.post(`/apply/${serviceId}/applicant`, {
    surname: 'Коваленко',
    givenName: 'Оксана',
    patronymic: '',
    rnokpp: makeRnokpp('1990-03-08', 321, 'female'),
    birthDate: '08.03.1990'
  })
  expect(s1.statusCode, s1.body.slice(0, 500)).toBe(303)
  expect(s1.headers.location).toBe(`/apply/${serviceId}/contact`)
  await b.follow(s1)
  const s2 = await b.post(`/apply/${serviceId}/contact`, {
    address: 'м. Хмельницький, вул. Кам’янецька, 10, кв. 3',
    phone: '+380 67 123 45 67',
    email: '',
    delivery: 'post'
  })
  expect(s2.headers.location).toBe(`/apply/${serviceId}/details`)
  await b.follow(s2)
  const s3 = await b.post(`/apply/${serviceId}/details`, { comment: 'Прошу зареєструвати разом із донькою' })
  expect(s3.headers.location).toBe(`/apply/${serviceId}/documents`)
  await b.follow(s3)
  const s4 = await b.postMultipart(`/apply/${serviceId}/documents`, {}, requiredFiles(serviceId))
  expect(s4.statusCode, s4.body.slice(0, 800)).toBe(303)
  expect(s4.headers.location).toBe(`/apply/${serviceId}/check`)
  const check = await b.follow(s4)
  expect(check.statusCode).toBe(200)
  const sent = await b.post(`/apply/${serviceId}/submit`, {})
  expect(sent.statusCode, sent.body.slice(0, 500)).toBe(303)
  const done = await b.follow(sent)
  const orderNumber = /<span class="big">(\d{3}-\d{6}-\d)<\/span>/.exec(done.body)?.[1] ?? ''
  const accessCode = /<span class="big">([2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4})<\/span>/.exec(done.body)?.[1] ?? ''
  return { check, done, orderNumber, accessCode }
}

describeBackends('citizens’ pages', (fx) => {
  it('home: published services by category with term and fee, search, the lookup form; strict CSP, no script', async () => {
    await setup(fx.portal)
    const b = new TestBrowser(fx.portal.app)
    const home = await b.get('/')
    expect(home.statusCode).toBe(200)
    expect(home.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(home.headers['content-security-policy']).toBe(WEB_CSP)
    expect(WEB_CSP).not.toMatch(/script-src|unsafe/)
    expect(home.body).not.toMatch(/<script|\sstyle=|\son[a-z]+=/i)
    expect(home.body).toContain('<html lang="uk">')
    expect(home.body).toContain('<h3>Паспортні документи</h3>')
    expect(home.body).toContain('href="/services/id-card"')
    expect(home.body).toContain('Строк: 20 робочих днів · Вартість: 558 грн')
    expect(home.body).toContain('action="/lookup"')
    const search = await b.get('/?q=%D0%BF%D0%B0%D1%81%D0%BF%D0%BE%D1%80%D1%82') // «паспорт»
    expect(search.body).toContain('/services/id-card')
    expect(search.body).not.toContain('/services/birth-registration')
    expect((await b.get('/?q=zzzz')).body).toContain('Нічого не знайдено')
    const css = await b.get('/assets/site.css')
    expect(css.headers['content-type']).toContain('text/css')
    expect(css.body).toContain('@media')
  })

  it('English switch: a cookie, back to the same page; the switch refuses other sites as "back"', async () => {
    // The catalogue is the centre's (issue 17): a portal with no centre offers no service.
    await setup(fx.portal)
    const b = new TestBrowser(fx.portal.app)
    const sw = await b.get(`/language/en?back=${encodeURIComponent('/services/id-card')}`)
    expect(sw.statusCode).toBe(303)
    expect(sw.headers.location).toBe('/services/id-card')
    const page = await b.follow(sw)
    expect(page.body).toContain('<html lang="en">')
    expect(page.body).toContain('Start now')
    expect(page.body).toContain('558 UAH')
    for (const back of ['//evil.example/', 'https://evil.example/', '/\\evil.example']) {
      const res = await b.get(`/language/uk?back=${encodeURIComponent(back)}`)
      expect(res.headers.location, back).toBe('/')
    }
    expect((await b.get('/language/de')).statusCode).toBe(400)
  })

  it('a service start page from its card; an unknown service is a 404 page', async () => {
    // The catalogue is the centre's (issue 17): a portal with no centre offers no service.
    await setup(fx.portal)
    const b = new TestBrowser(fx.portal.app)
    const start = await b.get('/services/id-card')
    expect(start.statusCode).toBe(200)
    expect(start.body).toContain('<h1>Оформлення')
    expect(start.body).toContain('Документи')
    expect(start.body).toContain('href="/apply/id-card/applicant"')
    const missing = await b.get('/services/no-such-service')
    expect(missing.statusCode).toBe(404)
    expect(missing.body).toContain('Сторінку не знайдено')
  })

  it('apply: pages with server-side checks and an error summary, a draft that survives a reload, check your answers, confirmation with number, code and date', async () => {
    await setup(fx.portal)
    const b = new TestBrowser(fx.portal.app)
    await b.get('/apply/residence-registration/applicant')
    const bad = await b.post('/apply/residence-registration/applicant', {
      surname: '<script>alert(1)</script>',
      givenName: '',
      rnokpp: '1234567890',
      birthDate: '31.02.1990'
    })
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain('class="error-summary"')
    for (const f of ['surname', 'givenName', 'rnokpp', 'birthDate']) expect(bad.body).toContain(`<a href="#${f}">`)
    expect(bad.body).toContain('Такої дати не існує')
    expect(bad.body).toContain('Неправильна контрольна цифра РНОКПП')
    expect(bad.body).not.toContain('<script>alert(1)')
    expect(bad.body).toContain('value="&lt;script&gt;alert(1)&lt;/script&gt;"')
    expect(b.cookie(COOKIE.draft)).toBeUndefined()
    expect(await count(fx)).toBe(0)

    const { check, done, orderNumber, accessCode } = await applyAll(b)
    expect(check.body).toContain('Перевірте відповіді')
    expect(check.body).toContain('08.03.1990')
    expect(check.body).toContain('Поштою')
    expect(check.body).toContain('href="/apply/residence-registration/contact?change=1#address"')
    expect(done.body).toContain('Заяву подано')
    expect(done.body).toContain(`href="/status/${orderNumber}/receipt.pdf"`)
    expect(orderNumber).toMatch(/^001-/)
    expect(accessCode).not.toBe('')
    expect(done.body).toMatch(/Очікуваний строк<\/dt>\s*<dd>\d{2}\.\d{2}\.\d{4}<\/dd>/)
    // What was typed is what the clerk gets (the same intake function as the API).
    const rows = await fx.db.query<{ record: { applicant: Record<string, unknown>; fields: Record<string, string>; delivery: string } }>(
      'SELECT record FROM applications WHERE order_number = $1',
      [orderNumber]
    )
    expect(rows[0]?.record.applicant).toMatchObject({ surname: 'Коваленко', birthDate: '1990-03-08', phone: '+380671234567', email: null })
    expect(rows[0]?.record.fields).toEqual({ comment: 'Прошу зареєструвати разом із донькою' })
    expect(rows[0]?.record.delivery).toBe('post')
    // The draft is gone; the confirmation is not shown a second time to the next visitor of the link.
    expect(b.cookie(COOKIE.draft)).toBeUndefined()
    // The status page opens with the code just shown, without typing it again on this device.
    const status = await b.get(`/status/${orderNumber}`)
    expect(status.statusCode).toBe(200)
    expect(status.body).toContain('Заяву отримано')
    expect((await new TestBrowser(fx.portal.app).get(`/apply/residence-registration/done`)).statusCode).toBe(303)
  })

  it('the draft survives a reload and is tied to its service', async () => {
    // The catalogue is the centre's (issue 17): a portal with no centre offers no service.
    await setup(fx.portal)
    const b = new TestBrowser(fx.portal.app)
    await b.get('/apply/residence-registration/applicant')
    await b.post('/apply/residence-registration/applicant', { surname: 'Бойко', givenName: 'Петро', birthDate: '1.2.1980' })
    const again = await b.get('/apply/residence-registration/applicant')
    expect(again.body).toContain('value="Бойко"')
    expect(again.body).toContain('value="1.2.1980"')
    // Check your answers before the form is complete: back to the first unfinished page.
    const early = await b.get('/apply/residence-registration/check')
    expect(early.headers.location).toBe('/apply/residence-registration/contact')
    expect((await b.get('/apply/id-card/applicant')).body).not.toContain('Бойко')
    // A tampered draft is no draft.
    const d = b.cookie(COOKIE.draft)!
    b.setCookie({ ...d, value: d.value.slice(0, -2) + (d.value.endsWith('AA') ? 'BB' : 'AA') })
    expect((await b.get('/apply/residence-registration/applicant')).body).not.toContain('Бойко')
  })

  it('forged CSRF: no token, a wrong one, another browser’s — 403, nothing written; the wrong content type is refused', async () => {
    await setup(fx.portal)
    const b = new TestBrowser(fx.portal.app)
    const other = new TestBrowser(fx.portal.app)
    await other.get('/')
    const othersToken = other.token()
    const { orderNumber } = await applyAll(b)
    expect(await count(fx)).toBe(1)
    // Fill a second draft, then try to submit it with forged tokens.
    await applyAllButSubmit(b)
    const mine = b.token()
    for (const [what, token] of [
      ['no token', null],
      ['an empty token', ''],
      ['a made-up token', 'A'.repeat(43)],
      ['another browser’s token', othersToken]
    ] as const) {
      const res = await b.post('/apply/residence-registration/submit', {}, token)
      expect(res.statusCode, what).toBe(403)
      expect(res.body, what).toContain('Сторінка застаріла')
    }
    // The stranger's own token, with the victim's draft nowhere near: a token without its cookie.
    const noCookie = await fx.portal.app.inject({
      method: 'POST',
      url: '/lookup',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: mine, orderNumber, code: 'K7QM-4XPR-9TAW' }).toString()
    })
    expect(noCookie.statusCode).toBe(403)
    expect(await count(fx)).toBe(1)
    const json = await fx.portal.app.inject({
      method: 'POST',
      url: '/apply/residence-registration/submit',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ _csrf: mine })
    })
    expect(json.statusCode).toBe(415)
    const twice = await fx.portal.app.inject({
      method: 'POST',
      url: '/lookup',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'code=a&code=b'
    })
    expect(twice.statusCode).toBe(400)
    expect(await count(fx)).toBe(1)
  })

  it('status by QR link: the code is checked, kept in a cookie for that number only, and dropped from the address bar', async () => {
    await setup(fx.portal)
    const a = await submit(fx.portal)
    const bApp = await submit(fx.portal)
    const b = new TestBrowser(fx.portal.app)
    const qr = await b.get(`/status/${a.orderNumber}?code=${a.accessCode}`)
    expect(qr.statusCode).toBe(303)
    expect(qr.headers.location).toBe(`/status/${a.orderNumber}`)
    const page = await b.follow(qr)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain(`Заява № <span class="nowrap">${a.orderNumber}</span>`)
    expect(page.body).toContain('Заяву отримано')
    expect(page.body).toContain('Хронологія')
    expect(page.body).toMatch(/<time datetime="[^"]+">\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}<\/time>Подано/)
    expect(page.body).not.toContain(a.accessCode)
    // The cookie opens only its own number: moved to another number's path it opens nothing.
    const access = b.cookie(COOKIE.access, `/status/${a.orderNumber}`)!
    const thief = new TestBrowser(fx.portal.app, '198.51.100.9')
    thief.setCookie({ ...access, path: `/status/${bApp.orderNumber}` })
    const stolen = await thief.get(`/status/${bApp.orderNumber}`)
    expect(stolen.statusCode).toBe(200)
    expect(stolen.body).toContain('Код доступу')
    expect(stolen.body).not.toContain('Заяву отримано')
    // Closing it on this device forgets the code.
    const closed = await b.post(`/status/${a.orderNumber}/close`, {})
    expect(closed.headers.location).toBe('/')
    expect((await b.get(`/status/${a.orderNumber}`)).body).not.toContain('Заяву отримано')
  })

  it('the stranger with the number but not the code: the same page as for a number that does not exist, by link, by form and by lookup', async () => {
    await setup(fx.portal)
    const a = await submit(fx.portal)
    const other = await submit(fx.portal)
    const unknown = formatOrderNumber(1, 999)
    const b = new TestBrowser(fx.portal.app, '198.51.100.77')
    const norm = (body: string, n: string) =>
      body
        .split(n)
        .join('N')
        .replace(/name="_csrf" value="[^"]+"/g, '')
    const asked = await b.get(`/status/${a.orderNumber}`)
    expect(asked.statusCode).toBe(200)
    expect(norm(asked.body, a.orderNumber)).toBe(norm((await b.get(`/status/${unknown}`)).body, unknown))

    await b.get(`/status/${unknown}`)
    const unknownRes = await b.post(`/status/${unknown}`, { code: a.accessCode })
    expect(unknownRes.statusCode).toBe(404)
    await b.get(`/status/${a.orderNumber}`)
    for (const [what, code] of [
      ['a wrong code', 'K7QM-4XPR-9TAW'],
      ['another application’s code', other.accessCode],
      ['no code', '']
    ] as const) {
      const res = await b.post(`/status/${a.orderNumber}`, { code })
      expect(res.statusCode, what).toBe(404)
      expect(norm(res.body, a.orderNumber), what).toBe(norm(unknownRes.body, unknown))
      expect(res.body, what).not.toMatch(/Шевченко|Заяву отримано|received/)
      expect(b.cookie(COOKIE.access), what).toBeUndefined()
    }
    const byLink = await b.get(`/status/${a.orderNumber}?code=${other.accessCode}`)
    expect(byLink.statusCode).toBe(404)
    expect(byLink.body).not.toContain(other.accessCode)
    expect(norm(byLink.body, a.orderNumber)).toBe(norm(unknownRes.body, unknown))

    await b.get('/')
    const lookupWrong = await b.post('/lookup', { orderNumber: a.orderNumber, code: other.accessCode })
    const lookupUnknown = await b.post('/lookup', { orderNumber: unknown, code: other.accessCode })
    expect(lookupWrong.statusCode).toBe(404)
    expect(norm(lookupWrong.body, a.orderNumber)).toBe(norm(lookupUnknown.body, unknown))
    expect(lookupWrong.body).toContain('Заяву не знайдено або код доступу неправильний')
    const lookupBad = await b.post('/lookup', { orderNumber: '12', code: '' })
    expect(lookupBad.statusCode).toBe(400)
    expect(lookupBad.body).toContain('<a href="#orderNumber">')
    expect(lookupBad.body).toContain('<a href="#code">')
    const lookupRight = await b.post('/lookup', { orderNumber: a.orderNumber.replace(/-/g, ' '), code: a.accessCode.toLowerCase() })
    expect(lookupRight.statusCode).toBe(303)
    expect(lookupRight.headers.location).toBe(`/status/${a.orderNumber}`)
    expect((await b.follow(lookupRight)).body).toContain('Заяву отримано')
  })

  it('remarks with the date to answer by and the answer form; the stranger cannot answer; the owner answers and the clock resumes', async () => {
    const { ws } = await setup(fx.portal)
    const a = await submit(fx.portal)
    const pushed = await pushSigned(fx.portal, ws, [
      command(1, 'claim', a.id, {}),
      command(
        2,
        'request_correction',
        a.id,
        { items: [{ field: 'address', remark: 'Вкажіть <b>квартиру</b>' }], general: '', answerBy: '2026-12-04' },
        { v: 2 }
      )
    ])
    expect(pushed.results.map((r) => r.outcome)).toEqual(['applied', 'applied'])

    // The stranger: a valid form token of their own, the number, no code.
    const stranger = new TestBrowser(fx.portal.app, '198.51.100.66')
    await stranger.get(`/status/${a.orderNumber}`)
    const forged = await stranger.post(`/status/${a.orderNumber}/answer`, { answer: 'Я не заявник' })
    expect(forged.statusCode).toBe(404)
    expect(forged.body).not.toContain('квартиру')

    const owner = new TestBrowser(fx.portal.app)
    await owner.get(`/status/${a.orderNumber}`)
    await owner.follow(await owner.post(`/status/${a.orderNumber}`, { code: a.accessCode }))
    const page = owner.lastPage
    expect(page).toContain('Потрібні ваші виправлення')
    expect(page).toContain('<strong>Адреса</strong>: Вкажіть &lt;b&gt;квартиру&lt;/b&gt;')
    expect(page).toContain('Відповісти до 04.12.2026')
    expect(page).toContain('строк зупинено до ваших виправлень')
    expect(page).toContain(`action="/status/${a.orderNumber}/answer"`)

    const empty = await owner.post(`/status/${a.orderNumber}/answer`, { answer: '   ' })
    expect(empty.statusCode).toBe(400)
    expect(empty.body).toContain('<a href="#answer">')
    const forgedToken = await owner.post(`/status/${a.orderNumber}/answer`, { answer: 'так' }, 'A'.repeat(43))
    expect(forgedToken.statusCode).toBe(403)
    let stored = await fx.db.query<{ status: string }>('SELECT status FROM applications WHERE id = $1', [a.id])
    expect(stored[0]?.status).toBe('needs_correction')

    await owner.get(`/status/${a.orderNumber}`)
    const answered = await owner.post(`/status/${a.orderNumber}/answer`, { answer: 'Квартира 5' })
    expect(answered.statusCode).toBe(303)
    const after = await owner.follow(answered)
    expect(after.body).toContain('Заява в роботі')
    expect(after.body).toContain('Ви відповіли')
    expect(after.body).not.toContain('Вкажіть')
    stored = await fx.db.query<{ status: string }>('SELECT status FROM applications WHERE id = $1', [a.id])
    expect(stored[0]?.status).toBe('in_review')
  })
})

async function applyAllButSubmit(b: TestBrowser): Promise<void> {
  const id = 'residence-registration'
  await b.get(`/apply/${id}/applicant`)
  await b.post(`/apply/${id}/applicant`, { surname: 'Мельник', givenName: 'Ірина', birthDate: '02.02.1975' })
  await b.get(`/apply/${id}/contact`)
  await b.post(`/apply/${id}/contact`, { address: 'м. Хмельницький, вул. Зарічанська, 2', delivery: 'in_person' })
  await b.get(`/apply/${id}/details`)
  await b.post(`/apply/${id}/details`, { comment: '' })
  await b.get(`/apply/${id}/documents`)
  await b.postMultipart(`/apply/${id}/documents`, {}, requiredFiles(id))
  await b.get(`/apply/${id}/check`)
}
