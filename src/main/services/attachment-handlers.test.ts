import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { AttachmentStore, createAttachmentHandlers, sha256Hex, sniffMediaType, type AttachmentHandlerDeps } from './attachment-handlers'
import { createDispatcher, type HandlerMap } from './dispatch'
import { TransportError } from '../sync/transport'
import { MAX_ATTACHMENT_BYTES } from '../../shared/contract'
import type { ClerkSession } from '../../shared/session'
import { DomainError } from '../../shared/result'

const CLERK: ClerkSession = { clerkId: 'clerk-olena', name: 'Олена Коваль', role: 'clerk', centreId: 'khm-cnap' }

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n', 'latin1')
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('IHDR-and-the-rest')])
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('JFIF-and-the-rest')])

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vikno-attachments-'))
})
afterEach(() => {
  rmSync(dir, { recursive: true, force: true })
})

function setup(over: Partial<AttachmentHandlerDeps> = {}) {
  const fetched: string[] = []
  const deps: AttachmentHandlerDeps = {
    dataDir: dir,
    engine: {
      fetchBlob: async (sha) => {
        fetched.push(sha)
        return null
      }
    },
    session: () => CLERK,
    ...over
  }
  return { handlers: createAttachmentHandlers(deps), fetched }
}

async function failure(p: Promise<unknown>): Promise<DomainError> {
  try {
    await p
  } catch (e) {
    if (e instanceof DomainError) return e
    throw e
  }
  throw new Error('expected a DomainError')
}

describe('sniffMediaType (magic bytes)', () => {
  it('knows PDF, PNG and JPEG by their first bytes, whatever the name says', () => {
    expect(sniffMediaType(PDF)).toBe('application/pdf')
    expect(sniffMediaType(PNG)).toBe('image/png')
    expect(sniffMediaType(JPEG)).toBe('image/jpeg')
  })

  it('refuses everything else, including near misses and truncated headers', () => {
    for (const bytes of [
      Buffer.from('GIF89a'),
      Buffer.from('PK\u0003\u0004 a .docx'),
      Buffer.from('MZ executable'),
      Buffer.from('<html>%PDF-'),
      Buffer.from(' %PDF-1.4'),
      Buffer.from('%PDF'),
      Buffer.from([0x89, 0x50, 0x4e, 0x47]),
      Buffer.from([0xff, 0xd8]),
      Buffer.alloc(0)
    ]) {
      expect(sniffMediaType(bytes), bytes.toString('latin1')).toBeNull()
    }
  })
})

describe('attachments.add', () => {
  it('stores a scan content addressed, 0600 in a 0700 folder, and answers the detected type', async () => {
    const { handlers } = setup()
    const out = await handlers['attachments.add']({ name: 'паспорт.pdf', mediaType: 'application/pdf', base64: PDF.toString('base64') })
    expect(out).toEqual({ sha256: sha256Hex(PDF), name: 'паспорт.pdf', mediaType: 'application/pdf', size: PDF.length })
    const file = join(dir, 'attachments', out.sha256)
    expect(existsSync(file)).toBe(true)
    expect(statSync(file).mode & 0o777).toBe(0o600)
    expect(statSync(join(dir, 'attachments')).mode & 0o777).toBe(0o700)
  })

  it('decides the type by content: a PNG sent as "image/jpeg" is stored and reported as PNG', async () => {
    const { handlers } = setup()
    const out = await handlers['attachments.add']({ name: 'скан.jpg', mediaType: 'image/jpeg', base64: PNG.toString('base64') })
    expect(out.mediaType).toBe('image/png')
  })

  it('refuses a file that is not PDF, JPEG or PNG, in Ukrainian, and stores nothing', async () => {
    const { handlers } = setup()
    const e = await failure(
      handlers['attachments.add']({
        name: 'заява.docx',
        mediaType: 'application/pdf',
        base64: Buffer.from('PK\u0003\u0004').toString('base64')
      })
    )
    expect(e.code).toBe('invalid_input')
    expect(e.message).toBe('Файл «заява.docx» не є PDF, JPEG чи PNG (перевірено за вмістом, а не за назвою)')
    expect(existsSync(join(dir, 'attachments')) ? readdirSync(join(dir, 'attachments')) : []).toEqual([])
  })

  it('refuses an empty file', async () => {
    const { handlers } = setup()
    const e = await failure(handlers['attachments.add']({ name: 'a.pdf', mediaType: 'application/pdf', base64: '' }))
    expect(e.message).toBe('Файл «a.pdf» порожній')
  })

  it('takes exactly 20 MB and refuses one byte more', async () => {
    const store = new AttachmentStore(dir)
    const max = Buffer.alloc(MAX_ATTACHMENT_BYTES, 0x20)
    PDF.copy(max, 0)
    await expect(store.put(max, 'max.pdf')).resolves.toMatchObject({ size: MAX_ATTACHMENT_BYTES })
    const over = Buffer.concat([max, Buffer.from([0x20])])
    const e = await failure(store.put(over, 'over.pdf'))
    expect(e.code).toBe('payload_too_large')
    expect(e.message).toBe('Файл «over.pdf» завеликий (20,0 МБ): можна додавати файли до 20 МБ')
  })

  it('the same bytes under another name are one file (content addressing)', async () => {
    const { handlers } = setup()
    const a = await handlers['attachments.add']({ name: 'перший.png', mediaType: 'image/png', base64: PNG.toString('base64') })
    const b = await handlers['attachments.add']({ name: 'другий.png', mediaType: 'image/png', base64: PNG.toString('base64') })
    const c = await handlers['attachments.add']({ name: 'інший.jpg', mediaType: 'image/jpeg', base64: JPEG.toString('base64') })
    expect(a.sha256).toBe(b.sha256)
    expect(c.sha256).not.toBe(a.sha256)
    expect(readdirSync(join(dir, 'attachments')).sort()).toEqual([a.sha256, c.sha256].sort())
  })

  it('needs a signed-in clerk', async () => {
    const { handlers } = setup({ session: () => null })
    const e = await failure(handlers['attachments.add']({ name: 'a.pdf', mediaType: 'application/pdf', base64: PDF.toString('base64') }))
    expect(e.code).toBe('unauthenticated')
  })
})

describe('attachments.get', () => {
  it('round-trips through the local cache without asking the portal', async () => {
    const { handlers, fetched } = setup()
    const added = await handlers['attachments.add']({ name: 'скан.jpg', mediaType: 'image/jpeg', base64: JPEG.toString('base64') })
    const got = await handlers['attachments.get']({ sha256: added.sha256 })
    expect(got).toEqual({ sha256: added.sha256, mediaType: 'image/jpeg', base64: JPEG.toString('base64'), size: JPEG.length })
    expect(fetched).toEqual([])
  })

  it('fetches a missing scan through the sync engine once, then serves it from the cache', async () => {
    const calls: string[] = []
    const { handlers } = setup({
      engine: {
        fetchBlob: async (sha) => {
          calls.push(sha)
          return new Uint8Array(PDF)
        }
      }
    })
    const sha = sha256Hex(PDF)
    expect((await handlers['attachments.get']({ sha256: sha })).base64).toBe(PDF.toString('base64'))
    expect((await handlers['attachments.get']({ sha256: sha })).mediaType).toBe('application/pdf')
    expect(calls).toEqual([sha])
    expect(statSync(join(dir, 'attachments', sha)).mode & 0o777).toBe(0o600)
  })

  it('refuses bytes from the network that do not hash to the name asked for, and caches nothing', async () => {
    const { handlers } = setup({ engine: { fetchBlob: async () => new Uint8Array(PNG) } })
    const sha = sha256Hex(PDF)
    const e = await failure(handlers['attachments.get']({ sha256: sha }))
    expect(e.code).toBe('conflict')
    expect(existsSync(join(dir, 'attachments', sha))).toBe(false)
  })

  it('says so in Ukrainian when the scan is not here and there is no portal, or the portal is down', async () => {
    const sha = sha256Hex(PNG)
    const standalone = await failure(setup().handlers['attachments.get']({ sha256: sha }))
    expect(standalone.code).toBe('offline')
    expect(standalone.message).toMatch(/^Файлу немає на цій робочій станції/)
    const down = setup({
      engine: {
        fetchBlob: async () => {
          throw new TransportError('offline', 'connect ECONNREFUSED')
        }
      }
    })
    const offline = await failure(down.handlers['attachments.get']({ sha256: sha }))
    expect(offline.code).toBe('offline')
    expect(offline.message).toMatch(/портал зараз недоступний/)
    const missing = setup({
      engine: {
        fetchBlob: async () => {
          throw new TransportError('protocol', 'Файл не знайдено')
        }
      }
    })
    expect((await failure(missing.handlers['attachments.get']({ sha256: sha }))).code).toBe('not_found')
  })

  it('drops a cached file whose bytes no longer match its name and fetches it again', async () => {
    const sha = sha256Hex(PDF)
    const { handlers } = setup({ engine: { fetchBlob: async () => new Uint8Array(PDF) } })
    await handlers['attachments.add']({ name: 'a.pdf', mediaType: 'application/pdf', base64: PDF.toString('base64') })
    writeFileSync(join(dir, 'attachments', sha), Buffer.concat([PDF, Buffer.from('tampered')]))
    const got = await handlers['attachments.get']({ sha256: sha })
    expect(Buffer.from(got.base64, 'base64').equals(PDF)).toBe(true)
  })
})

describe('through the contract', () => {
  const dispatchFor = () => {
    const { handlers } = setup()
    const log = { warn: () => undefined, error: () => undefined }
    return createDispatcher(handlers as unknown as HandlerMap, log)
  }

  it('refuses a hash that is not 64 hex digits before it can become a path', async () => {
    const dispatch = dispatchFor()
    for (const sha256 of ['../../workstation.sqlite', 'A'.repeat(64), 'a'.repeat(63)]) {
      const result = await dispatch('attachments.get', { sha256 })
      expect(result.ok, sha256).toBe(false)
      if (!result.ok) expect(result.error.code).toBe('invalid_input')
    }
  })

  it('refuses a body that is not base64, and a file name with control characters', async () => {
    const dispatch = dispatchFor()
    const bad = await dispatch('attachments.add', { name: 'a.pdf', mediaType: 'application/pdf', base64: '%%%not base64' })
    expect(bad.ok).toBe(false)
    const rtl = await dispatch('attachments.add', {
      name: 'фдп.exe\u202e.pdf',
      mediaType: 'application/pdf',
      base64: PDF.toString('base64')
    })
    expect(rtl.ok).toBe(false)
    const ok = await dispatch('attachments.add', { name: 'a.pdf', mediaType: 'application/pdf', base64: PDF.toString('base64') })
    expect(ok.ok).toBe(true)
  })
})
