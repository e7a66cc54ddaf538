import { demoPdf } from '../../demo-files'
import { type Hostile, MULTIPART, multipartBody, SQL, webSession } from './corpus-kit'

/*
 * The citizens' pages' form posts (issue 16): the apply flow's pages, its documents (multipart), the
 * answer with corrected documents. Without the CSRF cookie and its token, with it but markup in every
 * field, bad bytes, too many files or fields, wrong content types. A page answers with the error on
 * the page (`html`); what is refused before any page is made answers in the API's JSON.
 */

const DOCS = '/apply/residence-registration/documents'
const APPLICANT = '/apply/residence-registration/applicant'
const answer = (c: { orderNumber: string }): string => `/status/${c.orderNumber}/answer`
const PDF = demoPdf(['hostile'])
const MARKUP = '<script>alert(1)</script><img src=x onerror=alert(2)>'

export const CITIZEN_PAGES: Hostile[] = [
  // ── missing or forged CSRF token ───────────────────────────────────────
  {
    name: 'pages: documents without the form token',
    method: 'POST',
    url: DOCS,
    headers: webSession,
    raw: () => multipartBody({}, [{ field: 'doc-0', filename: 'a.pdf', bytes: PDF }]),
    type: MULTIPART,
    status: 403,
    html: true
  },
  {
    name: 'pages: documents with a token but without its cookie',
    method: 'POST',
    url: DOCS,
    raw: (c) => multipartBody({ _csrf: c.web.token }, [{ field: 'doc-0', filename: 'a.pdf', bytes: PDF }]),
    type: MULTIPART,
    status: 403,
    html: true
  },
  {
    // Without the code nothing of the body is read: the same 404 page as a wrong code.
    name: 'pages: answer with documents, without the code or the form token',
    method: 'POST',
    url: answer,
    headers: webSession,
    raw: () => multipartBody({ answer: 'так' }, [{ field: 'files', filename: 'a.pdf', bytes: PDF }]),
    type: MULTIPART,
    status: 404,
    html: true
  },
  {
    name: 'pages: applicant page without the form token',
    method: 'POST',
    url: APPLICANT,
    raw: () => 'surname=Bobby&givenName=Tables&birthDate=01.01.1990',
    type: 'application/x-www-form-urlencoded',
    status: 403,
    html: true
  },
  // ── with the token: markup, SQL and bad bytes ──────────────────────────
  {
    name: 'pages: markup in every applicant field',
    method: 'POST',
    url: APPLICANT,
    headers: webSession,
    raw: (c) =>
      new URLSearchParams({
        _csrf: c.web.token,
        surname: MARKUP,
        givenName: MARKUP,
        patronymic: MARKUP,
        rnokpp: MARKUP,
        birthDate: MARKUP
      }).toString(),
    type: 'application/x-www-form-urlencoded',
    status: 400,
    html: true
  },
  {
    name: 'pages: SQL in every applicant field',
    method: 'POST',
    url: APPLICANT,
    headers: webSession,
    raw: (c) =>
      new URLSearchParams({ _csrf: c.web.token, surname: SQL[0]!, givenName: SQL[1]!, rnokpp: SQL[2]!, birthDate: SQL[3]! }).toString(),
    type: 'application/x-www-form-urlencoded',
    status: 400,
    html: true
  },
  {
    name: 'pages: a document that is HTML named .pdf, markup in its name',
    method: 'POST',
    url: DOCS,
    headers: webSession,
    raw: (c) => multipartBody({ _csrf: c.web.token }, [{ field: 'doc-0', filename: `${MARKUP}.pdf`, bytes: Buffer.from(MARKUP) }]),
    type: MULTIPART,
    status: 400,
    html: true
  },
  {
    name: 'pages: an empty document',
    method: 'POST',
    url: DOCS,
    headers: webSession,
    raw: (c) => multipartBody({ _csrf: c.web.token }, [{ field: 'doc-0', filename: 'empty.pdf', bytes: Buffer.alloc(0) }]),
    type: MULTIPART,
    status: 400,
    html: true
  },
  {
    name: 'pages: answer with a document, by a stranger without the code',
    method: 'POST',
    url: answer,
    headers: webSession,
    raw: (c) => multipartBody({ _csrf: c.web.token, answer: MARKUP }, [{ field: 'files', filename: 'a.pdf', bytes: PDF }]),
    type: MULTIPART,
    status: 404,
    html: true
  },
  // ── refused before any page: sizes, counts, content types ──────────────
  {
    name: 'pages: a 30,000-character field in a multipart form',
    method: 'POST',
    url: DOCS,
    headers: webSession,
    raw: (c) => multipartBody({ _csrf: c.web.token, returnTo: 'я'.repeat(30_000) }),
    type: MULTIPART,
    status: 400,
    code: 'invalid_input'
  },
  {
    name: 'pages: 13 files in one form',
    method: 'POST',
    url: DOCS,
    headers: webSession,
    raw: (c) =>
      multipartBody(
        { _csrf: c.web.token },
        Array.from({ length: 13 }, (_v, i) => ({ field: `doc-${i}`, filename: 'a.pdf', bytes: PDF }))
      ),
    type: MULTIPART,
    status: 413,
    code: 'payload_too_large'
  },
  {
    name: 'pages: 40 fields in one multipart form',
    method: 'POST',
    url: DOCS,
    headers: webSession,
    raw: (c) => multipartBody(Object.fromEntries([['_csrf', c.web.token], ...Array.from({ length: 40 }, (_v, i) => [`f${i}`, 'x'])])),
    type: MULTIPART,
    status: 413,
    code: 'payload_too_large'
  },
  {
    name: 'pages: the same field twice in a multipart form',
    method: 'POST',
    url: DOCS,
    headers: webSession,
    raw: (c) =>
      Buffer.concat([
        Buffer.from(`--VIKNO\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${c.web.token}\r\n`),
        multipartBody({ _csrf: c.web.token })
      ]),
    type: MULTIPART,
    status: 400,
    code: 'invalid_input'
  },
  {
    name: 'pages: documents as a plain form',
    method: 'POST',
    url: DOCS,
    headers: webSession,
    raw: (c) => `_csrf=${c.web.token}&doc-0=JVBERi0`,
    type: 'application/x-www-form-urlencoded',
    status: 415,
    code: 'unsupported_media_type'
  },
  {
    name: 'pages: documents as JSON',
    method: 'POST',
    url: DOCS,
    headers: webSession,
    json: (c) => ({ _csrf: c.web.token, 'doc-0': 'JVBERi0' }),
    status: 415,
    code: 'unsupported_media_type'
  },
  {
    name: 'pages: answer as JSON',
    method: 'POST',
    url: answer,
    headers: webSession,
    json: (c) => ({ _csrf: c.web.token, answer: 'так' }),
    status: 415,
    code: 'unsupported_media_type'
  },
  {
    name: 'pages: answer as text/plain',
    method: 'POST',
    url: answer,
    headers: webSession,
    raw: (c) => `_csrf=${c.web.token}&answer=так`,
    type: 'text/plain',
    status: 415
  }
]
