import type { FastifyRequest } from 'fastify'
import { PortalError } from '../errors'
import { checkUpload, MAX_ATTACHMENT_BYTES, safeAttachmentName, type Upload } from '../intake/intake'
import type { FieldError } from './layout'
import type { Messages } from './messages'

/*
 * The citizens' pages' file uploads: `multipart/form-data` from a plain HTML form, no JavaScript.
 * The whole post is read into memory within fixed limits, then checked as one: the CSRF token
 * (it must come before the first file — our forms put it first — so a forged post has no file of
 * it read), then every file by the intake's rules (intake.ts checkUpload: size, magic bytes). A
 * post with any problem stores nothing; the page says what to fix in its error summary.
 */

/** One post of the citizens' pages: at most this many files and this many bytes of files together. */
export const WEB_UPLOAD_LIMITS = { files: 12, totalBytes: 40 * 1024 * 1024, fields: 30, fieldBytes: 20_000 } as const

export interface PostedFile {
  field: string
  filename: string
  bytes: Buffer
}

export type MultipartPost =
  | { ok: true; fields: Record<string, string>; files: PostedFile[]; errors: FieldError[] }
  /** The form token is missing or wrong: nothing past it was read. */
  | { ok: false }

const isFileTooLarge = (e: unknown): boolean => typeof e === 'object' && e !== null && 'code' in e && e.code === 'FST_REQ_FILE_TOO_LARGE'
const limitCode = (e: unknown): string | null =>
  typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string' && /^FST_(PARTS|FILES|FIELDS)_LIMIT$/.test(e.code)
    ? e.code
    : null

/**
 * Reads a multipart form post. `csrfValid` is asked once, with the `_csrf` field, before any file
 * is read (or at the end when there is none). Files that were not chosen (an empty input sends an
 * empty part without a name) are left out. A file over the size limit or the total is an error of
 * its field; nothing else is read after it.
 */
export async function readMultipart(
  req: FastifyRequest,
  t: Messages,
  csrfValid: (token: string | undefined) => boolean
): Promise<MultipartPost> {
  const fields: Record<string, string> = {}
  const files: PostedFile[] = []
  const errors: FieldError[] = []
  let checked = false
  let total = 0
  try {
    const parts = req.parts({
      limits: {
        fileSize: MAX_ATTACHMENT_BYTES,
        files: WEB_UPLOAD_LIMITS.files,
        fields: WEB_UPLOAD_LIMITS.fields,
        fieldSize: WEB_UPLOAD_LIMITS.fieldBytes,
        parts: WEB_UPLOAD_LIMITS.files + WEB_UPLOAD_LIMITS.fields
      }
    })
    for await (const part of parts) {
      if (part.type === 'field') {
        if (part.valueTruncated || part.fieldnameTruncated || typeof part.value !== 'string')
          throw new PortalError(400, 'invalid_input', `Поле «${part.fieldname.slice(0, 40)}» задовге`)
        if (Object.hasOwn(fields, part.fieldname))
          throw new PortalError(400, 'invalid_input', `Поле «${part.fieldname.slice(0, 40)}» передано двічі`)
        fields[part.fieldname] = part.value
        continue
      }
      if (!checked) {
        if (!csrfValid(fields._csrf)) return { ok: false }
        checked = true
      }
      let bytes: Buffer
      try {
        bytes = await part.toBuffer()
      } catch (error) {
        if (!isFileTooLarge(error)) throw error
        errors.push({ field: part.fieldname, message: `${t.fileTooLarge}${part.filename ? ` («${part.filename.slice(0, 80)}»)` : ''}` })
        break
      }
      if (part.filename === '' && bytes.byteLength === 0) continue
      total += bytes.byteLength
      if (total > WEB_UPLOAD_LIMITS.totalBytes) {
        errors.push({ field: part.fieldname, message: t.filesTooLarge })
        break
      }
      files.push({ field: part.fieldname, filename: part.filename, bytes })
    }
  } catch (error) {
    const code = limitCode(error)
    if (code === null) throw error
    throw new PortalError(413, 'payload_too_large', code === 'FST_FILES_LIMIT' ? 'Забагато файлів в одній формі' : 'Забагато полів у формі')
  }
  if (!checked && !csrfValid(fields._csrf)) return { ok: false }
  return { ok: true, fields, files, errors }
}

/** The intake's checks on one posted file, as an error of its field in the page's language; the file ready to store otherwise. */
export function checkPostedFile(f: PostedFile, fallbackName: string, t: Messages): { upload: Upload } | { error: FieldError } {
  try {
    const checked = checkUpload(f.bytes)
    const ext = checked.mediaType === 'application/pdf' ? 'pdf' : checked.mediaType === 'image/png' ? 'png' : 'jpg'
    return { upload: { ...checked, bytes: f.bytes, name: safeAttachmentName(f.filename, `${fallbackName}.${ext}`) } }
  } catch (error) {
    if (!(error instanceof PortalError)) throw error
    const what = error.status === 413 ? t.fileTooLarge : error.status === 415 ? t.fileWrongType : t.fileEmpty
    return { error: { field: f.field, message: `${what}${f.filename ? ` («${f.filename.slice(0, 80)}»)` : ''}` } }
  }
}
