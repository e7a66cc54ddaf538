/*
 * Transitional: the portal's SQL is split by area into *-repository.ts files. Only push.ts,
 * push.test.ts and src/sim (being changed on another branch) still import from here; once they
 * import from the area files, delete this file.
 */
export * from './applications-repository'
export * from './attachments-repository'
export * from './centres-repository'
export * from './clerks-repository'
export * from './command-results-repository'
export * from './maintenance-repository'
export * from './order-sequences-repository'
export * from './pull-repository'
export * from './workstations-repository'
export { toIso } from './sql'
