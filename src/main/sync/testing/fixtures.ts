// Transitional: the sample record is shared/testing/sample-record.ts; the sync engine's tests (being
// split on the sync branch) still import it from here. Delete this file when they import it from there.
export { sampleRecord } from '../../../shared/testing/sample-record'

/** A well-formed access-code hash for commands in tests that do not check codes (16-byte salt, 32-byte key). */
export { TEST_ACCESS_CODE_HASH } from '../../../shared/testing/access-code-hash'
