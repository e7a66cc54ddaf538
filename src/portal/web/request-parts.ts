import { z } from 'zod'
import { PortalError } from '../errors'
import { LANGS } from './messages'

/*
 * What the citizens' pages read from a request (route parameters, queries, form posts), each
 * checked, and the addresses made back from them. The routes are in routes.ts.
 */

/** The largest form post (a multipart post with files has its own limits, web/uploads.ts). */
export const FORM_BODY_LIMIT = 64 * 1024
/** Corrected documents sent with one answer. */
export const MAX_ANSWER_FILES = 5

export const orderParam = z.strictObject({ orderNumber: z.string().max(40) })
export const codeQuery = z.strictObject({ code: z.string().max(64).optional() })
export const homeQuery = z.strictObject({ q: z.string().max(100).optional() })
export const serviceParam = z.strictObject({ serviceId: z.string().max(100) })
export const stepParam = z.strictObject({ serviceId: z.string().max(100), step: z.string().max(20) })
/** A test link's token (catalogue/public.ts). */
export const testQuery = z.strictObject({ test: z.string().max(100).optional() })
export const changeQuery = z.strictObject({ change: z.literal('1').optional() })
export const langParam = z.strictObject({ lang: z.enum(LANGS) })
export const backQuery = z.strictObject({ back: z.string().max(300).optional() })
/** A form post: flat fields, each at most once (a repeated field is a forged or broken form). */
export const formSchema = z.record(z.string().max(40), z.string().max(20_000))

export function parseForm(body: string): Record<string, string> {
  const out: Record<string, string> = {}
  const params = new URLSearchParams(body)
  let n = 0
  for (const [k, v] of params) {
    if (++n > 30) throw new PortalError(400, 'invalid_input', 'Забагато полів у формі')
    if (Object.hasOwn(out, k)) throw new PortalError(400, 'invalid_input', `Поле «${k.slice(0, 40)}» передано двічі`)
    out[k] = v
  }
  return out
}

/** The page's address for the language switch, never with an access code in it. */
export function withoutCode(url: string): string {
  const q = url.indexOf('?')
  if (q < 0) return url
  const params = new URLSearchParams(url.slice(q + 1))
  params.delete('code')
  const rest = params.toString()
  return rest ? `${url.slice(0, q)}?${rest}` : url.slice(0, q)
}

/** Only a path on this site (no `//host`, no scheme): the language switch returns there. */
export const safeBack = (back: string | undefined): string => (back && /^\/(?![/\\])[^\s]*$/.test(back) ? back : '/')
