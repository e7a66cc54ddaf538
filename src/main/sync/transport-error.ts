export type TransportFailure = 'offline' | 'unauthorized' | 'server' | 'protocol'

/** A failed exchange. `offline` and `server` are retried with backoff; `unauthorized` needs a person. */
export class TransportError extends Error {
  constructor(
    readonly kind: TransportFailure,
    message: string,
    readonly code: string | null = null
  ) {
    super(message)
    this.name = 'TransportError'
  }
}
