import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

/*
 * Print documents carry their own fonts as data: URLs (resources/fonts, SIL OFL 1.1), so the same
 * HTML looks the same in Chromium, in Electron and in the web shell's preview, whatever fonts the
 * workstation has. The families get our own names: a system "Noto Serif" can never stand in.
 */

export const SERIF = 'Vikno Print Serif'
export const SANS = 'Vikno Print Sans'

type Subset = 'cyrillic' | 'latin' | 'latin-ext'

// Google Fonts' subset ranges, as @fontsource ships them; ґ, є, і, ї are in cyrillic, ʼ (U+02BC) in latin.
const RANGES: Readonly<Record<Subset, string>> = {
  cyrillic: 'U+0301,U+0400-045F,U+0490-0491,U+04B0-04B1,U+2116',
  latin:
    'U+0000-00FF,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,U+02DA,U+02DC,U+0304,U+0308,U+0329,U+2000-206F,U+20AC,U+2122,U+2191,U+2193,U+2212,U+2215,U+FEFF,U+FFFD',
  'latin-ext':
    'U+0100-02BA,U+02BD-02C5,U+02C7-02CC,U+02CE-02D7,U+02DD-02FF,U+0304,U+0308,U+0329,U+1D00-1DBF,U+1E00-1E9F,U+1EF2-1EFF,U+2020,U+20A0-20AB,U+20AD-20C0,U+2113,U+2C60-2C7F,U+A720-A7FF'
}

// What in a document needs latin-ext (about 60 KB a face, so it is embedded only when used).
const LATIN_EXT_CHARS = /[\u0100-\u02BA\u02BD-\u02FF\u1E00-\u1EFF\u2C60-\u2C7F\uA720-\uA7FF]/u

interface Face {
  family: string
  weight: 400 | 700
  subset: Subset
  base64: string
}

export interface PrintFonts {
  readonly faces: readonly Face[]
}

const cache = new Map<string, PrintFonts>()

/** resources/fonts of a checkout (scripts, tests, the web shell run from the repository). */
export function defaultFontsDir(): string {
  return resolve(process.cwd(), 'resources', 'fonts')
}

/** Reads the fonts once per folder. Throws with the path when a file is missing: printing without them would silently change the layout. */
export function loadPrintFonts(dir: string = defaultFontsDir()): PrintFonts {
  const cached = cache.get(dir)
  if (cached) return cached
  const faces: Face[] = []
  for (const [family, stem] of [
    [SERIF, 'noto-serif'],
    [SANS, 'noto-sans']
  ] as const) {
    for (const subset of ['cyrillic', 'latin', 'latin-ext'] as const) {
      for (const weight of [400, 700] as const) {
        const file = join(dir, `${stem}-${subset}-${weight}-normal.woff2`)
        let bytes: Buffer
        try {
          bytes = readFileSync(file)
        } catch (error) {
          throw new Error(`Print font missing: ${file} (${(error as Error).message}). The fonts ship in resources/fonts.`)
        }
        faces.push({ family, weight, subset, base64: bytes.toString('base64') })
      }
    }
  }
  const fonts: PrintFonts = { faces }
  cache.set(dir, fonts)
  return fonts
}

/** The @font-face rules for a document whose visible text is `text`. */
export function fontFaceCss(fonts: PrintFonts, text: string, families: readonly string[] = [SERIF, SANS]): string {
  const needExt = LATIN_EXT_CHARS.test(text)
  return fonts.faces
    .filter((f) => families.includes(f.family) && (f.subset !== 'latin-ext' || needExt))
    .map(
      (f) =>
        `@font-face{font-family:'${f.family}';font-style:normal;font-weight:${f.weight};font-display:block;` +
        `src:url(data:font/woff2;base64,${f.base64}) format('woff2');unicode-range:${RANGES[f.subset]}}`
    )
    .join('\n')
}
