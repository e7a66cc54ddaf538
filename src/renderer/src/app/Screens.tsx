import type { ReactElement } from 'react'
import type { ApplicationDocument } from '../../../shared/print-contract'
import type { ReportSlice } from '../../../shared/reports/definitions'
import { ApplicationScreen } from '../features/application/ApplicationScreen'
import { AdminScreen } from '../features/admin/AdminScreen'
import { CatalogueScreen } from '../features/catalogue/CatalogueScreen'
import { AuditScreen } from '../features/audit/AuditScreen'
import { IntakeScreen } from '../features/intake/IntakeScreen'
import { QueueScreen } from '../features/queue/QueueScreen'
import { openReport } from '../features/queue/queue-store'
import { ReportsScreen } from '../features/reports/ReportsScreen'
import { PrintPreviewScreen } from '../features/print/PrintPreviewScreen'
import { PrintHub } from '../features/print/PrintHub'
import { printHref } from '../features/print/print-route'
import { SettingsScreen } from '../features/settings/SettingsScreen'
import { ShortcutsSwitch } from '../features/settings/ShortcutsSwitch'
import { useSettings } from '../features/settings/settings-store'
import { SyncScreen } from '../features/sync-status/SyncScreen'
import { useAppInfo } from './app-info-store'
import { applicationHref, hrefOf, navigate, useRoute } from './routes'

const openApplication = (id: string): void => navigate({ name: 'application', id })
/** A dashboard figure opens the queue with exactly its applications. */
const openReportInQueue = (slice: ReportSlice): void => {
  openReport(slice)
  navigate({ name: 'queue' })
}
const receiptHref = (id: string): string => printHref({ document: 'receipt', applicationId: id })
const documentHref = (document: ApplicationDocument, id: string): string => printHref({ document, applicationId: id })
/** Today's date in Kyiv, the default day of the registers. */
const localToday = (): string => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Kyiv' }).format(new Date())

/** Route → screen, and the props through which the app layer lets features reach each other. */
export function Screens(): ReactElement {
  const route = useRoute((s) => s.route)
  const singleKeyShortcuts = useSettings((s) => s.singleKeyShortcuts)
  const shortcutKeys = useSettings((s) => s.shortcutKeys)
  const clerk = useAppInfo((s) => s.info?.clerk ?? null)
  switch (route.name) {
    case 'queue':
      return (
        <QueueScreen
          onOpen={openApplication}
          rowHref={applicationHref}
          singleKeyShortcuts={singleKeyShortcuts}
          shortcutKeys={shortcutKeys}
          shortcutsSetting={<ShortcutsSwitch />}
        />
      )
    case 'application':
      return <ApplicationScreen id={route.id} queueHref={hrefOf({ name: 'queue' })} clerk={clerk} printHref={documentHref} />
    case 'intake':
      return <IntakeScreen applicationHref={applicationHref} receiptHref={receiptHref} />
    case 'sync':
      return <SyncScreen applicationHref={applicationHref} />
    case 'settings':
      return <SettingsScreen />
    case 'print':
      return route.target ? (
        <PrintPreviewScreen key={printHref(route.target)} target={route.target} onClose={() => window.history.back()} />
      ) : (
        <PrintHub today={localToday()} />
      )
    case 'audit':
      return <AuditScreen applicationHref={applicationHref} />
    case 'admin':
      return <AdminScreen clerk={clerk} catalogueHref={hrefOf({ name: 'catalogue' })} />
    case 'reports':
      return <ReportsScreen onDrill={openReportInQueue} />
    case 'catalogue':
      return <CatalogueScreen clerk={clerk} />
  }
}
