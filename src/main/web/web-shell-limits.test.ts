/**
 * The web shell's body limit is per method: a scan (attachments.add) may carry up to 20 MB as
 * base64, every other method stays at 1 MB. Over real HTTP against a real workstation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_BODY_LIMITS, startWebShell, type WebShell } from './web-shell'
import { postRpc, shellTestBed, type ShellTestBed } from './test-workstation'
import type { Workstation } from '../workstation'
import type { Logger } from '../log'
import { MAX_ATTACHMENT_BASE64 } from '../../shared/contract'

const TOKEN = 'test-token-limits-0123456789abcdefghij'
const log: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined }

let bed: ShellTestBed
let workstation: Workstation
let shell: WebShell

beforeAll(async () => {
  bed = await shellTestBed('web-limits', log)
  workstation = bed.workstation
  shell = await startWebShell({ workstation, rendererDir: bed.rendererDir, port: 0, log, token: TOKEN })
})

afterAll(async () => {
  await shell?.close()
  await bed?.dispose()
})

async function post(
  method: string,
  body: string
): Promise<{ status: number; json: { ok: boolean; value?: unknown; error?: { code: string } } }> {
  const answer = await postRpc(shell.port, TOKEN, method, body)
  return { status: answer.status, json: JSON.parse(answer.body) as { ok: boolean; value?: unknown; error?: { code: string } } }
}

describe('per-method body limits', () => {
  it('lets a multi-megabyte scan through attachments.add and back out of attachments.get', async () => {
    const bytes = Buffer.alloc(5 * 1024 * 1024, 0x20)
    Buffer.from('%PDF-1.7\n').copy(bytes)
    const added = await post(
      'attachments.add',
      JSON.stringify({ name: 'скан.pdf', mediaType: 'application/pdf', base64: bytes.toString('base64') })
    )
    expect(added.status).toBe(200)
    expect(added.json.ok).toBe(true)
    const { sha256 } = added.json.value as { sha256: string }
    const got = await post('attachments.get', JSON.stringify({ sha256 }))
    expect(got.status).toBe(200)
    expect(Buffer.from((got.json.value as { base64: string }).base64, 'base64').equals(bytes)).toBe(true)
  })

  it('keeps every other method at 1 MB', async () => {
    const reply = await post('application.get', JSON.stringify({ id: 'x'.repeat(2 * 1024 * 1024) }))
    expect(reply.status).toBe(413)
    expect(reply.json.error?.code).toBe('payload_too_large')
  })

  it('caps attachments.add just above a 20 MB file in base64', async () => {
    expect(DEFAULT_BODY_LIMITS['attachments.add']).toBeGreaterThan(MAX_ATTACHMENT_BASE64)
    expect(DEFAULT_BODY_LIMITS['attachments.add']).toBeLessThan(MAX_ATTACHMENT_BASE64 + 100 * 1024)
    const reply = await post(
      'attachments.add',
      JSON.stringify({ name: 'a.pdf', mediaType: 'application/pdf', base64: 'A'.repeat(MAX_ATTACHMENT_BASE64 + 200 * 1024) })
    )
    expect(reply.status).toBe(413)
  })
})
