import type { FastifyInstance, LightMyRequestResponse } from 'fastify'

/*
 * A tiny browser for the citizens' pages over `inject`: it keeps cookies (by name and path, sending
 * those whose path covers the URL), reads the CSRF token from the last page, and posts forms. Enough
 * to walk the pages as a person without JavaScript would.
 */

export interface MultipartFile {
  field: string
  filename: string
  bytes: Uint8Array
  type?: string
}

interface Cookie {
  name: string
  value: string
  path: string
}

export class TestBrowser {
  private cookies: Cookie[] = []
  lastPage = ''

  constructor(
    private readonly app: FastifyInstance,
    readonly remoteAddress = '203.0.113.50'
  ) {}

  private cookieHeader(url: string): string {
    const path = url.split('?')[0] ?? '/'
    return this.cookies
      .filter((c) => path === c.path || path.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`) || c.path === '/')
      .sort((a, b) => b.path.length - a.path.length)
      .map((c) => `${c.name}=${c.value}`)
      .join('; ')
  }

  private keep(res: LightMyRequestResponse): void {
    const raw = res.headers['set-cookie']
    const list = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw]
    for (const line of list) {
      const [pair = '', ...attrs] = line.split(';').map((s) => s.trim())
      const eq = pair.indexOf('=')
      const name = pair.slice(0, eq)
      const value = pair.slice(eq + 1)
      const path = attrs.find((a) => a.startsWith('Path='))?.slice(5) ?? '/'
      const gone = attrs.some((a) => a === 'Max-Age=0')
      this.cookies = this.cookies.filter((c) => !(c.name === name && c.path === path))
      if (!gone) this.cookies.push({ name, value, path })
    }
  }

  cookie(name: string, path?: string): Cookie | undefined {
    return this.cookies.find((c) => c.name === name && (path === undefined || c.path === path))
  }

  setCookie(c: Cookie): void {
    this.cookies = this.cookies.filter((x) => !(x.name === c.name && x.path === c.path))
    this.cookies.push(c)
  }

  async get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const res = await this.app.inject({
      method: 'GET',
      url,
      headers: { cookie: this.cookieHeader(url), ...headers },
      remoteAddress: this.remoteAddress
    })
    this.keep(res)
    if (String(res.headers['content-type']).startsWith('text/html')) this.lastPage = res.body
    return res
  }

  /** The CSRF token of the last page seen. */
  token(): string {
    const m = /name="_csrf" value="([^"]+)"/.exec(this.lastPage)
    if (!m?.[1]) throw new Error('no form token on the last page')
    return m[1]
  }

  /** Posts a form; `_csrf` is the last page's token unless `fields` gives one (or null: none). */
  async post(url: string, fields: Record<string, string>, csrf: string | null = this.token()): Promise<LightMyRequestResponse> {
    const body = new URLSearchParams(csrf === null ? fields : { _csrf: csrf, ...fields }).toString()
    const res = await this.app.inject({
      method: 'POST',
      url,
      headers: { cookie: this.cookieHeader(url), 'content-type': 'application/x-www-form-urlencoded' },
      payload: body,
      remoteAddress: this.remoteAddress
    })
    this.keep(res)
    if (String(res.headers['content-type']).startsWith('text/html')) this.lastPage = res.body
    return res
  }

  /**
   * Posts a multipart form as a browser does (`enctype="multipart/form-data"`): `_csrf` first (unless
   * `csrf` is null), then the fields, then the files. A file with an empty name and no bytes is an
   * input nobody chose a file for.
   */
  async postMultipart(
    url: string,
    fields: Record<string, string>,
    files: readonly MultipartFile[],
    csrf: string | null = this.token()
  ): Promise<LightMyRequestResponse> {
    const boundary = `----vikno${Math.random().toString(16).slice(2)}`
    const chunks: Buffer[] = []
    const all = csrf === null ? fields : { _csrf: csrf, ...fields }
    for (const [k, v] of Object.entries(all))
      chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`))
    for (const f of files) {
      chunks.push(
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${f.field}"; filename="${f.filename}"\r\nContent-Type: ${f.type ?? 'application/octet-stream'}\r\n\r\n`
        ),
        Buffer.from(f.bytes),
        Buffer.from('\r\n')
      )
    }
    chunks.push(Buffer.from(`--${boundary}--\r\n`))
    const res = await this.app.inject({
      method: 'POST',
      url,
      headers: { cookie: this.cookieHeader(url), 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: Buffer.concat(chunks),
      remoteAddress: this.remoteAddress
    })
    this.keep(res)
    if (String(res.headers['content-type']).startsWith('text/html')) this.lastPage = res.body
    return res
  }

  /** Follows one 303 with a GET. */
  async follow(res: LightMyRequestResponse): Promise<LightMyRequestResponse> {
    if (res.statusCode !== 303) throw new Error(`expected 303, got ${res.statusCode}: ${res.body.slice(0, 300)}`)
    return this.get(String(res.headers.location))
  }
}
