/*
 * PostgreSQL's binary COPY format, only as far as Queryable.queryTextBytes needs it: one row of one
 * column. The layout (PostgreSQL docs, "COPY", Binary Format):
 *   signature `PGCOPY\n\377\r\n\0` (11 bytes), int32 flags, int32 header-extension length and that
 *   many bytes; per row an int16 field count, then per field an int32 length (-1 = NULL) and that
 *   many bytes (a text column: its bytes in the client encoding, UTF8 here); an int16 -1 trailer.
 * All integers are big-endian. Anything else is refused rather than guessed at: the bytes go
 * straight to a workstation, so a misread would be sent, not noticed.
 */

const SIGNATURE = [0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00] as const
// Bits 16-31 of the flags mark format changes a reader must understand (bit 16: OIDs included);
// bits 0-15 are advisory and may be ignored.
const CRITICAL_FLAGS = 0xffff0000

function fail(reason: string): never {
  throw new Error(`COPY binary: ${reason}`)
}

/**
 * The bytes of the single field of the single row in `copy` (a view into it, not a copy). Throws
 * on a wrong signature, unknown critical flags, no row, more than one row or field, NULL, trailing
 * bytes, and on data that ends early.
 */
export function singleTextFromCopyBinary(copy: Uint8Array): Uint8Array {
  const view = new DataView(copy.buffer, copy.byteOffset, copy.byteLength)
  let at = 0
  const need = (n: number, what: string): void => {
    if (copy.byteLength - at < n) fail(`truncated: ${what} needs ${n} bytes at offset ${at}, ${copy.byteLength - at} left`)
  }
  const int16 = (what: string): number => {
    need(2, what)
    const v = view.getInt16(at)
    at += 2
    return v
  }
  const int32 = (what: string): number => {
    need(4, what)
    const v = view.getInt32(at)
    at += 4
    return v
  }

  need(SIGNATURE.length, 'the signature')
  if (SIGNATURE.some((b, i) => copy[i] !== b)) fail('wrong signature (not binary COPY output)')
  at = SIGNATURE.length
  const flags = int32('the flags')
  if ((flags & CRITICAL_FLAGS) !== 0) fail(`unsupported header flags 0x${(flags >>> 0).toString(16)}`)
  const extension = int32('the header extension length')
  if (extension < 0) fail(`negative header extension length ${extension}`)
  need(extension, 'the header extension')
  at += extension

  const fields = int16('the field count')
  if (fields === -1) fail('no row (expected one)')
  if (fields !== 1) fail(`${fields} fields in the row (expected one)`)
  const length = int32('the field length')
  if (length === -1) fail('the value is NULL (expected text)')
  if (length < 0) fail(`invalid field length ${length}`)
  need(length, 'the value')
  const value = copy.subarray(at, at + length)
  at += length

  const trailer = int16('the trailer')
  if (trailer !== -1) fail('more than one row (expected one)')
  if (at !== copy.byteLength) fail(`${copy.byteLength - at} bytes after the trailer`)
  return value
}
