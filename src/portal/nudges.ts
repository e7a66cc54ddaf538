import type { Nudge } from '../shared/protocol'

/*
 * "Centre X moved to version V" — the only thing the server push says (sync.md). It carries no data;
 * a workstation that hears it pulls. In-process: every writer of this portal process publishes
 * after its transaction commits. (Several portal processes behind one database would relay these
 * through LISTEN/NOTIFY; one process is the pilot's shape.)
 */

export interface NudgeSubscriber {
  workstationId: string
  centreId: string
  send(nudge: Nudge): void
  close(): void
}

export class NudgeHub {
  private readonly subscribers = new Set<NudgeSubscriber>()

  subscribe(sub: NudgeSubscriber): () => void {
    this.subscribers.add(sub)
    return () => {
      this.subscribers.delete(sub)
    }
  }

  publish(centreId: string, version: number): void {
    // A nudge that arrives late or twice costs one pull that finds nothing: no ordering needed.
    for (const sub of this.subscribers) {
      if (sub.centreId === centreId) sub.send({ centreId, version })
    }
  }

  /** Ends the streams of a workstation (revoked). */
  disconnect(workstationId: string): void {
    for (const sub of [...this.subscribers]) {
      if (sub.workstationId === workstationId) {
        this.subscribers.delete(sub)
        sub.close()
      }
    }
  }

  closeAll(): void {
    for (const sub of [...this.subscribers]) sub.close()
    this.subscribers.clear()
  }

  get size(): number {
    return this.subscribers.size
  }
}
