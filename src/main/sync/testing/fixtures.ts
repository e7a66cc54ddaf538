// Transitional: the sample record is shared/testing/sample-record.ts; the sync engine's tests (being
// split on the sync branch) still import it from here. Delete this file when they import it from there.
export { sampleRecord } from '../../../shared/testing/sample-record'
