import { z } from 'zod'
import { prepared, type Db } from './sql'
import { DEFERRED_KEY } from './deferred-indexes'
import { LANGUAGES } from '../../shared/contract'
import { clerkSessionSchema, type ClerkSession } from '../../shared/session'
import { cursorEventSchema, type CursorEvent } from '../../shared/protocol'
import { IDLE_LOCK_DEFAULT_MINUTES } from '../../shared/session-contract'
import { OFFLINE_SIGN_IN_DEFAULT_DAYS } from '../../shared/admin-contract'

/*
 * Every key of the workstation's settings table, declared once with its value type, default and
 * parser (Signal Desktop's storage keys). The table stores text; each key says how its value is
 * written (format) and read back (parse). A stored text the parser refuses is an error naming the
 * key, unless the key says what an unreadable value means (a lenient parser).
 */

/** R: what a read gives (the default included); W: what a write takes. */
interface SettingDef<R, W = R> {
  default: R
  parse: (raw: string) => R
  format: (value: W) => string
}

const text = (): SettingDef<string | null, string> => ({ default: null, parse: (raw) => raw, format: (value) => value })

const integer = (fallback: number): SettingDef<number> => ({
  default: fallback,
  parse: (raw) => z.coerce.number().int().parse(raw),
  format: (value) => String(value)
})

const optionalInteger = (): SettingDef<number | null, number> => ({
  default: null,
  parse: (raw) => z.coerce.number().int().parse(raw),
  format: (value) => String(value)
})

/** JSON checked by a schema. `lenient`: an unreadable value reads as the default (it was written by an older version). */
const json = <T>(schema: z.ZodType<T>, lenient = false): SettingDef<T | null, T> => ({
  default: null,
  parse: (raw) => {
    if (!lenient) return schema.parse(JSON.parse(raw))
    try {
      const parsed = schema.safeParse(JSON.parse(raw))
      return parsed.success ? parsed.data : null
    } catch {
      return null
    }
  },
  format: (value) => JSON.stringify(value)
})

const schemaObjectSchema = z.object({ type: z.enum(['index', 'trigger']), name: z.string(), sql: z.string() })

const demoGeneratedSchema = z.object({ seed: z.number(), count: z.number(), now: z.string(), centreId: z.string() })

export const SETTINGS = {
  /** This database file's workstation id (sync.md, Identity), made when the file is created. */
  'workstation.id': text(),
  /** Made with the id: a copied or restored file is told apart by it. */
  'workstation.creation_nonce': text(),
  /** The portal's number for this workstation (enrolment): the prefix of its walk-in numbers. */
  'workstation.node': optionalInteger(),
  'workstation.centre_id': text(),
  'workstation.centre_name': text(),
  'workstation.token': text(),
  /** The portal this workstation is enrolled with ('' when enrolled without one). */
  'workstation.portal_url': text(),
  /** What the centre's papers print when present (set by the administrator). */
  'centre.parent': text(),
  'centre.address': text(),
  'centre.phone': text(),
  'centre.email': text(),
  /** The signed-in clerk ('' when none); an unreadable one is no one. */
  'session.clerk': {
    default: null,
    parse: (raw) => (raw === '' ? null : json(clerkSessionSchema, true).parse(raw)),
    format: (value) => (value === null ? '' : JSON.stringify(value))
  } satisfies SettingDef<ClerkSession | null>,
  'session.locked': { default: false, parse: (raw) => raw === '1', format: (value) => (value ? '1' : '0') } satisfies SettingDef<boolean>,
  /** Range-checked by the session service: an out-of-range or unreadable value reads as the default there. */
  'session.idle_lock_minutes': {
    default: IDLE_LOCK_DEFAULT_MINUTES,
    parse: (raw) => Number(raw),
    format: (value) => String(value)
  } satisfies SettingDef<number>,
  'session.offline_sign_in_days': {
    default: OFFLINE_SIGN_IN_DEFAULT_DAYS,
    parse: (raw) => Number(raw),
    format: (value) => String(value)
  } satisfies SettingDef<number>,
  /** The clerk's language; an unknown one reads as Ukrainian. */
  'ui.language': {
    default: 'uk',
    parse: (raw) => z.enum(LANGUAGES).catch('uk').parse(raw),
    format: (value) => value
  } satisfies SettingDef<(typeof LANGUAGES)[number]>,
  /** The next walk-in number's sequence part on this workstation. */
  'walkin.next_seq': integer(1),
  /** The pull position: the portal's version up to which the mirror holds every change (sync-state.ts). */
  'sync.cursor': integer(0),
  /** The newest event held at the cursor (protocol.ts, CursorEvent), stored with the cursor; unreadable reads as none. */
  'sync.cursor_event': json<CursorEvent>(cursorEventSchema, true),
  /** The portal's last seq at the last caught-up pull: the mirror reflects every command up to it. */
  'sync.acked_seq': integer(0),
  'sync.last_sync_at': text(),
  /**
   * Set while rejected commands from this seq on must go to the portal again (it lost their results:
   * restored from a backup). Cleared once the portal's last seq has passed them.
   */
  'sync.resend_rejected_from': optionalInteger(),
  /** The indexes deferred by an initial sync (deferred-indexes.ts, which reads it by SQL: the worker runs it too). */
  [DEFERRED_KEY]: json(z.array(schemaObjectSchema)),
  /** What scripts/generate-demo.ts made this file from. */
  'demo.generated': json(demoGeneratedSchema)
} as const

export type SettingKey = keyof typeof SETTINGS
/** What readSetting gives for the key (its default when never written). */
export type SettingValue<K extends SettingKey> = (typeof SETTINGS)[K]['default'] | ReturnType<(typeof SETTINGS)[K]['parse']>
/** What writeSetting takes for the key. */
export type SettingInput<K extends SettingKey> = Parameters<(typeof SETTINGS)[K]['format']>[0]

function defOf<K extends SettingKey>(key: K): SettingDef<SettingValue<K>, SettingInput<K>> {
  return SETTINGS[key] as unknown as SettingDef<SettingValue<K>, SettingInput<K>>
}

function rawSetting(db: Db, key: SettingKey): string | null {
  const row = prepared<{ value: string }>(db, 'SELECT value FROM settings WHERE key = ?').get(key)
  return row?.value ?? null
}

/** The key's value, or its default when it was never written (or was cleared). */
export function readSetting<K extends SettingKey>(db: Db, key: K): SettingValue<K> {
  const raw = rawSetting(db, key)
  const def = defOf(key)
  if (raw === null) return def.default
  try {
    return def.parse(raw)
  } catch (error) {
    throw new Error(`setting ${key}: unreadable value (${error instanceof Error ? error.message : String(error)})`)
  }
}

export function writeSetting<K extends SettingKey>(db: Db, key: K, value: SettingInput<K>): void {
  prepared(db, 'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(
    key,
    defOf(key).format(value)
  )
}

export function clearSetting(db: Db, key: SettingKey): void {
  prepared(db, 'DELETE FROM settings WHERE key = ?').run(key)
}

export function hasSetting(db: Db, key: SettingKey): boolean {
  return rawSetting(db, key) !== null
}
