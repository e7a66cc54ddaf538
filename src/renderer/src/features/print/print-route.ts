import {
  APPLICATION_DOCUMENTS,
  REGISTER_DOCUMENTS,
  type ApplicationDocument,
  type RegisterDocument
} from '../../../../shared/print-contract'
import type { PrintTarget } from './PrintPreviewScreen'

/*
 * How a print target lives in the address (#/print/...), so "print the receipt" is a link any
 * screen can give without importing this feature:
 *   #/print/<document>/app/<applicationId>     receipt, correction_notice, refusal_letter, result_ready_notice
 *   #/print/routing_slip/batch/<id>,<id>,...   the routing slip and transfer register of a batch
 *   #/print/<register>/date/<YYYY-MM-DD>       daily_register, issue_register
 */

const isSingle = (d: string): d is ApplicationDocument => (APPLICATION_DOCUMENTS as readonly string[]).includes(d)
const isRegister = (d: string): d is RegisterDocument => (REGISTER_DOCUMENTS as readonly string[]).includes(d)

function decode(part: string): string | null {
  try {
    return decodeURIComponent(part)
  } catch {
    return null
  }
}

export function parsePrintTarget(parts: readonly string[]): PrintTarget | null {
  const [document, kind, rawValue] = parts
  if (!document || !kind || rawValue === undefined) return null
  const value = decode(rawValue)
  if (value === null || value === '') return null
  if (kind === 'app' && isSingle(document)) return { document, applicationId: value }
  if (kind === 'batch' && document === 'routing_slip') {
    const ids = value.split(',').filter((id) => id.length > 0)
    return ids.length > 0 ? { document, applicationIds: ids } : null
  }
  if (kind === 'date' && isRegister(document) && /^\d{4}-\d{2}-\d{2}$/.test(value)) return { document, date: value }
  return null
}

export function printHref(target: PrintTarget | null): string {
  if (target === null) return '#/print'
  if ('applicationId' in target) return `#/print/${target.document}/app/${encodeURIComponent(target.applicationId)}`
  if ('applicationIds' in target) return `#/print/${target.document}/batch/${target.applicationIds.map(encodeURIComponent).join(',')}`
  return `#/print/${target.document}/date/${target.date}`
}
