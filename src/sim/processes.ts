import { spawn, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'

/*
 * Real processes for the crash test and the benchmark: started as ONE node process each (node
 * --import tsx), so a SIGKILL really kills the program and not a wrapper in front of it.
 */

export const ROOT = fileURLToPath(new URL('../../', import.meta.url))

export class Proc {
  readonly lines: string[] = []
  readonly exited: Promise<number | null>
  private waiters: { test: (line: string) => boolean; resolve: (line: string) => void }[] = []
  private stderrTail: string[] = []

  private constructor(
    readonly name: string,
    private readonly child: ChildProcess
  ) {
    let buffer = ''
    child.stdout?.setEncoding('utf8')
    child.stdout?.on('data', (chunk: string) => {
      buffer += chunk
      let i: number
      while ((i = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, i)
        buffer = buffer.slice(i + 1)
        this.lines.push(line)
        for (const w of [...this.waiters]) {
          if (w.test(line)) {
            this.waiters = this.waiters.filter((x) => x !== w)
            w.resolve(line)
          }
        }
      }
    })
    child.stderr?.setEncoding('utf8')
    child.stderr?.on('data', (chunk: string) => {
      this.stderrTail = [...this.stderrTail, ...chunk.split('\n')].slice(-20)
    })
    this.exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)))
  }

  /** A TypeScript entry point of this repository, run by node with tsx's loader. */
  static start(name: string, script: string, args: readonly string[], env: Record<string, string> = {}): Proc {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe']
    })
    return new Proc(name, child)
  }

  get pid(): number {
    return this.child.pid ?? -1
  }

  /** Resolves with the first line (already printed or still to come) that passes `test`. */
  waitFor(test: (line: string) => boolean, timeoutMs: number, what: string): Promise<string> {
    const seen = this.lines.find(test)
    if (seen !== undefined) return Promise.resolve(seen)
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(
          new Error(
            `${this.name}: no ${what} within ${timeoutMs} ms; last output:\n${this.lines.slice(-10).join('\n')}\nstderr:\n${this.stderrTail.join('\n')}`
          )
        )
      }, timeoutMs)
      const waiter = {
        test,
        resolve: (line: string) => {
          clearTimeout(timer)
          resolve(line)
        }
      }
      this.waiters.push(waiter)
      void this.exited.then((code) => {
        if (!this.waiters.includes(waiter)) return
        clearTimeout(timer)
        reject(
          new Error(
            `${this.name} exited (${String(code)}) before ${what}; last output:\n${this.lines.slice(-10).join('\n')}\nstderr:\n${this.stderrTail.join('\n')}`
          )
        )
      })
    })
  }

  /** kill -9: no handler runs, nothing is flushed or closed. */
  async kill9(): Promise<void> {
    this.child.kill('SIGKILL')
    await this.exited
  }

  /** A clean stop (SIGTERM: the program closes its database). */
  async stop(): Promise<number | null> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM')
    return this.exited
  }
}

/** A TCP port that was free a moment ago (the portal must come back on the same one after a crash). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

/** `key=value` fields of a `sync-cli …` line. */
export function fields(line: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const part of line.split(' ')) {
    const i = part.indexOf('=')
    if (i > 0) out[part.slice(0, i)] = part.slice(i + 1)
  }
  return out
}
