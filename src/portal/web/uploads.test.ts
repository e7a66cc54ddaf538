import { expect, it } from 'vitest'
import { makeRnokpp } from '../../shared/domain/rnokpp'
import { demoPdf, demoPng } from '../demo-files'
import { loadCatalogue } from '../deps'
import { describeBackends, type PortalFixture } from '../test/backends'
import { TestBrowser, type MultipartFile } from '../test/browser'
import { command, pushSigned, setup, submit } from '../test/fixtures'
import { send } from '../test/http'
import { COOKIE } from './session'

/*
 * Documents on the citizens' pages (issue 16): the card's documents in the apply flow and corrected
 * documents with an answer, posted as multipart forms without JavaScript. Every refused post —
 * a stranger's, a forged one, bad bytes, too big — stores nothing; an accepted one reaches the
 * clerk's workstation as the API's attachments do.
 */

const SERVICE = 'residence-registration'
const card = loadCatalogue().find((s) => s.id === SERVICE)!
const PDF = demoPdf(['Паспорт, сторінки 1-2'])
const PNG = demoPng(3)
const requiredIdx = card.documents.flatMap((d, i) => (d.required ? [i] : []))
const required = (bytes: Buffer = PDF): MultipartFile[] =>
  requiredIdx.map((i) => ({ field: `doc-${i}`, filename: `скан-${i}.pdf`, bytes, type: 'application/pdf' }))

const blobs = async (fx: PortalFixture): Promise<number> =>
  Number((await fx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM attachments'))[0]?.n)
const apps = async (fx: PortalFixture): Promise<number> =>
  Number((await fx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM applications'))[0]?.n)

/** Fills the three text pages; the browser then stands on the documents page. */
async function toDocuments(b: TestBrowser): Promise<void> {
  await b.get(`/apply/${SERVICE}/applicant`)
  await b.post(`/apply/${SERVICE}/applicant`, {
    surname: 'Коваленко',
    givenName: 'Оксана',
    rnokpp: makeRnokpp('1990-03-08', 321, 'female'),
    birthDate: '08.03.1990'
  })
  await b.get(`/apply/${SERVICE}/contact`)
  await b.post(`/apply/${SERVICE}/contact`, { address: 'м. Хмельницький, вул. Проскурівська, 1', delivery: 'in_person' })
  await b.get(`/apply/${SERVICE}/details`)
  const details = await b.post(`/apply/${SERVICE}/details`, { comment: '' })
  expect(details.headers.location).toBe(`/apply/${SERVICE}/documents`)
  await b.follow(details)
}

describeBackends('citizens’ pages: documents', (fx) => {
  it('the documents page: a file input per document of the card, multipart, the form token first', async () => {
    await setup(fx.portal)
    const b = new TestBrowser(fx.portal.app)
    await toDocuments(b)
    const page = b.lastPage
    expect(page).toContain(`enctype="multipart/form-data"`)
    expect(page.indexOf('name="_csrf"')).toBeLessThan(page.indexOf('type="file"'))
    card.documents.forEach((d, i) => {
      expect(page, d.name_uk).toContain(`<label for="doc-${i}">`)
      expect(page).toContain(`name="doc-${i}"`)
    })
    expect(page).toContain('accept="application/pdf,image/jpeg,image/png')
  })

  it('refused uploads store nothing: required missing, bad bytes, empty, oversized, forged or missing token, a plain form, a stray field', async () => {
    await setup(fx.portal)
    const b = new TestBrowser(fx.portal.app)
    await toDocuments(b)
    const before = await blobs(fx)
    const url = `/apply/${SERVICE}/documents`

    const none = await b.postMultipart(url, {}, [])
    expect(none.statusCode).toBe(400)
    expect(none.body).toContain('class="error-summary"')
    for (const i of requiredIdx) expect(none.body).toContain(`<a href="#doc-${i}">`)
    expect(none.body).toContain('Додайте файл цього документа')

    // One good file and one that only claims to be a PDF: neither is kept.
    const [first, second, ...rest] = required()
    const fake = { ...second!, bytes: Buffer.from('<html><script>alert(1)</script></html>') }
    const bad = await b.postMultipart(url, {}, [first!, fake, ...rest])
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain(`<a href="#${fake.field}">Файл не є PDF, JPEG чи PNG («${fake.filename}»)</a>`)
    expect(bad.body).toContain('Оберіть файли ще раз: їх не збережено.')
    expect(bad.body).not.toContain('<script>alert(1)')

    const empty = await b.postMultipart(url, {}, [{ ...first!, bytes: Buffer.alloc(0) }, second!, ...rest])
    expect(empty.statusCode).toBe(400)
    expect(empty.body).toContain('Файл порожній')

    const huge = Buffer.concat([PDF, Buffer.alloc(20 * 1024 * 1024)])
    const big = await b.postMultipart(url, {}, [{ ...first!, bytes: huge }, second!, ...rest])
    expect(big.statusCode).toBe(400)
    expect(big.body).toContain('Файл більший за 20 МБ')

    for (const [what, token] of [
      ['no token', null],
      ['a made-up token', 'A'.repeat(43)]
    ] as const) {
      const forged = await b.postMultipart(url, {}, required(), token)
      expect(forged.statusCode, what).toBe(403)
      expect(forged.body, what).toContain('Сторінка застаріла')
    }
    // The token must come before the files: one sent after them is not looked at.
    await b.get(url)
    const late = await fx.portal.app.inject({
      method: 'POST',
      url,
      headers: {
        cookie: `${COOKIE.csrf}=${b.cookie(COOKIE.csrf)!.value}; ${COOKIE.draft}=${b.cookie(COOKIE.draft)!.value}`,
        'content-type': 'multipart/form-data; boundary=XX'
      },
      payload: Buffer.concat([
        Buffer.from(`--XX\r\nContent-Disposition: form-data; name="doc-0"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n`),
        PDF,
        Buffer.from(`\r\n--XX\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${b.token()}\r\n--XX--\r\n`)
      ])
    })
    expect(late.statusCode).toBe(403)
    await b.get(url)
    const plain = await b.post(url, { 'doc-0': 'x' })
    expect(plain.statusCode).toBe(415)
    await b.get(url)
    const stray = await b.postMultipart(url, {}, [...required(), { field: 'doc-99', filename: 'x.pdf', bytes: PDF }])
    expect(stray.statusCode).toBe(400)

    expect(await blobs(fx)).toBe(before)
    await b.get(url)
    expect((await b.get(`/apply/${SERVICE}/check`)).headers.location).toBe(`/apply/${SERVICE}/documents`)
  })

  it('accepted documents: stored by hash, named after the card, kept in the draft, listed on check; the clerk’s workstation fetches them', async () => {
    const { ws } = await setup(fx.portal)
    const b = new TestBrowser(fx.portal.app)
    await toDocuments(b)
    const files = required()
    files[0] = { ...files[0]!, bytes: PNG, filename: 'photo.png', type: 'image/png' }
    const ok = await b.postMultipart(`/apply/${SERVICE}/documents`, {}, files)
    expect(ok.statusCode, ok.body.slice(0, 600)).toBe(303)
    expect(ok.headers.location).toBe(`/apply/${SERVICE}/check`)
    expect(await blobs(fx)).toBe(2) // the PNG and the one PDF used for the rest, content addressed
    const check = await b.follow(ok)
    expect(check.body).toContain(`href="/apply/${SERVICE}/documents?change=1#doc-${requiredIdx[0]}"`)
    expect(check.body).toContain('<dd>додано</dd>')

    // Going back shows the document as uploaded; posting nothing new keeps it.
    const again = await b.get(`/apply/${SERVICE}/documents`)
    expect(again.body).toContain('Завантажено. Щоб замінити, оберіть інший файл.')
    const keep = await b.postMultipart(`/apply/${SERVICE}/documents`, {}, [{ field: 'doc-0', filename: '', bytes: Buffer.alloc(0) }])
    expect(keep.statusCode).toBe(303)

    await b.get(`/apply/${SERVICE}/check`)
    const sent = await b.post(`/apply/${SERVICE}/submit`, {})
    expect(sent.statusCode).toBe(303)
    const rows = await fx.db.query<{ record: { attachments: { sha256: string; name: string; mediaType: string }[] } }>(
      'SELECT record FROM applications'
    )
    const attachments = rows[0]!.record.attachments
    expect(attachments).toHaveLength(requiredIdx.length)
    expect(attachments[0]).toMatchObject({ name: `${card.documents[requiredIdx[0]!]!.name_uk}.png`, mediaType: 'image/png' })
    expect(attachments[1]?.mediaType).toBe('application/pdf')
    // As the API's attachments: the workstation of the centre pulls the record and fetches the bytes.
    const blob = await send(fx.portal.app, 'GET', `/sync/blobs/${attachments[0]!.sha256}`, { token: ws.token })
    expect(blob.statusCode).toBe(200)
    expect(blob.rawPayload.equals(PNG)).toBe(true)
    const pulled = await send(fx.portal.app, 'GET', '/sync/pull', { token: ws.token })
    expect(pulled.body).toContain(attachments[0]!.sha256)
  })

  it('corrected documents with the answer: the stranger and a forged post store nothing, bad files are refused whole, the owner’s reach the clerk', async () => {
    const { ws } = await setup(fx.portal)
    const a = await submit(fx.portal)
    const pushed = await pushSigned(fx.portal, ws, [
      command(1, 'claim', a.id, {}),
      command(
        2,
        'request_correction',
        a.id,
        { items: [{ field: 'address', remark: 'Додайте довідку' }], general: '', answerBy: '2026-12-20' },
        { v: 2 }
      )
    ])
    expect(pushed.results.map((r) => r.outcome)).toEqual(['applied', 'applied'])
    const url = `/status/${a.orderNumber}/answer`
    const before = await blobs(fx)
    const status = async (): Promise<string> =>
      (await fx.db.query<{ status: string }>('SELECT status FROM applications WHERE id = $1', [a.id]))[0]!.status
    const file = (bytes: Buffer, filename = 'довідка.pdf'): MultipartFile => ({ field: 'files', filename, bytes })

    // The stranger: the number and a form token of their own, no code.
    const stranger = new TestBrowser(fx.portal.app, '198.51.100.66')
    await stranger.get(`/status/${a.orderNumber}`)
    const theirs = await stranger.postMultipart(url, { answer: 'Я не заявник' }, [file(PDF)])
    expect(theirs.statusCode).toBe(404)
    expect(theirs.body).not.toContain('Додайте довідку')
    expect(await blobs(fx)).toBe(before)

    const owner = new TestBrowser(fx.portal.app)
    await owner.get(`/status/${a.orderNumber}?code=${a.accessCode}`)
    const page = await owner.get(`/status/${a.orderNumber}`)
    expect(page.body).toContain('enctype="multipart/form-data"')
    expect(page.body).toContain('name="files"')

    const forged = await owner.postMultipart(url, { answer: 'так' }, [file(PDF)], null)
    expect(forged.statusCode).toBe(403)
    await owner.get(`/status/${a.orderNumber}`)
    const bad = await owner.postMultipart(url, { answer: 'Додаю довідку' }, [
      file(PNG, 'фото.png'),
      file(Buffer.from('MZ\x90\x00 not a scan'), 'virus.pdf')
    ])
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain('<a href="#files">Файл не є PDF, JPEG чи PNG («virus.pdf»)</a>')
    expect(bad.body).toContain('Додаю довідку')
    const tooMany = await owner.postMultipart(
      url,
      { answer: 'так' },
      Array.from({ length: 6 }, () => file(PDF))
    )
    expect(tooMany.statusCode).toBe(400)
    expect(tooMany.body).toContain('Забагато файлів в одній формі')
    const emptyText = await owner.postMultipart(url, { answer: ' ' }, [file(PDF)])
    expect(emptyText.statusCode).toBe(400)
    expect(emptyText.body).toContain('<a href="#answer">')
    expect(await blobs(fx)).toBe(before)
    expect(await status()).toBe('needs_correction')

    await owner.get(`/status/${a.orderNumber}`)
    const sent = await owner.postMultipart(url, { answer: 'Додаю довідку з місця проживання' }, [file(PNG, 'C:\\fakepath\\дов:ідка?.png')])
    expect(sent.statusCode, sent.body.slice(0, 600)).toBe(303)
    expect(await status()).toBe('in_review')
    expect(await blobs(fx)).toBe(before + 1)
    // The timeline keeps the request for corrections after it is answered, before the answer.
    const timeline = /<ol class="timeline">([\s\S]*?)<\/ol>/.exec((await owner.get(`/status/${a.orderNumber}`)).body)?.[1] ?? ''
    expect(timeline.indexOf('Запитано виправлення')).toBeGreaterThan(-1)
    expect(timeline.indexOf('Запитано виправлення')).toBeLessThan(timeline.indexOf('Ви відповіли'))
    const rec = (
      await fx.db.query<{ record: { attachments: { name: string; sha256: string }[] } }>('SELECT record FROM applications WHERE id = $1', [
        a.id
      ])
    )[0]!.record
    const added = rec.attachments.at(-1)!
    expect(added.name).toBe('дов_ідка_.png') // the browser's path dropped, what a disk refuses replaced
    const event = await fx.db.query<{ data: Record<string, unknown> }>(
      `SELECT event -> 'data' AS data FROM application_events WHERE application_id = $1 AND event ->> 'kind' = 'answered'`,
      [a.id]
    )
    expect(event[0]?.data).toMatchObject({
      answer: 'Додаю довідку з місця проживання',
      attachments: [{ sha256: added.sha256, name: added.name }]
    })
    const blob = await send(fx.portal.app, 'GET', `/sync/blobs/${added.sha256}`, { token: ws.token })
    expect(blob.statusCode).toBe(200)
    expect(await apps(fx)).toBe(1)
  })
})
