/**
 * Saves bytes that arrived base64 in a contract answer as a file, through a temporary object URL:
 * the browser's download (the web shell) or Electron's save dialog.
 */
export function saveBase64File(base64: string, fileName: string, mimeType: string, doc: Document = document): void {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))
  const url = URL.createObjectURL(new Blob([bytes], { type: mimeType }))
  const a = doc.createElement('a')
  a.href = url
  a.download = fileName
  a.rel = 'noopener'
  a.style.display = 'none'
  doc.body.appendChild(a)
  a.click()
  a.remove()
  // Revoked later: some browsers start the download after the click handler returns.
  setTimeout(() => URL.revokeObjectURL(url), 60_000)
}
