import { createHash, randomBytes } from 'node:crypto'
import { chmod, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { SyncEngine } from '../sync/sync-engine'
import { TransportError } from '../sync/transport'
import { MAX_ATTACHMENT_BYTES, type AttachmentMediaType, type Contract, type MethodOutput } from '../../shared/contract'
import type { ClerkSession } from '../../shared/session'
import { DomainError } from '../../shared/result'
import { requireClerk } from './handler-deps'
import type { z } from 'zod'

/*
 * The local attachment cache: scans live on the workstation's disk as files named by their SHA-256
 * (content addressed, as on the portal), so the review screen opens them with the network down and
 * the same scan attached twice is stored once. They hold citizens' personal data (Law 2297-VI): the
 * folder is 0700 and every file 0600, like the database next to it. No table: the name is the key,
 * and the type is read from the bytes each time, so there is nothing that can disagree with the file.
 */

export const ATTACHMENTS_DIR = 'attachments'

const SHA256_RE = /^[0-9a-f]{64}$/

/** The file's real type by its first bytes (magic numbers), or null when it is none of the accepted ones. */
export function sniffMediaType(bytes: Uint8Array): AttachmentMediaType | null {
  const at = (i: number): number => bytes[i] ?? -1
  // %PDF-
  if (at(0) === 0x25 && at(1) === 0x50 && at(2) === 0x44 && at(3) === 0x46 && at(4) === 0x2d) return 'application/pdf'
  // \x89PNG\r\n\x1a\n
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
  if (png.every((b, i) => at(i) === b)) return 'image/png'
  // JPEG SOI followed by the first marker's 0xFF
  if (at(0) === 0xff && at(1) === 0xd8 && at(2) === 0xff) return 'image/jpeg'
  return null
}

export const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex')

const MEGABYTE = 1024 * 1024

export interface StoredAttachment {
  sha256: string
  mediaType: AttachmentMediaType
  size: number
}

/** Content-addressed files under `<dataDir>/attachments`. */
export class AttachmentStore {
  readonly dir: string
  private ready: Promise<void> | null = null

  constructor(dataDir: string) {
    this.dir = join(dataDir, ATTACHMENTS_DIR)
  }

  private ensureDir(): Promise<void> {
    this.ready ??= (async () => {
      await mkdir(this.dir, { recursive: true, mode: 0o700 })
      await chmod(this.dir, 0o700).catch(() => undefined)
    })()
    return this.ready
  }

  private pathOf(sha256: string): string {
    // The hash is checked before it becomes a path: nothing else can reach the file system here.
    if (!SHA256_RE.test(sha256)) throw new DomainError('invalid_input', 'Некоректний ідентифікатор файлу')
    return join(this.dir, sha256)
  }

  /** Validates and stores; the same bytes always give the same name, so a second put is a no-op. */
  async put(bytes: Uint8Array, name = 'файл'): Promise<StoredAttachment> {
    if (bytes.length === 0) throw new DomainError('invalid_input', `Файл «${name}» порожній`)
    if (bytes.length > MAX_ATTACHMENT_BYTES) {
      throw new DomainError(
        'payload_too_large',
        `Файл «${name}» завеликий (${(bytes.length / MEGABYTE).toFixed(1).replace('.', ',')} МБ): можна додавати файли до ${MAX_ATTACHMENT_BYTES / MEGABYTE} МБ`
      )
    }
    const mediaType = sniffMediaType(bytes)
    if (!mediaType) throw new DomainError('invalid_input', `Файл «${name}» не є PDF, JPEG чи PNG (перевірено за вмістом, а не за назвою)`)
    const sha256 = sha256Hex(bytes)
    await this.ensureDir()
    const target = this.pathOf(sha256)
    const existing = await stat(target).catch(() => null)
    if (existing?.isFile() && existing.size === bytes.length) return { sha256, mediaType, size: bytes.length }
    // Write aside and rename: a crash mid-write never leaves a truncated file under a valid hash.
    const temp = `${target}.${randomBytes(6).toString('hex')}.part`
    try {
      await writeFile(temp, bytes, { mode: 0o600, flag: 'wx' })
      await rename(temp, target)
    } catch (e) {
      await rm(temp, { force: true })
      throw e
    }
    return { sha256, mediaType, size: bytes.length }
  }

  /** The bytes, or null when absent. A file whose bytes no longer match its name is dropped, not served. */
  async get(sha256: string): Promise<(StoredAttachment & { bytes: Buffer }) | null> {
    const path = this.pathOf(sha256)
    let bytes: Buffer
    try {
      bytes = await readFile(path)
    } catch {
      return null
    }
    const mediaType = sniffMediaType(bytes)
    if (sha256Hex(bytes) !== sha256 || !mediaType) {
      await rm(path, { force: true })
      return null
    }
    return { sha256, mediaType, size: bytes.length, bytes }
  }
}

export interface AttachmentHandlerDeps {
  dataDir: string
  /** Only `fetchBlob`: a scan missing here comes from the portal when it is reachable. */
  engine: Pick<SyncEngine, 'fetchBlob'>
  session: () => ClerkSession | null
}

type AttachmentMethod = 'attachments.add' | 'attachments.get'
export type AttachmentHandlerMap = {
  [M in AttachmentMethod]: (input: z.output<Contract[M]['input']>) => Promise<MethodOutput<M>>
}

/** attachments.add / attachments.get behind the contract; spread into createHandlers. */
export function createAttachmentHandlers(deps: AttachmentHandlerDeps): AttachmentHandlerMap {
  const store = new AttachmentStore(deps.dataDir)

  const fetchFromPortal = async (sha256: string): Promise<StoredAttachment & { bytes: Buffer }> => {
    let bytes: Uint8Array | null
    try {
      bytes = await deps.engine.fetchBlob(sha256)
    } catch (e) {
      if (e instanceof TransportError && e.kind === 'protocol') {
        throw new DomainError('not_found', 'Портал не має цього файлу (або він не належить заявкам вашого центру)')
      }
      if (e instanceof TransportError && e.kind === 'unauthorized') {
        throw new DomainError('unauthenticated', 'Портал не впізнав робочу станцію; файл отримати не вдалося')
      }
      throw new DomainError(
        'offline',
        'Файлу ще немає на цій робочій станції, а портал зараз недоступний. Спробуйте, коли зв’язок відновиться.'
      )
    }
    if (bytes === null) {
      throw new DomainError('offline', 'Файлу немає на цій робочій станції, а її не під’єднано до порталу, звідки його можна отримати')
    }
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    // Content addressing is also the integrity check: what the network brought must hash to what we asked for.
    if (sha256Hex(buffer) !== sha256)
      throw new DomainError('conflict', 'Портал надіслав пошкоджений файл: його вміст не збігається з відбитком')
    const stored = await store.put(buffer)
    return { ...stored, bytes: buffer }
  }

  return {
    'attachments.add': async ({ name, base64 }) => {
      requireClerk(deps.session, 'працювати з файлами заявок')
      const bytes = Buffer.from(base64, 'base64')
      const stored = await store.put(bytes, name)
      return { sha256: stored.sha256, name, mediaType: stored.mediaType, size: stored.size }
    },
    'attachments.get': async ({ sha256 }) => {
      requireClerk(deps.session, 'працювати з файлами заявок')
      const found = (await store.get(sha256)) ?? (await fetchFromPortal(sha256))
      return { sha256, mediaType: found.mediaType, base64: found.bytes.toString('base64'), size: found.size }
    }
  }
}
