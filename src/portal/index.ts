/*
 * The portal's public surface for the rest of the project (the CLI, `npm start`, the deterministic
 * simulation). The handlers are plain functions of (db, deps, …): a simulation calls them without HTTP.
 */
export { createPortal, type CreatePortalOptions, type Portal } from './portal'
export { makeDeps, loadCatalogue, type PortalDeps, type PortalHooks } from './deps'
export { PgliteDb, type PgliteDbOptions } from './db/pglite-db'
export { PgDb, type PgDbOptions } from './db/pg-db'
export { DbUnavailableError, type PortalDb, type Queryable, type TxOptions } from './db/portal-db'
export { migrate, MIGRATIONS } from './db/migrations'
export { handlePush, pushOne, type WorkstationIdentity } from './sync/push'
export { handlePull } from './sync/pull'
export { handleResults } from './sync/results-chain'
export { handleEnrol, handleSignIn, authenticateWorkstation, revokeWorkstation } from './sync/workstations'
export { submitApplication, citizenStatus, submitAnswer, storeAttachment } from './intake/intake'
export { seedDemo, seedDemoCentre } from './seed'
export { NudgeHub, NudgeCoalescer, LocalNudgeBus, type NudgeBus } from './nudges'
export { PgNudgeBus } from './pg-nudges'
export { PortalError } from './errors'
export { startCitizenSimulator, type CitizenSimulator, type CitizenSimulatorOptions } from './citizen-simulator'
