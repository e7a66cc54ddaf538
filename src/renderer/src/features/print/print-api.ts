import type { MethodInput, MethodOutput } from '../../../../shared/contract'
import type { PrintMethodName } from '../../../../shared/print-contract'
import type { Result } from '../../../../shared/result'
import { call } from '../../lib/api'

/** The print methods of the contract (print-contract.ts), as this feature calls them; tests pass their own. */
export type { PrintMethodName }
export type PrintMethodInput<M extends PrintMethodName> = MethodInput<M>
export type PrintMethodOutput<M extends PrintMethodName> = MethodOutput<M>
export type PrintApi = <M extends PrintMethodName>(method: M, input: PrintMethodInput<M>) => Promise<Result<PrintMethodOutput<M>>>

export const printApi: PrintApi = (method, input) => call(method, input)
