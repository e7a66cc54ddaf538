import { afterEach, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { TransportError } from '../sync/transport'
import { AttachmentStore, sha256Hex } from './attachment-handlers'
import { AttachmentPrefetcher } from './attachment-prefetch'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

const pdf = (text: string) => Buffer.from(`%PDF-1.4\n% ${text}\n%%EOF\n`)

function setup(files: Buffer[]) {
  const dir = mkdtempSync(join(tmpdir(), 'vikno-prefetch-'))
  dirs.push(dir)
  const hashes = files.map((f) => sha256Hex(f))
  const store = new AttachmentStore(dir)
  const byHash = new Map(files.map((f) => [sha256Hex(f), f]))
  const calls: string[] = []
  const engine = {
    offline: false,
    async fetchBlob(sha: string): Promise<Uint8Array | null> {
      calls.push(sha)
      if (this.offline) throw new TransportError('offline', 'offline')
      return byHash.get(sha) ?? null
    }
  }
  const warnings: string[] = []
  const prefetcher = new AttachmentPrefetcher({ store, engine, log: { warn: (message) => warnings.push(message) } })
  return { store, engine, calls, prefetcher, hashes, warnings }
}

describe('AttachmentPrefetcher', () => {
  it('caches every attachment it is handed, once', async () => {
    const s = setup([pdf('паспорт'), pdf('заява')])
    s.prefetcher.want(s.hashes)
    await s.prefetcher.idle()
    for (const sha256 of s.hashes) expect((await s.store.get(sha256))?.mediaType).toBe('application/pdf')
    s.prefetcher.want(s.hashes)
    await s.prefetcher.idle()
    expect(s.calls).toHaveLength(2)
  })

  it('stops while the portal is unreachable and resumes on the next changes', async () => {
    const s = setup([pdf('довідка')])
    s.engine.offline = true
    s.prefetcher.want(s.hashes)
    await s.prefetcher.idle()
    expect(await s.store.get(s.hashes[0]!)).toBeNull()
    s.engine.offline = false
    s.prefetcher.want([])
    s.prefetcher.want(s.hashes)
    await s.prefetcher.idle()
    expect(await s.store.get(s.hashes[0]!)).not.toBeNull()
  })

  it('keeps nothing the portal sends under a hash it does not match', async () => {
    const s = setup([pdf('чужий')])
    const wrong = 'f'.repeat(64)
    s.engine.fetchBlob = async (sha: string) => {
      s.calls.push(sha)
      return pdf('інший вміст')
    }
    s.prefetcher.want([wrong])
    await s.prefetcher.idle()
    expect(await s.store.get(wrong)).toBeNull()
    expect(s.warnings).toHaveLength(1)
  })
})
