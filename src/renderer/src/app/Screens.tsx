import type { ReactElement } from 'react'
import { ApplicationScreen } from '../features/application/ApplicationScreen'
import { IntakeScreen } from '../features/intake/IntakeScreen'
import { QueueScreen } from '../features/queue/QueueScreen'
import { SettingsScreen } from '../features/settings/SettingsScreen'
import { ShortcutsSwitch } from '../features/settings/ShortcutsSwitch'
import { useSettings } from '../features/settings/settings-store'
import { SyncScreen } from '../features/sync-status/SyncScreen'
import { useAppInfo } from './app-info-store'
import { applicationHref, hrefOf, navigate, useRoute } from './routes'

const openApplication = (id: string): void => navigate({ name: 'application', id })

/** Route → screen, and the props through which the app layer lets features reach each other. */
export function Screens(): ReactElement {
  const route = useRoute((s) => s.route)
  const singleKeyShortcuts = useSettings((s) => s.singleKeyShortcuts)
  const clerk = useAppInfo((s) => s.info?.clerk ?? null)
  switch (route.name) {
    case 'queue':
      return (
        <QueueScreen
          onOpen={openApplication}
          rowHref={applicationHref}
          singleKeyShortcuts={singleKeyShortcuts}
          shortcutsSetting={<ShortcutsSwitch />}
        />
      )
    case 'application':
      return <ApplicationScreen id={route.id} queueHref={hrefOf({ name: 'queue' })} clerk={clerk} />
    case 'intake':
      return <IntakeScreen applicationHref={applicationHref} />
    case 'sync':
      return <SyncScreen applicationHref={applicationHref} />
    case 'settings':
      return <SettingsScreen />
  }
}
