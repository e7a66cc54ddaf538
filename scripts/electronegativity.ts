/**
 * `tsx scripts/electronegativity.ts`: Doyensec's Electronegativity over `src` (the Electron main
 * process, the preload, the renderer and its index.html; global checks such as "is there a
 * permission handler / navigation guard anywhere" need the whole tree at once), assuming the
 * Electron version pinned in package.json. Every finding is printed; the script exits 1 on any
 * finding of MEDIUM severity or higher.
 *
 * It calls the package's documented programmatic entry (`run` from '@doyensec/electronegativity',
 * the same code path as the CLI) rather than parsing the CLI's `-o report.csv`: the CLI writes the
 * CSV's header and its rows with two concurrent asynchronous writes, the header one truncating the
 * file. Seen here: the header overwrote the start of the first row; in the other ordering it
 * truncates every row away and the gate would pass on an empty report. The programmatic run also
 * returns the files it could not parse, which the CLI keeps to itself under `-o`: a file the scanner
 * cannot read would otherwise go unscanned in silence.
 *
 * Findings are never ignored wholesale. A finding is accepted only by an entry in FALSE_POSITIVES
 * below, which names the check, the files, the reason, and a `stillTrue` test that re-checks the
 * reason against today's source on every run (if the code changes so that the reason no longer
 * holds, the finding counts again). In-source `eng-disable` annotations are refused: this file is
 * the one reviewed place for exceptions.
 *
 * Offline it prints that it cannot fetch translations or Electron's release list; that is harmless.
 * Exit codes: 0 clean, 1 medium+ findings or refused annotations, 2 the scanner itself failed.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { extname, join, relative, resolve } from 'node:path'
import { ROOT } from './lib/paths'

/** `src` by default; another folder laid out like src can be given (used to check the gate itself). */
const INPUT = resolve(process.argv[2] ?? join(ROOT, 'src'))
/** The extensions the tool's loader scans (node_modules/@doyensec/electronegativity/src/util/file.js). */
const SCANNED = new Set(['.js', '.jsx', '.ts', '.tsx', '.html', '.htm'])

type Severity = 'HIGH' | 'MEDIUM' | 'LOW' | 'INFORMATIONAL'
const SEVERITIES: readonly Severity[] = ['HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL']

interface Finding {
  check: string
  severity: Severity
  confidence: string
  file: string
  line: number
  column: number
  sample: string
  description: string
  url: string
  manualReview: boolean
}

interface FalsePositive {
  checks: readonly string[]
  /** Paths as the report gives them, relative to src/. */
  files: readonly string[]
  reason: string
  /** Re-checks the reason against the source as it is now; false → the finding counts. */
  stillTrue: (finding: Finding, source: string) => boolean
}

/** The text between the parentheses of the call that starts at `from` (just after its `(`). */
function callArguments(text: string, from: number): string | null {
  let depth = 1
  for (let i = from; i < text.length; i++) {
    const ch = text[i]
    if (ch === '(') depth++
    else if (ch === ')' && --depth === 0) return text.slice(from, i)
  }
  return null
}

/** The options of the `new BrowserWindow(` call a finding points at, or null when it points elsewhere. */
function browserWindowOptions(finding: Finding, source: string): string | null {
  const lines = source.split('\n')
  const lineText = lines[finding.line - 1] ?? ''
  const at = lineText.indexOf('new BrowserWindow(', Math.max(0, finding.column - 1))
  if (at === -1) return null
  const rest = [lineText.slice(at + 'new BrowserWindow('.length), ...lines.slice(finding.line)].join('\n')
  return callArguments(rest, 0)
}

/** Every setWindowOpenHandler in the source answers only `deny` (and there is at least one). */
function onlyDeniesWindowOpen(source: string): boolean {
  const handlers: string[] = []
  for (const m of source.matchAll(/setWindowOpenHandler\(/g)) {
    const args = callArguments(source, (m.index ?? 0) + m[0].length)
    if (args === null) return false
    handlers.push(args)
  }
  return handlers.length > 0 && handlers.every((h) => /action:\s*'deny'/.test(h) && !/'allow'/.test(h))
}

/** This file's windows get a deny-all window-open handler, inline or through hardenWebContents(). */
function windowsDenyNewWindows(source: string): boolean {
  if (/setWindowOpenHandler\(/.test(source)) return onlyDeniesWindowOpen(source)
  return /\bhardenWebContents\(/.test(source) && onlyDeniesWindowOpen(readSource('main/electron/security.ts'))
}

/** The window's webPreferences come from secureWebPreferences() and nothing overrides them inline. */
function optionsDelegateToSecureWebPreferences(finding: Finding, source: string): boolean {
  const options = browserWindowOptions(finding, source)
  if (options === null) return false
  return (
    /\bwebPreferences:\s*secureWebPreferences\(/.test(options) &&
    !/\b(contextIsolation|sandbox|nodeIntegration\w*|webSecurity|disableBlinkFeatures|enableBlinkFeatures|webviewTag)\b/.test(options)
  )
}

const FALSE_POSITIVES: readonly FalsePositive[] = [
  {
    checks: ['CONTEXT_ISOLATION_JS_CHECK', 'SANDBOX_JS_CHECK'],
    files: ['main/electron/main-window.ts'],
    reason:
      'The scanner reads only literal properties inside `new BrowserWindow({...})` and cannot follow the call ' +
      '`webPreferences: secureWebPreferences(preloadPath)`. That function sets contextIsolation: true and sandbox: true; ' +
      'src/main/electron/electron-security.test.ts asserts both, and that createMainWindow passes exactly its result.',
    stillTrue: (finding, source) => {
      const security = readSource('main/electron/security.ts')
      return (
        optionsDelegateToSecureWebPreferences(finding, source) &&
        /contextIsolation:\s*true/.test(security) &&
        /sandbox:\s*true/.test(security)
      )
    }
  },
  {
    checks: ['AUXCLICK_JS_CHECK'],
    files: ['main/electron/main-window.ts', 'main/electron/print-electron.ts'],
    reason:
      "The check wants `disableBlinkFeatures: 'Auxclick'`, which is not a switchable Blink feature in current Chromium " +
      '(electron/electron#10315). The risk it names, a middle-click opening a new window, is closed by a ' +
      'setWindowOpenHandler that denies every window (Electron 12+ routes middle- and shift-clicks through it, ' +
      'electron/electron#28498), re-checked in the source on every run; electron-security.test.ts asserts it for the main window.',
    stillTrue: (finding, source) => {
      const options = browserWindowOptions(finding, source)
      return options !== null && !/\b(disable|enable)BlinkFeatures\b/.test(options) && windowsDenyNewWindows(source)
    }
  }
]

function readSource(fileRelativeToSrc: string): string {
  try {
    return readFileSync(join(INPUT, fileRelativeToSrc), 'utf8')
  } catch {
    return ''
  }
}

/** What `run` resolves to (dist/runner.js, non-CLI mode). */
interface ToolIssue {
  id: string
  file: string
  sample?: string | null
  location?: { line?: number; column?: number }
  description?: string
  shortenedURL?: string
  severity?: { name?: string }
  confidence?: { name?: string }
  manualReview?: boolean
}
interface ToolResult {
  errors: { file: string; message: string; tolerable: boolean }[]
  issues: ToolIssue[]
}
type ToolRun = (
  options: {
    input: string
    isRelative: boolean
    electronVersionOverride: string
    customScan: string[]
    excludeFromScan: string[]
    parserPlugins: string[]
  },
  forCli: boolean
) => Promise<ToolResult>

function toFinding(issue: ToolIssue): Finding {
  const upper = (issue.severity?.name ?? '').toUpperCase()
  // An unknown severity counts as HIGH: a new label must not slip through.
  const severity = (SEVERITIES as readonly string[]).includes(upper) ? (upper as Severity) : 'HIGH'
  return {
    check: issue.id,
    severity,
    confidence: issue.confidence?.name ?? '?',
    file: issue.file.split('\\').join('/'),
    line: issue.location?.line ?? 0,
    column: issue.location?.column ?? 0,
    sample: issue.sample ?? '',
    description: issue.description ?? '',
    url: `https://github.com/doyensec/electronegativity/wiki/${issue.id}`,
    manualReview: issue.manualReview === true
  }
}

function listScanned(dir: string): string[] {
  const out: string[] = []
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue
    const path = join(dir, entry.name)
    if (entry.isDirectory()) out.push(...listScanned(path))
    else if (SCANNED.has(extname(entry.name).toLowerCase())) out.push(path)
  }
  return out
}

function electronVersion(): string | null {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { devDependencies?: Record<string, string> }
  const version = pkg.devDependencies?.['electron'] ?? ''
  return /^\d+\.\d+\.\d+$/.test(version) ? version : null
}

async function main(): Promise<number> {
  const version = electronVersion()
  if (!version) {
    console.error('electronegativity: package.json must pin electron to an exact version')
    return 2
  }
  const files = listScanned(INPUT)
  const annotated = files.filter((f) => /(?:\/\*|\/\/|<!--)[ \t]*eng-disable/i.test(readFileSync(f, 'utf8')))
  if (annotated.length > 0) {
    console.error(
      'electronegativity: in-source eng-disable annotations are not accepted; add a reasoned entry to FALSE_POSITIVES in ' +
        `scripts/electronegativity.ts instead:\n  ${annotated.map((f) => relative(ROOT, f)).join('\n  ')}`
    )
    return 1
  }

  const require = createRequire(import.meta.url)
  const entry = require.resolve('@doyensec/electronegativity')
  if (!existsSync(entry)) {
    console.error('electronegativity: @doyensec/electronegativity is not installed (npm install)')
    return 2
  }
  const loaded = require('@doyensec/electronegativity') as ToolRun | { default: ToolRun }
  const run = typeof loaded === 'function' ? loaded : loaded.default
  console.log(`electronegativity: scanning ${relative(ROOT, INPUT) || '.'}/ (${files.length} files) as Electron ${version}`)
  let result: ToolResult
  try {
    result = await run(
      { input: INPUT, isRelative: true, electronVersionOverride: version, customScan: [], excludeFromScan: [], parserPlugins: [] },
      false
    )
  } catch (e) {
    console.error(`electronegativity: the scanner failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`)
    return 2
  }
  const unreadable = result.errors.filter((e) => !e.tolerable)
  for (const e of result.errors.filter((x) => x.tolerable)) console.log(`  parse warning: ${relative(ROOT, e.file)}: ${e.message}`)
  if (unreadable.length > 0) {
    console.error(
      `electronegativity: the scanner could not parse ${unreadable.length} file(s), which therefore went unscanned:\n  ` +
        unreadable.map((e) => `${relative(ROOT, e.file)}: ${e.message}`).join('\n  ')
    )
    return 2
  }

  const findings = result.issues
    .map(toFinding)
    .sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) || a.file.localeCompare(b.file) || a.line - b.line)
  const counted: Finding[] = []
  let accepted = 0
  for (const finding of findings) {
    const where = `${relative(ROOT, INPUT)}/${finding.file}:${finding.line}:${finding.column + 1}`
    const fp = FALSE_POSITIVES.find((f) => f.checks.includes(finding.check) && f.files.includes(finding.file))
    const holds = fp !== undefined && fp.stillTrue(finding, readSource(finding.file))
    console.log(
      `${(holds ? 'accepted' : finding.severity).padEnd(13)} ${finding.check}  ${where}  (confidence ${finding.confidence}${finding.manualReview ? ', review' : ''})`
    )
    console.log(`    ${finding.description}`)
    if (finding.sample) console.log(`    sample: ${finding.sample.trim().slice(0, 200)}`)
    console.log(`    ${finding.url}`)
    if (holds) {
      console.log(`    documented false positive: ${fp.reason}`)
      accepted++
    } else {
      if (fp) console.log('    (a false-positive entry names this check and file, but its reason no longer holds in the source)')
      counted.push(finding)
    }
  }
  const count = (s: Severity) => counted.filter((f) => f.severity === s).length
  const high = count('HIGH')
  const medium = count('MEDIUM')
  const low = count('LOW') + count('INFORMATIONAL')
  console.log(
    `electronegativity: ${counted.length} findings (${high} high, ${medium} medium, ${low} low/informational)` +
      (accepted > 0 ? `; ${accepted} more accepted as documented false positives (listed above)` : '')
  )
  return high + medium > 0 ? 1 : 0
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`electronegativity: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`)
    process.exit(2)
  }
)
