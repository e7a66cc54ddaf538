import { isIP } from 'node:net'

/** A comma-separated list of IPv4/IPv6 addresses or CIDR ranges; anything else is refused by name. */
export function parseTrustProxy(name: string, raw: string | undefined): string[] {
  if (raw === undefined) throw new Error(`${name}: expected addresses, e.g. 127.0.0.1 or 10.0.0.0/24`)
  const items = raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
  for (const item of items) {
    const [address, bits, extra] = item.split('/')
    const family = isIP(address ?? '')
    const prefixOk = bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 6 ? 128 : 32))
    if (family === 0 || !prefixOk || extra !== undefined)
      throw new Error(`${name}: «${item}» is not an IP address or a CIDR range (e.g. 127.0.0.1, 10.0.0.0/24, ::1)`)
  }
  return items
}
