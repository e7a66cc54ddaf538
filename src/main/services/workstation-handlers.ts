import { getApplication, getSyncState, listEvents } from '../db/applications-repository'
import type { CatalogueEditorMethodName } from '../../shared/catalogue-editor-contract'
import { applicationCard, applicationService, listLiveCardVersions, listServices } from '../db/catalogue-repository'
import { readSetting, writeSetting } from '../db/settings'
import { getOutboxBySeq, listOpenConflicts, listOutboxForApplication } from '../db/sync-repository'
import type { AppInfo, ConflictItem, PendingCommandView, SyncStatus } from '../../shared/contract'
import { COMMAND_TYPES, whyNot, type CommandInput, type CommandType } from '../../shared/domain/commands'
import { DomainError } from '../../shared/result'
import { roleRefusal } from '../../shared/domain/roles'
import { createAttachmentHandlers } from './attachment-handlers'
import { createQueueHandlers } from './queue-handlers'
import { newAccessCode } from './access-codes'
import { registerWalkIn, resolveConflictAs, type DeskContext } from './desk-use-cases'
import { putAccessCodeSlip } from '../db/access-code-slips-repository'
import type { HandlerMap } from './dispatch'
import { requireClerk, type HandlerDeps } from './handler-deps'
import type { AdminMethodName } from '../../shared/admin-contract'
import type { ReportsMethodName } from '../../shared/reports-contract'
import type { PrintMethodName } from '../../shared/print-contract'
import type { SessionMethodName } from '../../shared/session-contract'

/** The workstation's use cases behind the contract. Thin: rules live in src/shared, SQL in src/main/db. */
/** Every contract method except printing's (print-handlers.ts), the session's and audit's (session-handlers.ts), the reports' (report-handlers.ts) and the catalogue editor's (catalogue-editor-handlers.ts). */
export type CoreHandlerMap = Omit<
  HandlerMap,
  PrintMethodName | SessionMethodName | AdminMethodName | ReportsMethodName | CatalogueEditorMethodName
>

export function createHandlers(deps: HandlerDeps): CoreHandlerMap {
  const { db } = deps
  const desk: DeskContext = { db, engine: deps.engine, clock: deps.clock, newId: deps.newId }

  const submit = (input: CommandInput) => {
    const clerk = requireClerk(deps.session)
    const env = deps.engine.submit(input, clerk)
    deps.poke()
    return { commandId: env.commandId, seq: env.seq }
  }

  return {
    ...createAttachmentHandlers(deps),
    ...createQueueHandlers(deps),
    'app.info': (): AppInfo => {
      return {
        version: deps.appVersion,
        shell: deps.shell,
        workstationId: deps.workstationId,
        node: readSetting(db, 'workstation.node'),
        language: readSetting(db, 'ui.language'),
        clerk: deps.session()
      }
    },
    'settings.setLanguage': ({ language }) => {
      writeSetting(db, 'ui.language', language)
      return null
    },
    'catalogue.list': () => listServices(db),
    'catalogue.intake': () => listLiveCardVersions(db),
    'application.get': ({ id }) => {
      const record = getApplication(db, id)
      if (!record) throw new DomainError('not_found', 'Заявку не знайдено на цій робочій станції')
      const conflicts = listOpenConflicts(db).filter((c) => c.applicationId === id)
      const rejectedSeqs = new Set(conflicts.map((c) => c.seq))
      const pending: PendingCommandView[] = listOutboxForApplication(db, id)
        .filter((row) => row.state === 'pending' || rejectedSeqs.has(row.seq))
        .map((row) => ({
          commandId: row.commandId,
          seq: row.seq,
          type: row.type,
          issuedAt: row.issuedAt,
          state: row.state === 'pending' ? 'pending' : 'rejected',
          payload: row.payload
        }))
      const clerk = deps.session()
      const actions = Object.fromEntries(
        COMMAND_TYPES.map((type) => [type, clerk ? whyNot(record, type, clerk) : 'Увійдіть до системи'])
      ) as Record<CommandType, string | null>
      actions.register_walk_in = 'Лише для нової заявки'
      if (clerk && actions.reissue_access_code === null)
        actions.reissue_access_code = roleRefusal(clerk.role, 'reissue_access_code', record)
      return {
        record,
        service: applicationService(db, record),
        card: applicationCard(db, record.serviceId, record.serviceVersion),
        events: listEvents(db, id),
        pending,
        sync: getSyncState(db, id) ?? 'confirmed',
        actions
      }
    },
    'command.submit': (input) => {
      if (input.type === 'register_walk_in') {
        throw new DomainError('invalid_input', 'Нову заявку реєструють через форму прийому (walkIn.register)')
      }
      // The code must be made here, where it is kept for the receipt, not by whoever calls.
      if (input.type === 'reissue_access_code') {
        throw new DomainError('invalid_input', 'Новий код доступу видають через accessCode.reissue')
      }
      return submit(input)
    },
    'walkIn.register': async (input) => {
      const clerk = requireClerk(deps.session)
      if (readSetting(db, 'workstation.node') === null)
        throw new DomainError('forbidden', 'Робочу станцію ще не зареєстровано в порталі: номер заявки видати неможливо')
      // Made before the transaction: scrypt takes tens of milliseconds, off the database's lock.
      const access = await newAccessCode()
      const result = registerWalkIn(desk, clerk, input, access)
      deps.poke()
      return result
    },
    'accessCode.reissue': async ({ id }) => {
      const clerk = requireClerk(deps.session)
      if (!getApplication(db, id)) throw new DomainError('not_found', 'Заявку не знайдено на цій робочій станції')
      const access = await newAccessCode()
      const run = db.transaction(() => {
        const env = deps.engine.submit({ type: 'reissue_access_code', applicationId: id, payload: { accessCodeHash: access.hash } }, clerk)
        putAccessCodeSlip(db, { applicationId: id, code: access.code, issuedAt: deps.clock().toISOString() })
        return { accessCode: access.code, commandId: env.commandId, seq: env.seq }
      })
      const result = run.immediate()
      deps.poke()
      return result
    },
    'sync.status': (): SyncStatus => ({ ...deps.engine.status(), portalUrl: deps.portalUrl }),
    'sync.now': () => {
      deps.poke()
      return null
    },
    'conflicts.list': (): ConflictItem[] =>
      listOpenConflicts(db).map((c) => {
        const command = getOutboxBySeq(db, c.seq)
        const current = getApplication(db, c.applicationId)
        return {
          id: c.id,
          commandId: command?.commandId ?? '',
          type: command?.type ?? 'note',
          applicationId: c.applicationId,
          orderNumber: current?.orderNumber ?? null,
          clerkName: command?.clerk.name ?? '',
          issuedAt: command?.issuedAt ?? c.rejectedAt,
          rejectedAt: c.rejectedAt,
          code: c.code,
          reason: c.reason,
          payload: command?.payload ?? null,
          current: current ? { status: current.status, holderName: current.holder?.name ?? null, version: current.version } : null
        }
      }),
    'conflicts.resolve': ({ id, action }) => {
      resolveConflictAs(desk, requireClerk(deps.session), id, action)
      deps.poke()
      return null
    }
  }
}
