import { Switch } from '@mantine/core'
import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { setSingleKeyShortcuts, useSettings } from './settings-store'

/** WCAG 2.1.4: single-character shortcuts can be turned off. */
export function ShortcutsSwitch(): ReactElement {
  const { t } = useTranslation()
  const enabled = useSettings((s) => s.singleKeyShortcuts)
  return (
    <Switch
      checked={enabled}
      onChange={(e) => setSingleKeyShortcuts(e.currentTarget.checked)}
      label={t('shortcuts.singleKey')}
      description={t('shortcuts.singleKeyHelp')}
    />
  )
}
