import type { FastifyInstance, FastifyReply, FastifyRequest, RouteShorthandOptions } from 'fastify'
import { z } from 'zod'
import { adminCredentialsSchema } from '../../shared/admin'
import { serviceIdSchema } from '../../shared/catalogue/card'
import {
  catalogueListRequestSchema,
  createDraftRequestSchema,
  importRequestSchema,
  toTestingRequestSchema,
  updateDraftRequestSchema
} from '../../shared/catalogue/contract'
import type { PortalDb } from '../db/portal-db'
import type { WorkstationRow } from '../db/workstations-repository'
import type { PortalDeps } from '../deps'
import { parseInput } from '../errors'
import {
  backToDraft,
  createServiceDraft,
  draftNextVersion,
  exportCatalogueVersion,
  getCatalogueVersion,
  importCard,
  listCatalogue,
  moveToTesting,
  publishVersion,
  updateServiceDraft,
  withdrawVersion
} from './staff'
import { deleteTestApplications } from './test-applications'

/*
 * The catalogue's staff routes (catalogue/staff.ts): POST only, each with the workstation's token
 * (checked before the body is read, `route`) and the acting clerk's login and password in the body.
 */

const serviceParam = z.strictObject({ serviceId: serviceIdSchema })
const versionParam = z.strictObject({ serviceId: serviceIdSchema, version: z.coerce.number().int().positive().max(1_000_000) })

export function registerCatalogueStaffRoutes(
  app: FastifyInstance,
  db: PortalDb,
  deps: PortalDeps,
  opts: { route: RouteShorthandOptions; workstationOf: (req: FastifyRequest) => WorkstationRow }
): void {
  const { route, workstationOf } = opts
  const base = '/admin/catalogue'
  const versionOf = (req: FastifyRequest): { serviceId: string; version: number } => parseInput(versionParam, req.params)

  app.post(`${base}/list`, route, async (req) => {
    const { stage, ...creds } = parseInput(catalogueListRequestSchema, req.body)
    return listCatalogue(db, deps, workstationOf(req), creds, stage)
  })

  app.post(`${base}/services`, route, async (req, reply: FastifyReply) => {
    const { card, ...creds } = parseInput(createDraftRequestSchema, req.body)
    return reply.status(201).send(await createServiceDraft(db, deps, workstationOf(req), creds, card))
  })

  app.post(`${base}/import`, route, async (req, reply: FastifyReply) => {
    const { file, ...creds } = parseInput(importRequestSchema, req.body)
    return reply.status(201).send(await importCard(db, deps, workstationOf(req), creds, file))
  })

  // Issue 17: the service's test applications deleted in one step (catalogue/test-applications.ts).
  app.post(`${base}/services/:serviceId/test-applications/delete`, route, async (req) => {
    const { serviceId } = parseInput(serviceParam, req.params)
    return deleteTestApplications(db, deps, workstationOf(req), parseInput(adminCredentialsSchema, req.body), serviceId)
  })

  app.post(`${base}/services/:serviceId/next`, route, async (req, reply: FastifyReply) => {
    const { serviceId } = parseInput(serviceParam, req.params)
    const creds = parseInput(adminCredentialsSchema, req.body)
    return reply.status(201).send(await draftNextVersion(db, deps, workstationOf(req), creds, serviceId))
  })

  app.post(`${base}/services/:serviceId/versions/:version`, route, async (req) => {
    const { serviceId, version } = versionOf(req)
    return getCatalogueVersion(db, deps, workstationOf(req), parseInput(adminCredentialsSchema, req.body), serviceId, version)
  })

  app.post(`${base}/services/:serviceId/versions/:version/update`, route, async (req) => {
    const { serviceId, version } = versionOf(req)
    const { card, ...creds } = parseInput(updateDraftRequestSchema, req.body)
    return updateServiceDraft(db, deps, workstationOf(req), creds, serviceId, version, card)
  })

  app.post(`${base}/services/:serviceId/versions/:version/testing`, route, async (req) => {
    const { serviceId, version } = versionOf(req)
    const { validHours, ...creds } = parseInput(toTestingRequestSchema, req.body)
    return moveToTesting(db, deps, workstationOf(req), creds, serviceId, version, validHours)
  })

  const simple = [
    ['publish', publishVersion],
    ['withdraw', withdrawVersion],
    ['back-to-draft', backToDraft],
    ['export', exportCatalogueVersion]
  ] as const
  for (const [name, handler] of simple)
    app.post(`${base}/services/:serviceId/versions/:version/${name}`, route, async (req) => {
      const { serviceId, version } = versionOf(req)
      return handler(db, deps, workstationOf(req), parseInput(adminCredentialsSchema, req.body), serviceId, version)
    })
}
