import '@mantine/core/styles.css'
import '@mantine/notifications/styles.css'
import '@mantine/dates/styles.css'
import '@mantine/charts/styles.css'
import '@fontsource/noto-sans/latin-400.css'
import '@fontsource/noto-sans/cyrillic-400.css'
import '@fontsource/noto-sans/latin-600.css'
import '@fontsource/noto-sans/cyrillic-600.css'
import '@fontsource/noto-sans/latin-700.css'
import '@fontsource/noto-sans/cyrillic-700.css'
import './global.css'

import { MantineProvider } from '@mantine/core'
import { Notifications } from '@mantine/notifications'
import { useEffect, type ReactElement } from 'react'
import { I18nextProvider } from 'react-i18next'
import { i18n } from '../lib/i18n'
import { SessionGate } from '../features/session/SessionGate'
import { LanguageSwitch } from '../features/settings/LanguageSwitch'
import { Screens } from './Screens'
import { Shell } from './Shell'
import { startLive } from './live'
import { cssVariablesResolver, theme } from './theme'

export interface AppProps {
  /** 'test' turns off Mantine's transitions and portals in component tests. */
  env?: 'default' | 'test'
}

export function App({ env = 'default' }: AppProps): ReactElement {
  useEffect(() => startLive(), [])
  return (
    <I18nextProvider i18n={i18n}>
      <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} forceColorScheme="light" env={env}>
        <Notifications position="bottom-right" limit={4} />
        <SessionGate languageSwitch={<LanguageSwitch />}>
          <Shell>
            <Screens />
          </Shell>
        </SessionGate>
      </MantineProvider>
    </I18nextProvider>
  )
}
