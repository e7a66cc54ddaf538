import { protocol } from 'electron'
import { readFile } from 'node:fs/promises'
import { extname, join, normalize, resolve, sep } from 'node:path'
import { CONTENT_SECURITY_POLICY } from './security'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.mjs': 'text/javascript; charset=utf-8'
}

/** Must run before app 'ready': app:// is a standard, secure scheme (not file://, which grants too much). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }])
}

/** Serves the built renderer under app://vikno/, refusing any path outside it. */
export function serveRenderer(rendererDir: string): void {
  const root = resolve(rendererDir)
  protocol.handle('app', async (request) => {
    const url = new URL(request.url)
    if (url.host !== 'vikno') return new Response('Not found', { status: 404 })
    let relative: string
    try {
      relative = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname).replace(/^\/+/, '')
    } catch {
      // Malformed percent-encoding (`%E0%A4%A`): refuse it rather than reject the handler's promise.
      return new Response('Not found', { status: 404 })
    }
    const file = normalize(join(root, relative))
    if (!file.startsWith(root + sep)) return new Response('Not found', { status: 404 })
    try {
      const body = await readFile(file)
      return new Response(body, {
        headers: { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Content-Security-Policy': CONTENT_SECURITY_POLICY }
      })
    } catch {
      return new Response('Not found', { status: 404 })
    }
  })
}
