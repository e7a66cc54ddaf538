import type { CursorEvent } from '../../shared/protocol'
import type { Db } from './sql'
import { clearSetting, readSetting, writeSetting } from './settings'

/*
 * The workstation's sync state (sync.md): where its pull stands, what the portal has acknowledged,
 * which rejected commands must go again, and when it last caught up. The sync engine reads and
 * writes it only through here; the keys and their types are in settings.ts.
 */

/** The pull position: every change up to this portal version is in the mirror. */
export function pullCursor(db: Db): number {
  return readSetting(db, 'sync.cursor')
}

/** The newest event held at the cursor; null before the first one (or from a version that did not store it). */
export function cursorEvent(db: Db): CursorEvent | null {
  return readSetting(db, 'sync.cursor_event')
}

/** Stores the cursor and the event held at it together (call inside the transaction that applied up to it). */
export function savePullPosition(db: Db, cursor: number, held: CursorEvent | null): void {
  writeSetting(db, 'sync.cursor', cursor)
  if (held) writeSetting(db, 'sync.cursor_event', held)
  else clearSetting(db, 'sync.cursor_event')
}

/** The portal's last seq at the last caught-up pull: the mirror reflects every command up to it. */
export function ackedSeq(db: Db): number {
  return readSetting(db, 'sync.acked_seq')
}

export function setAckedSeq(db: Db, seq: number): void {
  writeSetting(db, 'sync.acked_seq', seq)
}

/**
 * From which seq on rejected commands go to the portal again (it lost their results: restored from a
 * backup); null when none must. They go with the rejection recorded here (toPushEnvelope), to be
 * stored, not decided again; cleared once the portal's last seq has passed them.
 */
export function resendRejectedFrom(db: Db): number | null {
  return readSetting(db, 'sync.resend_rejected_from')
}

export function setResendRejectedFrom(db: Db, seq: number | null): void {
  if (seq === null) clearSetting(db, 'sync.resend_rejected_from')
  else writeSetting(db, 'sync.resend_rejected_from', seq)
}

/** When this workstation last caught up with the portal (ISO), null before the first time. */
export function lastSyncAt(db: Db): string | null {
  return readSetting(db, 'sync.last_sync_at')
}

export function markSynced(db: Db, at: string): void {
  writeSetting(db, 'sync.last_sync_at', at)
}

/**
 * Runs `fn` (which commits a transaction) without waiting for the disk at its commit
 * (synchronous=NORMAL for it only), then restores the connection's setting. For work that a power
 * cut may lose harmlessly (a pulled unit: its cursor is lost with it and the page is pulled again).
 * A FULL commit later flushes the write-ahead log up to itself, these commits included. Inside an
 * open transaction the setting cannot change, and `fn` runs as it is.
 */
export function withRelaxedDurability<T>(db: Db, fn: () => T): T {
  const restore = db.inTransaction ? null : Number(db.pragma('synchronous', { simple: true }))
  if (restore !== null) db.pragma('synchronous = NORMAL')
  try {
    return fn()
  } finally {
    if (restore !== null) db.pragma(`synchronous = ${restore}`)
  }
}
