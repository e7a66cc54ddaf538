import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestDb, type TestDb } from '../test/backends'
import { singleTextFromCopyBinary } from './copy-binary'

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1')

function int16(n: number): Buffer {
  const b = Buffer.alloc(2)
  b.writeInt16BE(n)
  return b
}

function int32(n: number): Buffer {
  const b = Buffer.alloc(4)
  b.writeInt32BE(n)
  return b
}

/** Binary COPY output built by hand: each row a list of fields, null for NULL. */
function copyBinary(rows: (Buffer | null)[][], opts: { flags?: number; extension?: Buffer } = {}): Buffer {
  const extension = opts.extension ?? Buffer.alloc(0)
  const parts = [SIGNATURE, int32(opts.flags ?? 0), int32(extension.length), extension]
  for (const row of rows) {
    parts.push(int16(row.length))
    for (const field of row) parts.push(...(field === null ? [int32(-1)] : [int32(field.length), field]))
  }
  parts.push(int16(-1))
  return Buffer.concat(parts)
}

const TEXT = Buffer.from('{"a":"Ол’га \\"лапки\\" \\\\ 🇺🇦\\n"}')

describe('binary COPY: one text value', () => {
  it('returns the value’s bytes as a view into the input, past a header extension and advisory flags', () => {
    const copy = copyBinary([[TEXT]], { flags: 0x0000_0001, extension: Buffer.from('ext!') })
    const value = singleTextFromCopyBinary(copy)
    expect(Buffer.from(value).equals(TEXT)).toBe(true)
    expect(value.buffer).toBe(copy.buffer)
    expect(singleTextFromCopyBinary(copyBinary([[Buffer.alloc(0)]]))).toHaveLength(0)
  })

  it('reads a view that does not start at its buffer’s first byte', () => {
    const copy = copyBinary([[TEXT]])
    const padded = Buffer.concat([Buffer.from('xyz'), copy]).subarray(3)
    expect(Buffer.from(singleTextFromCopyBinary(padded)).equals(TEXT)).toBe(true)
  })

  it('refuses anything but binary COPY output', () => {
    expect(() => singleTextFromCopyBinary(Buffer.from(`${TEXT.toString()}\n`))).toThrow(/wrong signature/)
    const bad = copyBinary([[TEXT]])
    bad[7] = 0xfe
    expect(() => singleTextFromCopyBinary(bad)).toThrow(/wrong signature/)
    expect(() => singleTextFromCopyBinary(new Uint8Array(0))).toThrow(/truncated/)
  })

  it('refuses critical header flags it does not know (OIDs included, reserved bits)', () => {
    expect(() => singleTextFromCopyBinary(copyBinary([[TEXT]], { flags: 1 << 16 }))).toThrow(/unsupported header flags 0x10000/)
    expect(() => singleTextFromCopyBinary(copyBinary([[TEXT]], { flags: 1 << 31 }))).toThrow(/unsupported header flags 0x80000000/)
  })

  it('refuses no row, more than one row, more than one field, NULL', () => {
    expect(() => singleTextFromCopyBinary(copyBinary([]))).toThrow(/no row/)
    expect(() => singleTextFromCopyBinary(copyBinary([[TEXT], [TEXT]]))).toThrow(/more than one row/)
    expect(() => singleTextFromCopyBinary(copyBinary([[TEXT, TEXT]]))).toThrow(/2 fields/)
    expect(() => singleTextFromCopyBinary(copyBinary([[]]))).toThrow(/0 fields/)
    expect(() => singleTextFromCopyBinary(copyBinary([[null]]))).toThrow(/NULL/)
  })

  it('refuses negative lengths and bytes after the trailer', () => {
    const negativeField = Buffer.concat([SIGNATURE, int32(0), int32(0), int16(1), int32(-2), int16(-1)])
    expect(() => singleTextFromCopyBinary(negativeField)).toThrow(/invalid field length -2/)
    const negativeExtension = Buffer.concat([SIGNATURE, int32(0), int32(-1), int16(1), int32(0), int16(-1)])
    expect(() => singleTextFromCopyBinary(negativeExtension)).toThrow(/negative header extension length/)
    expect(() => singleTextFromCopyBinary(Buffer.concat([copyBinary([[TEXT]]), Buffer.from([0])]))).toThrow(/1 bytes after the trailer/)
  })

  it('refuses output cut short anywhere', () => {
    const copy = copyBinary([[TEXT]], { extension: Buffer.from('ext!') })
    for (let length = 0; length < copy.length; length++) {
      expect(() => singleTextFromCopyBinary(copy.subarray(0, length)), `cut at ${length} of ${copy.length}`).toThrow(/truncated/)
    }
  })
})

describe('queryTextBytes on PGlite (COPY TO /dev/blob, binary)', () => {
  let test: TestDb | null = null
  beforeAll(async () => {
    test = await openTestDb('pglite')
  })
  afterAll(async () => {
    await test?.drop()
  })

  it('gives the UTF-8 bytes of the text value the query yields, whatever characters it holds', async () => {
    const text = 'Ол’га "лапки" \\ зворотна\nрядок\t🇺🇦 ґєії ʼ\u2028'
    const bytes = await test!.db.transaction(async (tx) => {
      if (!tx.queryTextBytes) throw new Error('a PGlite transaction offers queryTextBytes')
      await tx.query(`SELECT set_config('vikno.test_text', $1, true)`, [text])
      return tx.queryTextBytes(`SELECT current_setting('vikno.test_text')`)
    })
    expect(Buffer.from(bytes).equals(Buffer.from(text, 'utf8'))).toBe(true)
  })

  it('refuses what is not one row of one non-NULL value, with the parser’s message', async () => {
    const run = (sql: string): Promise<Uint8Array> =>
      test!.db.transaction(async (tx) => {
        if (!tx.queryTextBytes) throw new Error('a PGlite transaction offers queryTextBytes')
        return tx.queryTextBytes(sql)
      })
    await expect(run(`SELECT 'a'::text WHERE false`)).rejects.toThrow(/COPY binary: no row/)
    await expect(run(`SELECT 'a'::text FROM generate_series(1, 2)`)).rejects.toThrow(/COPY binary: more than one row/)
    await expect(run(`SELECT 'a'::text, 'b'::text`)).rejects.toThrow(/COPY binary: 2 fields/)
    await expect(run(`SELECT NULL::text`)).rejects.toThrow(/COPY binary: the value is NULL/)
  })

  it('is offered only inside a transaction, where a set_config(..., true) outlives the statement', () => {
    expect(test!.db.queryTextBytes).toBeUndefined()
  })
})
