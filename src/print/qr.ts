import { create as createQr } from 'qrcode'

/*
 * The QR code is drawn as an SVG path of whole modules: vector in the PDF, sharp on a 203 dpi
 * thermal head, and built synchronously from the qrcode library's own module matrix, so templates
 * stay pure functions. Error correction M: a receipt gets creased and stained.
 */

export const QR_QUIET_ZONE = 4

export interface QrMatrix {
  size: number
  /** Row-major, 1 = dark. */
  dark: Uint8Array
}

export function qrMatrix(text: string): QrMatrix {
  const qr = createQr(text, { errorCorrectionLevel: 'M' })
  return { size: qr.modules.size, dark: qr.modules.data }
}

/** One `M x y h n v1 h -n z` per horizontal run of dark modules, offset by the quiet zone. */
export function qrPath(m: QrMatrix): string {
  let d = ''
  for (let r = 0; r < m.size; r++) {
    let c = 0
    while (c < m.size) {
      if (!m.dark[r * m.size + c]) {
        c++
        continue
      }
      const start = c
      while (c < m.size && m.dark[r * m.size + c]) c++
      const run = c - start
      d += `M${start + QR_QUIET_ZONE} ${r + QR_QUIET_ZONE}h${run}v1h-${run}z`
    }
  }
  return d
}

/** Reads a path made by qrPath back into a matrix (tests use it to prove the printed code is the URL's). */
export function matrixFromPath(d: string, size: number): QrMatrix {
  const dark = new Uint8Array(size * size)
  for (const m of d.matchAll(/M(\d+) (\d+)h(\d+)v1h-\d+z/g)) {
    const x = Number(m[1]) - QR_QUIET_ZONE
    const y = Number(m[2]) - QR_QUIET_ZONE
    const run = Number(m[3])
    for (let i = 0; i < run; i++) dark[y * size + x + i] = 1
  }
  return { size, dark }
}
