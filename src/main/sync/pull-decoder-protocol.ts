import type { PreparedPage } from './prepared-page'

/** Messages between pull-decoder-client.ts and the pull-decoder.ts worker. */

/** A /sync/pull body as received; its buffer is transferred, not copied. */
export interface ToPullDecoder {
  id: number
  bytes: Uint8Array
}

/** An error crosses the thread as data; the client throws it again as the same kind of error. */
export interface DecodeFailure {
  name: 'TransportError' | 'DomainError' | 'Error'
  message: string
  /** TransportError.kind, or DomainError.code. */
  kind?: string
  field?: string
}

export type FromPullDecoder = { id: number; ok: true; page: PreparedPage } | { id: number; ok: false; error: DecodeFailure }
