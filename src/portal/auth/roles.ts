// The role matrix lives in the shared domain so workstations predict it too.
export { roleRefusal } from '../../shared/domain/roles'
