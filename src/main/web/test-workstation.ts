import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { request as httpRequest, type Agent, type IncomingMessage } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createWorkstation, type Workstation } from '../workstation'
import type { Logger } from '../log'

const CATALOG = join(__dirname, '../../../resources/catalog/services.json')

export interface ShellTestBed {
  workstation: Workstation
  /** A renderer folder holding only an index.html: enough for tests of the HTTP side. */
  rendererDir: string
  /** Closes the workstation and removes the temp folder. */
  dispose(): Promise<void>
}

/** Tests only: a standalone workstation with a few demo applications, in a temp folder, for the web shell's tests. */
export async function shellTestBed(name: string, log: Logger): Promise<ShellTestBed> {
  const dir = mkdtempSync(join(tmpdir(), `vikno-${name}-`))
  const rendererDir = join(dir, 'renderer')
  mkdirSync(rendererDir)
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html>')
  const workstation = await createWorkstation({
    dataDir: join(dir, 'data'),
    shell: 'web',
    appVersion: '0.0.0-test',
    catalogPath: CATALOG,
    log,
    standaloneDemo: { count: 5, seed: 1 }
  })
  return {
    workstation,
    rendererDir,
    async dispose() {
      await workstation.close()
      rmSync(dir, { recursive: true, force: true })
    }
  }
}

export interface RpcAnswer {
  status: number
  headers: IncomingMessage['headers']
  body: string
}

/** Tests only: POST /rpc/<method> to a web shell on 127.0.0.1 with its token, the body as given (it may be malformed on purpose). */
export function postRpc(port: number, token: string, method: string, body: string, agent?: Agent): Promise<RpcAnswer> {
  return new Promise((resolve, reject) => {
    const r = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: `/rpc/${method}`,
        agent,
        headers: { 'x-vikno-token': token, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }))
      }
    )
    r.on('error', reject)
    r.end(body)
  })
}
