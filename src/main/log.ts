import { appendFileSync } from 'node:fs'

export interface Logger {
  info(message: string, data?: Record<string, unknown>): void
  warn(message: string, data?: Record<string, unknown>): void
  error(message: string, data?: Record<string, unknown>): void
}

/** JSON lines to a file (when given) and warnings/errors to stderr. Never logs personal data on purpose: callers pass ids, not names. */
export function createLogger(opts: { file?: string; quiet?: boolean } = {}): Logger {
  const write = (level: string, message: string, data?: Record<string, unknown>) => {
    const line = JSON.stringify({ t: new Date().toISOString(), level, message, ...data })
    if (opts.file) {
      try {
        appendFileSync(opts.file, line + '\n', { mode: 0o600 })
      } catch {
        /* logging must never take the workstation down */
      }
    }
    if (!opts.quiet && level !== 'info') process.stderr.write(line + '\n')
  }
  return {
    info: (m, d) => write('info', m, d),
    warn: (m, d) => write('warn', m, d),
    error: (m, d) => write('error', m, d)
  }
}

export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} }
