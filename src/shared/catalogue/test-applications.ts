import { z } from 'zod'

/*
 * Deleting a service's test applications in one step when its testing ends (issue 17): the answer
 * of POST /admin/catalogue/services/:serviceId/test-applications/delete (the body is the acting
 * administrator's credentials, admin.ts adminCredentialsSchema).
 */
export const deleteTestApplicationsResponseSchema = z.strictObject({
  serviceId: z.string(),
  /** How many test applications were deleted (0: there were none; nothing changed). */
  deleted: z.number().int().nonnegative(),
  /** The centre's change version that carries the removals to the workstations; null when none were deleted. */
  changeVersion: z.number().int().positive().nullable()
})
export type DeleteTestApplicationsResponse = z.infer<typeof deleteTestApplicationsResponseSchema>
