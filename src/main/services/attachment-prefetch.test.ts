import { afterEach, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openDatabase, closeDatabase } from '../db/connection'
import { upsertApplication } from '../db/applications-repository'
import { loadCatalogueFile, seedCatalogue } from '../db/catalogue-repository'
import { sampleRecord } from '../sync/testing/fixtures'
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
  const db = openDatabase(join(dir, 'w.sqlite'))
  seedCatalogue(db, loadCatalogueFile(join(__dirname, '../../../resources/catalog/services.json')))
  const attachments = files.map((f, i) => ({ sha256: sha256Hex(f), name: `скан-${i}.pdf`, mediaType: 'application/pdf' as const }))
  upsertApplication(db, sampleRecord('a1', { attachments }))
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
  const prefetcher = new AttachmentPrefetcher({ db, store, engine, log: { warn: () => {} } })
  return { db, store, engine, calls, prefetcher, attachments, close: () => closeDatabase(db) }
}

describe('AttachmentPrefetcher', () => {
  it('caches every attachment of synced applications, once', async () => {
    const s = setup([pdf('паспорт'), pdf('заява')])
    s.prefetcher.enqueue(['a1'])
    await s.prefetcher.idle()
    for (const a of s.attachments) expect((await s.store.get(a.sha256))?.mediaType).toBe('application/pdf')
    s.prefetcher.enqueue(['a1'])
    await s.prefetcher.idle()
    expect(s.calls).toHaveLength(2)
    s.close()
  })

  it('stops while the portal is unreachable and resumes on the next changes', async () => {
    const s = setup([pdf('довідка')])
    s.engine.offline = true
    s.prefetcher.enqueue(['a1'])
    await s.prefetcher.idle()
    expect(await s.store.get(s.attachments[0]!.sha256)).toBeNull()
    s.engine.offline = false
    s.prefetcher.enqueue([])
    s.prefetcher.enqueue(['a1'])
    await s.prefetcher.idle()
    expect(await s.store.get(s.attachments[0]!.sha256)).not.toBeNull()
    s.close()
  })
})
