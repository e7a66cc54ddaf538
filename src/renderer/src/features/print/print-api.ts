import type { PrintMethodInput, PrintMethodName, PrintMethodOutput } from '../../../../shared/print-contract'
import type { Result } from '../../../../shared/result'
import { call } from '../../lib/api'

/** The print methods of the contract, as this feature calls them; tests pass their own. */
export type PrintApi = <M extends PrintMethodName>(method: M, input: PrintMethodInput<M>) => Promise<Result<PrintMethodOutput<M>>>

/*
 * lib/api's `call` is typed by the app contract, which gets the print methods when the lead merges
 * printContract into it; the transport itself is name-agnostic (IPC channel / POST /rpc/<method>).
 * The cast goes away with the merge.
 */
export const printApi: PrintApi = (method, input) => (call as unknown as PrintApi)(method, input)
