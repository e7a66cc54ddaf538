import { joinAccessCodeHash } from '../domain/access-code'

/** A well-formed access-code hash (16-byte salt, 32-byte key) for commands in tests that do not check codes. */
export const TEST_ACCESS_CODE_HASH = joinAccessCodeHash('AQEBAQEBAQEBAQEBAQEBAQ==', 'AgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgI=')
