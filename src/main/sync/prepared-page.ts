import type { DeskCatalogue } from '../../shared/catalogue/desk-catalogue'
import type { ApplicationRecord, Channel } from '../../shared/domain/application'
import type { Status } from '../../shared/domain/status'
import { pullResponseSchema, type CursorEvent, type PullResponse } from '../../shared/protocol'
import { toApplicationRows, toEventRow, type ApplicationRows, type EventRow } from '../db/application-rows'
import { DomainError } from '../../shared/result'
import { TransportError } from './transport-error'

/*
 * A pull page turned into what the engine writes: each change's table rows, built once, plus the few
 * fields the engine decides with. Pure JavaScript with no database, so it can run on the pull
 * decoder's worker thread (pull-decoder.ts): an initial sync's pages are 480 MB of JSON, and decoding,
 * parsing, checking and turning them into rows cost the main thread about 9 s per 100,000
 * applications (bench/sync.ts). Every page takes this path, whichever thread prepares it: the
 * simulation's pages (objects from the portal handlers) go through preparePage as the worker's do.
 */

export interface PreparedApplication {
  type: 'application'
  version: number
  id: string
  status: Status
  channel: Channel
  rows: ApplicationRows
  /** The record's attachment hashes: the workstation caches those files for offline review. */
  attachments: string[]
}

export interface PreparedEvent {
  type: 'event'
  version: number
  id: string
  applicationId: string
  row: EventRow
}

/** The application is gone from the portal (its service's test applications deleted, issue 17). */
export interface PreparedRemoval {
  type: 'removed'
  version: number
  id: string
}

export type PreparedChange = PreparedApplication | PreparedEvent | PreparedRemoval

export interface PreparedPage {
  changes: PreparedChange[]
  nextCursor: number
  hasMore: boolean
  lastSeq: number
  reset: boolean
  /**
   * The portal read a snapshot behind this workstation (a read replica that lags; protocol.ts
   * behindPage): nothing in the page may be acted on — no cursor, no lastSeq, no results chain.
   */
  behind: boolean
  /** The results chain at lastSeq (results-chain.ts); absent from a portal that does not send it. */
  resultsChain?: string
  /**
   * The centre's whole catalogue, checked (deskCatalogueSchema, inside pullResponseSchema), when the
   * portal's differs from the revision this workstation named; applied with the page's last unit.
   */
  catalogue?: DeskCatalogue
}

/**
 * A checked page (pullResponseSchema) as rows. A record the rows refuse (a date that is no date) is
 * the portal breaking the protocol: a TransportError 'protocol', so the run stops with the reason
 * shown and the workstation is not taken for offline.
 */
export function preparePage(page: PullResponse): PreparedPage {
  try {
    return prepareChecked(page)
  } catch (e) {
    if (e instanceof DomainError) throw new TransportError('protocol', `Портал надіслав заяву, яку неможливо зберегти: ${e.message}`)
    throw e
  }
}

function prepareChecked(page: PullResponse): PreparedPage {
  const changes: PreparedChange[] = page.changes.map((change): PreparedChange => {
    switch (change.type) {
      case 'application':
        return {
          type: 'application',
          version: change.version,
          id: change.record.id,
          status: change.record.status,
          channel: change.record.channel,
          rows: toApplicationRows(change.record),
          attachments: change.record.attachments.map((a) => a.sha256)
        }
      case 'event':
        return {
          type: 'event',
          version: change.version,
          id: change.event.id,
          applicationId: change.event.applicationId,
          row: toEventRow(change.event)
        }
      case 'removed':
        return { type: 'removed', version: change.version, id: change.applicationId }
    }
  })
  return {
    changes,
    nextCursor: page.nextCursor,
    hasMore: page.hasMore,
    lastSeq: page.lastSeq,
    reset: page.reset,
    behind: page.behind === true,
    ...(page.resultsChain !== undefined ? { resultsChain: page.resultsChain } : {}),
    ...(page.catalogue !== undefined ? { catalogue: page.catalogue } : {})
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true })

/** A /sync/pull body as it came off the wire: UTF-8 JSON, checked against the protocol, as rows. */
export function decodePullPage(bytes: Uint8Array): PreparedPage {
  let json: unknown
  try {
    json = JSON.parse(utf8.decode(bytes))
  } catch (e) {
    throw new TransportError('protocol', `Портал надіслав пошкоджену сторінку змін: ${e instanceof Error ? e.message : String(e)}`)
  }
  const parsed = pullResponseSchema.safeParse(json)
  if (!parsed.success)
    throw new TransportError('protocol', `Портал відповів у невідомому форматі: ${parsed.error.issues[0]?.message ?? ''}`)
  return preparePage(parsed.data)
}

/** The record a prepared application was made from (checked on arrival; the rows hold its exact JSON). */
export function recordOf(change: PreparedApplication): ApplicationRecord {
  return JSON.parse(change.rows.recordJson) as ApplicationRecord
}

/** protocol.ts newestEvent, over prepared changes: the highest version, the last event of that version. */
export function newestPreparedEvent(changes: readonly PreparedChange[], since: CursorEvent | null): CursorEvent | null {
  let out = since
  for (const change of changes) {
    if (change.type === 'event' && (out === null || change.version >= out.version)) out = { version: change.version, id: change.id }
  }
  return out
}
