import { z } from 'zod'
import { ROLES } from './domain/application'

/**
 * Who is signed in at a workstation, as the portal answers a sign-in (protocol.ts) and as the back
 * end holds it: the acting clerk is taken from here, never from a request.
 */
export const clerkSessionSchema = z.strictObject({
  clerkId: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  centreId: z.string()
})
export type ClerkSession = z.infer<typeof clerkSessionSchema>
