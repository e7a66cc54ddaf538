import { parentPort } from 'node:worker_threads'
import { DomainError } from '../../shared/result'
import { decodePullPage } from './prepared-page'
import type { DecodeFailure, FromPullDecoder, ToPullDecoder } from './pull-decoder-protocol'
import { TransportError } from './transport'

/*
 * The pull decoder's thread (pull-decoder-client.ts starts it): turns /sync/pull bodies into rows
 * (prepared-page.ts decodePullPage: UTF-8, JSON.parse, the protocol's zod schema, the table rows).
 * That is about a third of an initial sync's work on the thread that also answers the clerk, and
 * this thread does it while the main thread writes the previous page. It holds no database and no
 * state: every message is answered on its own. It is its own build entry (electron.vite.config.ts),
 * so it must stay free of Electron and of better-sqlite3.
 */

const port = parentPort
if (!port) throw new Error('pull-decoder: not started as a worker thread')

function failure(e: unknown): DecodeFailure {
  if (e instanceof TransportError) return { name: 'TransportError', message: e.message, kind: e.kind }
  if (e instanceof DomainError)
    return { name: 'DomainError', message: e.message, kind: e.code, ...(e.field === undefined ? {} : { field: e.field }) }
  return { name: 'Error', message: e instanceof Error ? e.message : String(e) }
}

port.on('message', (m: ToPullDecoder) => {
  let answer: FromPullDecoder
  try {
    answer = { id: m.id, ok: true, page: decodePullPage(m.bytes) }
  } catch (e) {
    answer = { id: m.id, ok: false, error: failure(e) }
  }
  port.postMessage(answer)
})
