import { createHash, createPrivateKey, createPublicKey, sign } from 'node:crypto'
import { commandSigningBytes } from '../shared/command-signature'
import { commandEnvelopeSchema, type CommandEnvelope } from '../shared/domain/commands'
import { listAllOutbox, toEnvelope } from '../main/db/sync-repository'
import { CommandSigner } from '../main/sync/command-signing'
import type { Db } from '../main/db/connection'
import { handleEnrol, handlePush, type PortalDeps, type PortalDb, type Queryable } from '../portal/index'
import { getClerkKey } from '../portal/db/keys-repository'
import { getClerk } from '../portal/db/clerks-repository'
import { getWorkstation } from '../portal/db/workstations-repository'
import { registerClerkKey } from '../portal/sync/clerk-keys'
import { signatureRefusal } from '../portal/sync/verify-signature'
import { DEMO_CENTRE } from '../shared/demo/clerks'
import type { Violation } from './invariants'
import { Rng, simUuid } from './rng'

/*
 * Who did it, simulated (issue 20). Every simulated workstation signs its clerks' commands with
 * keys registered on the portal as an online sign-in registers them; a seeded ATTACKER — an
 * enrolled workstation of the same centre with no clerk signed in — sends forged commands in the
 * honest clerks' names: unsigned, signed with its own unregistered key, honest desks' signed
 * envelopes replayed as its own, and those with a field changed. Invariant 7 then checks the
 * portal: every applied command carries a valid signature by its clerk's key on the workstation
 * that sent it, and the attacker got nothing applied. The planted bug `skipSignatureCheck` (the
 * portal decides without verifying) must be caught by it.
 */

/** An Ed25519 private key made from 32 seed bytes (RFC 8410 PKCS#8): the same seed gives the same key, so a seed replays exactly. */
function seededKey(label: string): { privateKey: ReturnType<typeof createPrivateKey>; publicKey: string } {
  const seed = createHash('sha256').update(label).digest()
  const der = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed])
  const privateKey = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' })
  const jwk = createPublicKey(privateKey).export({ format: 'jwk' })
  return { privateKey, publicKey: jwk.x as string }
}

/** Registers a key for each clerk of a simulated workstation on the portal and returns the signer that holds them. */
export async function registerSimKeys(
  db: PortalDb,
  deps: PortalDeps,
  ws: { id: string },
  clerkIds: readonly string[],
  seedLabel: string
): Promise<CommandSigner> {
  const signer = new CommandSigner(ws.id)
  const row = await getWorkstation(db, ws.id)
  if (!row) throw new Error(`registerSimKeys: no workstation ${ws.id}`)
  for (const clerkId of new Set(clerkIds)) {
    const clerk = await getClerk(db, clerkId)
    if (!clerk) throw new Error(`registerSimKeys: no clerk ${clerkId}`)
    const key = seededKey(`${seedLabel}:${ws.id}:${clerkId}`)
    const { keyId } = await registerClerkKey(db, deps, clerk, row, key.publicKey)
    signer.hold(clerkId, keyId, key.privateKey)
  }
  return signer
}

export interface Attacker {
  id: string
  seq: number
  rng: Rng
}

export async function enrolAttacker(db: PortalDb, deps: PortalDeps, seed: number): Promise<Attacker> {
  const id = simUuid(0x0bad0000, 0)
  await handleEnrol(db, deps, {
    enrolmentCode: DEMO_CENTRE.enrolmentCode,
    workstationId: id,
    creationNonce: 'sim-attacker-nonce',
    label: 'зловмисне робоче місце'
  })
  return { id, seq: 0, rng: new Rng(seed ^ 0x5bd1e995) }
}

/**
 * One round of attack: forged commands in the clerks' names, built from what an enrolled
 * workstation can see or capture (the applications, the clerks' ids, honest desks' envelopes on the
 * wire), pushed as the attacker's own. Returns a line for the trace.
 */
export async function attack(
  db: PortalDb,
  deps: PortalDeps,
  attacker: Attacker,
  honest: readonly { db: Db }[],
  clerks: readonly { clerkId: string; name: string }[],
  applications: readonly string[]
): Promise<string> {
  const { rng } = attacker
  const own = seededKey(`attacker:${attacker.id}`)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rng.next() * list.length)] as T
  const forged: CommandEnvelope[] = []
  const next = (cmd: Omit<CommandEnvelope, 'seq'>): CommandEnvelope => ({ ...cmd, seq: ++attacker.seq })
  const draft = (type: 'claim' | 'note', clerk: { clerkId: string; name: string }) => ({
    commandId: simUuid(0x0bad0001, attacker.seq + 1),
    type,
    v: 1,
    applicationId: pick(applications),
    baseVersion: null,
    clerk: { clerkId: clerk.clerkId, name: clerk.name },
    issuedAt: new Date(deps.clock().getTime()).toISOString(),
    payload: type === 'claim' ? {} : { text: 'підроблена нотатка' }
  })
  if (applications.length > 0 && clerks.length > 0) {
    // Unsigned, in a clerk's name.
    forged.push(next(draft('claim', pick(clerks))))
    // Signed with the attacker's own key pair, which no sign-in ever registered.
    const self = next(draft('note', pick(clerks)))
    forged.push({
      ...self,
      signature: { keyId: 'key-attacker', value: sign(null, commandSigningBytes(attacker.id, self), own.privateKey).toString('base64url') }
    })
  }
  // Honest desks' signed envelopes, as captured: replayed as they are, and with a field changed.
  const captured = honest.flatMap((w) => listAllOutbox(w.db).filter((r) => r.signature !== null)).map(toEnvelope)
  for (let i = 0; i < 4 && captured.length > 0; i++) {
    const env = pick(captured)
    const replay = next({ ...env })
    forged.push(
      rng.next() < 0.5 ? replay : { ...replay, applicationId: pick(applications.length > 0 ? applications : [env.applicationId]) }
    )
  }
  if (forged.length === 0) return 'the attacker found nothing to forge'
  const checked = forged.map((c) => commandEnvelopeSchema.parse(c))
  const res = await handlePush(db, deps, { id: attacker.id, centreId: DEMO_CENTRE.id }, { workstationId: attacker.id, commands: checked })
  const outcomes = res.results.map((r) => (r.outcome === 'applied' ? 'APPLIED' : (r.code ?? '?')))
  return `the attacker pushes ${forged.length} forged command(s): ${outcomes.join(', ')}`
}

/**
 * Invariant 7: every command the portal applied carries a valid signature by its clerk's key on
 * the workstation that sent it (checked again here, apart from the portal's own check), and the
 * attacker got nothing applied.
 */
export async function checkSignatures(db: Queryable, attackerId: string | null): Promise<Violation[]> {
  const out: Violation[] = []
  const rows = await db.query<{ workstation_id: string; seq: number; command: unknown }>(
    `SELECT workstation_id, seq, command FROM command_results WHERE outcome = 'applied' ORDER BY workstation_id, seq`
  )
  for (const r of rows) {
    const parsed = commandEnvelopeSchema.safeParse(r.command)
    const label = `${r.workstation_id === attackerId ? 'the attacker' : `workstation …${r.workstation_id.slice(-4)}`} seq ${r.seq}`
    if (!parsed.success) {
      out.push({ invariant: 7, message: `${label}: applied, but its stored command is not an envelope` })
      continue
    }
    const cmd = parsed.data
    const key = cmd.signature ? await getClerkKey(db, cmd.signature.keyId) : null
    const refusal = signatureRefusal(cmd, r.workstation_id, key)
    if (refusal) out.push({ invariant: 7, message: `${label}: applied in the name of ${cmd.clerk.clerkId} though ${refusal.code}` })
    else if (r.workstation_id === attackerId) out.push({ invariant: 7, message: `${label}: the attacker got a command applied` })
  }
  return out
}
