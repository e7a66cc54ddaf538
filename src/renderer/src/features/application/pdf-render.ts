/*
 * PDF scans are drawn with pdf.js into <canvas> elements: no plugin, no iframe, nothing in the file
 * can run (scripting is off, eval is off). pdf.js is loaded on first use, so the queue does not pay
 * for it. Its worker is a file of our own origin (CSP: worker-src 'self').
 */

import type { PDFDocumentProxy } from 'pdfjs-dist'

type PdfJs = typeof import('pdfjs-dist')

let loading: Promise<PdfJs> | null = null

function loadPdfJs(): Promise<PdfJs> {
  loading ??= (async () => {
    const [pdfjs, worker] = await Promise.all([import('pdfjs-dist'), import('pdfjs-dist/build/pdf.worker.min.mjs?url')])
    pdfjs.GlobalWorkerOptions.workerSrc = worker.default
    return pdfjs
  })()
  // A failed load (a missing chunk) must not stick: the next open tries again.
  loading.catch(() => {
    loading = null
  })
  return loading
}

export interface OpenedPdf {
  pages: number
  /** Draws page `n` (1-based) into `canvas` at `scale` CSS pixels per PDF point. */
  render(n: number, canvas: HTMLCanvasElement, scale: number): Promise<void>
  close(): Promise<void>
}

export async function openPdf(bytes: Uint8Array): Promise<OpenedPdf> {
  const pdfjs = await loadPdfJs()
  const doc: PDFDocumentProxy = await pdfjs.getDocument({
    data: bytes,
    isEvalSupported: false,
    enableXfa: false,
    stopAtErrors: false
  }).promise
  return {
    pages: doc.numPages,
    async render(n, canvas, scale) {
      const page = await doc.getPage(n)
      const viewport = page.getViewport({ scale })
      // Sharp on high-density screens: draw at device pixels, show at CSS pixels.
      const ratio = window.devicePixelRatio || 1
      canvas.width = Math.floor(viewport.width * ratio)
      canvas.height = Math.floor(viewport.height * ratio)
      canvas.style.width = `${Math.floor(viewport.width)}px`
      canvas.style.height = `${Math.floor(viewport.height)}px`
      await page.render({ canvas, viewport, transform: ratio === 1 ? undefined : [ratio, 0, 0, ratio, 0, 0] }).promise
    },
    close: () => doc.destroy()
  }
}
