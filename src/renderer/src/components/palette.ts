import type { SyncBadge } from '../../../shared/queue'
import type { DeadlineTone } from '../lib/time-left'

/*
 * Colours that carry state. Each pair of text on background is checked for WCAG 2.1 AA contrast
 * (at least 4.5:1) by palette.test.ts, so a later tweak cannot quietly make a deadline unreadable.
 * Mantine's light variants put a mid-tone colour on a pale tint (about 3:1), hence our own values.
 */
export interface Swatch {
  fg: string
  bg: string
  border: string
}

export const DEADLINE_SWATCHES: Readonly<Record<DeadlineTone, Swatch>> = {
  overdue: { fg: '#9b1c1c', bg: '#fde8e8', border: '#d64545' },
  today: { fg: '#8a3b00', bg: '#ffefdf', border: '#e8832a' },
  soon: { fg: '#5f4a00', bg: '#fff6cc', border: '#d9ad00' },
  ok: { fg: '#2b3036', bg: '#ffffff', border: '#ced4da' },
  paused: { fg: '#454c54', bg: '#eceff2', border: '#98a1ab' }
}

export const SYNC_SWATCHES: Readonly<Record<SyncBadge, Swatch>> = {
  pending: { fg: '#8a3b00', bg: '#ffefdf', border: '#e8832a' },
  confirmed: { fg: '#1c5b2a', bg: '#e5f4e8', border: '#5aa469' },
  rejected: { fg: '#9b1c1c', bg: '#fde8e8', border: '#d64545' }
}

function channel(c: number): number {
  const s = c / 255
  return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4
}

export function relativeLuminance(hex: string): number {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex)
  if (!m) throw new RangeError(`Expected #rrggbb, got ${hex}`)
  const [r, g, b] = [m[1], m[2], m[3]].map((h) => channel(parseInt(h ?? '0', 16))) as [number, number, number]
  return 0.2126 * r + 0.7152 * g + 0.0722 * b
}

export function contrastRatio(a: string, b: string): number {
  const la = relativeLuminance(a)
  const lb = relativeLuminance(b)
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05)
}
