import { join } from 'node:path'
import { create as createQr } from 'qrcode'
import { describe, expect, it } from 'vitest'
import { loadCatalogueFile } from '../main/db/catalogue-repository'
import { DEFAULT_CALENDAR } from '../shared/domain/calendar'
import { PAPERS_FOR, PRINT_DOCUMENTS, type PrintPaper } from '../shared/print-contract'
import { DomainError } from '../shared/result'
import { loadPrintFonts } from './fonts'
import type { DocumentData } from './model'
import { matrixFromPath } from './qr'
import { renderDocument } from './render-html'
import { TEST_MARK_TEXT } from './templates/layout'
import { HOSTILE_NAME, SAMPLE_CENTRE, SAMPLE_CLERK, SAMPLE_NOW, sampleDocuments, sampleRecords, statusUrl } from './samples'

const ROOT = join(__dirname, '../..')
const services = loadCatalogueFile(join(ROOT, 'resources/catalog/services.json'))
const fonts = loadPrintFonts(join(ROOT, 'resources/fonts'))
const COMMAND = '0195f3a2-7c41-7b2e-9d3a-5e1f0c2b8a61'
const PROVISIONAL = `ПОПЕРЕДНІЙ ДОКУМЕНТ — рішення ще не підтверджено порталом (команда ${COMMAND})`

function render(data: DocumentData, opts: { paper?: PrintPaper; copy?: boolean; provisional?: string | null } = {}) {
  return renderDocument({
    data,
    paper: opts.paper ?? 'A4',
    centre: SAMPLE_CENTRE,
    printedBy: SAMPLE_CLERK,
    printedAt: SAMPLE_NOW,
    timeZone: DEFAULT_CALENDAR.timeZone,
    copy: opts.copy ?? false,
    provisionalCommandId: opts.provisional ?? null,
    fonts
  })
}

/** One sample per document kind (the first one found) and every paper it supports. */
const cases = PRINT_DOCUMENTS.flatMap((document) => {
  const sample = sampleDocuments(services).find((d) => d.data.document === document)
  if (!sample) throw new Error(`no sample for ${document}`)
  return PAPERS_FOR[document].map((paper) => ({ document, paper, data: sample.data }))
})

/** The visible text of the body, for assertions that must not match the CSS. */
const bodyOf = (html: string): string => html.slice(html.indexOf('<body>'))

describe('renderDocument: every template', () => {
  it('has a sample for every document the contract knows', () => {
    expect(new Set(cases.map((c) => c.document))).toEqual(new Set(PRINT_DOCUMENTS))
  })

  it.each(cases)('$document on $paper: a complete, closed HTML document with its fonts embedded', ({ data, paper }) => {
    const { html, title } = render(data, { paper })
    expect(html.startsWith('<!DOCTYPE html><html lang="uk">')).toBe(true)
    expect(html).toContain('<meta charSet="utf-8"/>')
    expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src &#x27;none&#x27;;/)
    expect(html).toContain(`<title>${title.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</title>`)
    expect(html).toContain('src:url(data:font/woff2;base64,')
    // Nothing outside the document can be fetched: every url( is a data: URL.
    expect(html.match(/url\((?!data:)/g)).toBeNull()
    expect(html).not.toMatch(/<script|<iframe|<object|<embed|<link /i)
    expect(html).toMatch(
      paper === '80mm' ? /<meta name="vikno-paper" content="80mm"/ : /<meta name="vikno-paper" content="A4-(portrait|landscape)"/
    )
  })

  it.each(cases)('$document on $paper: no marks on an original', ({ data, paper }) => {
    const { html } = render(data, { paper })
    expect(html).not.toContain('data-mark="copy"')
    expect(html).not.toContain('КОПІЯ')
    expect(html).not.toContain('ПОПЕРЕДНІЙ ДОКУМЕНТ')
  })

  it.each(cases)('$document on $paper: a reprint says КОПІЯ on the first sheet and on every page', ({ data, paper }) => {
    const { html } = render(data, { paper, copy: true })
    expect(bodyOf(html)).toContain('<div class="copy-mark" data-mark="copy">КОПІЯ</div>')
    if (paper === 'A4') expect(html).toContain('@top-right{content:"КОПІЯ"')
  })

  it.each(cases.filter((c) => ['receipt', 'correction_notice', 'refusal_letter', 'result_ready_notice'].includes(c.document)))(
    '$document on $paper: an unconfirmed decision is marked provisional with its command id',
    ({ data, paper }) => {
      const { html } = render(data, { paper, provisional: COMMAND })
      expect(bodyOf(html)).toContain(`<div class="provisional" data-mark="provisional">${PROVISIONAL}</div>`)
      if (paper === 'A4') expect(html).toContain(`@bottom-left{content:"${PROVISIONAL}" "\\A "`)
    }
  )

  it.each(cases.filter((c) => ['receipt', 'correction_notice', 'refusal_letter', 'result_ready_notice'].includes(c.document)))(
    '$document on $paper: a test application (issue 17) is marked «ТЕСТ»; a real one is not',
    ({ data, paper }) => {
      if (!('application' in data)) throw new Error('a document about one application')
      const test = { ...data, application: { ...data.application, isTest: true } } as DocumentData
      expect(bodyOf(render(test, { paper }).html)).toContain(`<div class="provisional" data-mark="test">${TEST_MARK_TEXT}</div>`)
      expect(render(data, { paper }).html).not.toContain('data-mark="test"')
    }
  )

  it('refuses a paper the document has no layout for', () => {
    const s = sampleRecords(services)
    expect(() => render({ document: 'refusal_letter', application: s.refusal, service: null }, { paper: '80mm' })).toThrow(DomainError)
  })

  it('refuses documents the record cannot back', () => {
    const s = sampleRecords(services)
    expect(() => render({ document: 'refusal_letter', application: s.receipt, service: null })).toThrow(/немає рішення про відмову/)
    expect(() => render({ document: 'result_ready_notice', application: s.refusal, service: null, statusUrl: null })).toThrow(
      /ще не готовий/
    )
    expect(() => render({ document: 'correction_notice', application: s.receipt, service: null, answerBy: null, statusUrl: null })).toThrow(
      /доопрацювання/
    )
  })
})

describe('renderDocument: citizen text is data, never markup', () => {
  const s = sampleRecords(services)
  const hostile = {
    document: 'receipt',
    application: s.hostile,
    service: null,
    statusUrl: statusUrl(s.hostile.orderNumber),
    accessCode: null
  } as const

  it.each(['A4', '80mm'] as const)('prints the hostile name as text on %s', (paper) => {
    const { html } = render(hostile, { paper })
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;')
    expect(html).toContain('&lt;script&gt;alert(4)&lt;/script&gt;')
    expect(html).not.toContain(HOSTILE_NAME)
    expect(html).not.toMatch(/<img|<script|<b /i)
  })

  it('keeps the hostile name out of markup in the registers too', () => {
    const { html } = render({ document: 'issue_register', date: '2026-03-02', items: s.issued.map((r) => ({ record: r, service: null })) })
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;')
    expect(html).not.toMatch(/<img/i)
  })

  it('cannot break out of the style element through a mark', () => {
    const { html } = render(hostile, { provisional: '"};</style><script>alert(5)</script>' })
    expect(html).not.toMatch(/<\/style><script>/)
    expect(html.match(/<\/style>/g)).toHaveLength(1)
    expect(html).not.toMatch(/<script/i)
  })
})

describe('renderDocument: receipt', () => {
  const s = sampleRecords(services)
  const url = statusUrl(s.receipt.orderNumber)
  const data = {
    document: 'receipt',
    application: s.receipt,
    service: services.find((x) => x.id === s.receipt.serviceId) ?? null,
    statusUrl: url,
    accessCode: null
  } as const

  it.each(['A4', '80mm'] as const)('on %s: number, applicant, service, documents, due date, delivery, link, clerk', (paper) => {
    const body = bodyOf(render(data, { paper }).html)
    expect(body).toContain('№ 002-000457-4')
    expect(body).toContain('Ґудзь-Пʼятничук Євгенія Олексіївна')
    expect(body).toContain('Реєстрація місця проживання/перебування особи')
    expect(body).toContain('Квитанція про сплату адміністративного збору')
    expect(body).toContain('02.03.2026 до 18:00') // same-day service: by closing time
    expect(body).toContain('особисто в центрі надання адміністративних послуг')
    expect(body).toContain(`data-field="status-url">${url}</div>`)
    expect(body).toContain('Тарас Мар’янчук')
  })

  it.each(['A4', '80mm'] as const)('on %s: the QR code encodes the status URL, module for module', (paper) => {
    const body = bodyOf(render(data, { paper }).html)
    const svg = /<svg[^>]*data-qr="([^"]+)" data-qr-size="(\d+)"[^>]*>.*?<path d="([^"]+)"/.exec(body)
    expect(svg).not.toBeNull()
    const [, payload, size, d] = svg ?? []
    expect(payload).toBe(url)
    const expected = createQr(url, { errorCorrectionLevel: 'M' }).modules
    expect(Number(size)).toBe(expected.size)
    expect(Array.from(matrixFromPath(d ?? '', expected.size).dark)).toEqual(Array.from(expected.data))
  })

  it.each(['A4', '80mm'] as const)('on %s: a fresh access code is printed, and the QR code opens the status page with it', (paper) => {
    const body = bodyOf(render({ ...data, accessCode: 'K7QM-4XPR-9TAW' }, { paper }).html)
    expect(body).toContain('data-field="access-code">K7QM-4XPR-9TAW</div>')
    expect(body).not.toContain('access-code-absent')
    const payload = /data-qr="([^"]+)"/.exec(body)?.[1]
    expect(payload?.replace(/&amp;/g, '&')).toBe(`${url}?code=K7QM-4XPR-9TAW`)
    // The printed address is the plain page: the code is printed once, in its own box.
    expect(body).toContain(`data-field="status-url">${url}</div>`)
  })

  it.each(['A4', '80mm'] as const)('on %s: without a code (a later print) it says where the code went', (paper) => {
    const body = bodyOf(render(data, { paper }).html)
    expect(body).not.toContain('data-field="access-code"')
    expect(body).toContain('data-field="access-code-absent"')
    expect(/data-qr="([^"]+)"/.exec(body)?.[1]).toBe(url)
  })

  it.each(['A4', '80mm'] as const)(
    'on %s: a walk-in receipt has the signature lines; one submitted online says none are needed',
    (paper) => {
      const walkIn = bodyOf(render(data, { paper }).html)
      expect(data.application.channel).toBe('walk_in')
      expect(walkIn).not.toContain('data-field="submitted-online"')
      expect(walkIn).toContain('sign-line')
      const online = bodyOf(render({ ...data, application: { ...data.application, channel: 'portal' } }, { paper }).html)
      expect(online).toContain('data-field="submitted-online"')
      expect(online).toContain('підписи та печатка не потрібні')
      expect(online).not.toContain('М. П.')
      expect(online).not.toContain('sign-line')
      expect(online).not.toMatch(/Прийняв\(ла\)|Адміністратор:/)
    }
  )

  it('prints no QR code and says where to ask when the portal address is unknown', () => {
    const body = bodyOf(render({ ...data, statusUrl: null }).html)
    expect(body).not.toContain('<svg')
    expect(body).toContain('за номером заяви 002-000457-4')
  })
})

describe('renderDocument: notices, slips and registers', () => {
  const s = sampleRecords(services)
  const svc = (id: string) => services.find((x) => x.id === id) ?? null

  it('correction notice: every remark with its field, the general remark, the answer deadline', () => {
    const body = bodyOf(
      render({
        document: 'correction_notice',
        application: s.correction,
        service: svc(s.correction.serviceId),
        answerBy: '2026-04-01',
        statusUrl: null
      }).html
    )
    expect(body).toContain('<td class="literal">По батькові</td><td class="literal">Ґеоргіївна</td>')
    expect(body).toContain('Додайте скан-копію обох сторін свідоцтва')
    expect(body).toContain('IBAN має містити 29 символів')
    expect(body).toContain('повторно приходити до центру не потрібно')
    expect(body).toContain('до 01.04.2026')
  })

  it('refusal letter: the ground from the card, its basis, the explanation, how to appeal', () => {
    const body = bodyOf(render({ document: 'refusal_letter', application: s.refusal, service: svc(s.refusal.serviceId) }).html)
    expect(body).toContain('data-field="ground">Дані надано не в повному обсязі</td>')
    expect(body).toContain(
      'перелік підстав для відмови інформаційної картки адміністративної послуги «Призначення допомоги малозабезпеченим сім'
    )
    expect(body).toContain('декларацію про доходи')
    expect(body).toContain('стаття 20 Закону України «Про адміністративні послуги»')
    expect(body).toContain('Ірина Дем’яненко')
  })

  it('result-ready notice: the result and where to get it', () => {
    const body = bodyOf(
      render({ document: 'result_ready_notice', application: s.ready, service: svc(s.ready.serviceId), statusUrl: null }).html
    )
    expect(body).toContain('результат готовий')
    expect(body).toContain(SAMPLE_CENTRE.address ?? '')
  })

  it('routing slip: the body addressed, one register row per application, totals, two signatures', () => {
    const items = s.forwarded.map((r) => ({ record: r, service: svc(r.serviceId) }))
    const body = bodyOf(render({ document: 'routing_slip', items, body: 'Управління земельних ресурсів' }).html)
    expect(body).toContain('Управління земельних ресурсів')
    for (const r of s.forwarded) expect(body).toContain(r.orderNumber)
    expect(body).toContain('Усього заяв: <span class="b">6</span>')
    expect(body).toContain('Передав(ла)')
    expect(body).toContain('Прийняв(ла)')
  })

  it('daily register: chronological, with a signature column, and says so when the day was empty', () => {
    const items = [s.hostile, s.receipt].map((r) => ({ record: r, service: null, registeredBy: 'Олена Коваль' }))
    const body = bodyOf(render({ document: 'daily_register', date: '2026-03-02', items }).html)
    expect(body.indexOf(s.receipt.orderNumber)).toBeLessThan(body.indexOf(s.hostile.orderNumber))
    expect(body).toContain('Підпис суб’єкта звернення')
    expect(bodyOf(render({ document: 'daily_register', date: '2026-03-02', items: [] }).html)).toContain(
      'За цей день заяв не зареєстровано'
    )
  })

  it('issue register: recipient, their document, who issued, a signature column', () => {
    const body = bodyOf(
      render({ document: 'issue_register', date: '2026-03-02', items: s.issued.map((r) => ({ record: r, service: null })) }).html
    )
    expect(body).toContain('Дорошенко Ганна Ївгенівна (за довіреністю)')
    expect(body).toContain('довіреність ННЕ 123456 від 01.02.2026')
    expect(body).toContain('Підпис отримувача')
  })

  it('registers are landscape A4, letters portrait', () => {
    expect(render({ document: 'daily_register', date: '2026-03-02', items: [] }).html).toContain(
      '@page{size:A4 landscape;margin:20mm 10mm 20mm 30mm}'
    )
    expect(render({ document: 'refusal_letter', application: s.refusal, service: null }).html).toContain(
      '@page{size:A4 portrait;margin:20mm 10mm 20mm 30mm}'
    )
  })

  it('embeds the latin-ext faces only for text that needs them', () => {
    const plain = render({ document: 'refusal_letter', application: s.refusal, service: null }).html
    const foreign = render({
      document: 'refusal_letter',
      application: { ...s.refusal, applicant: { ...s.refusal.applicant, surname: 'Łukaszewicz' } },
      service: null
    }).html
    const faces = (html: string) => (html.match(/@font-face/g) ?? []).length
    expect(faces(foreign)).toBe(faces(plain) + 4)
    expect(faces(plain)).toBe(8)
  })
})
