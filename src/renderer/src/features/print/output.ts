import { saveBase64File } from '../../lib/save-file'

/*
 * Getting the paper out of the web shell (Electron prints through print.send instead):
 * - a PDF arrives base64 in the contract's answer and is saved through a temporary object URL;
 * - "Друкувати" prints the recorded HTML from a hidden iframe. That iframe is sandboxed WITHOUT
 *   allow-scripts (nothing in the document can run); allow-same-origin lets this page call its
 *   print(), allow-modals lets the print dialog open. The visible preview stays sandbox="".
 */

export function saveBase64Pdf(base64: string, fileName: string, doc: Document = document): void {
  saveBase64File(base64, fileName, 'application/pdf', doc)
}

export function printHtmlInHiddenFrame(html: string, doc: Document = document): Promise<void> {
  return new Promise((resolve, reject) => {
    const frame = doc.createElement('iframe')
    frame.setAttribute('sandbox', 'allow-same-origin allow-modals')
    frame.setAttribute('aria-hidden', 'true')
    frame.tabIndex = -1
    Object.assign(frame.style, { position: 'fixed', right: '0', bottom: '0', width: '0', height: '0', border: '0' })
    frame.onload = () => {
      const win = frame.contentWindow
      if (!win) {
        frame.remove()
        reject(new Error('print frame has no window'))
        return
      }
      win.focus()
      // print() blocks until the dialog closes in Chromium; remove the frame after that.
      win.print()
      setTimeout(() => frame.remove(), 1000)
      resolve()
    }
    frame.srcdoc = html
    doc.body.appendChild(frame)
  })
}
