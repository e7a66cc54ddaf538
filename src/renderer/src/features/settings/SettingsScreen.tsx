import { Radio, Stack, Title } from '@mantine/core'
import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { LANGUAGES } from '../../../../shared/contract'
import { isLanguage } from '../../lib/i18n'
import { changeLanguage, useSettings } from './settings-store'
import { ShortcutsSwitch } from './ShortcutsSwitch'
import { notify } from '../../lib/notify'

export function SettingsScreen(): ReactElement {
  const { t } = useTranslation()
  const language = useSettings((s) => s.language)
  return (
    <Stack gap="xl" maw={720}>
      <Title order={1} size="h2" tabIndex={-1} id="settings-title">
        {t('settings.title')}
      </Title>
      <Radio.Group
        label={t('language.label')}
        value={language}
        onChange={async (value) => {
          if (!isLanguage(value)) return
          const result = await changeLanguage(value)
          if (!result.ok) notify(t('language.saveFailed'), { color: 'yellow' })
        }}
      >
        <Stack gap="xs" mt="xs">
          {LANGUAGES.map((lng) => (
            <Radio key={lng} value={lng} label={<span lang={lng}>{t(`language.full.${lng}`)}</span>} />
          ))}
        </Stack>
      </Radio.Group>
      <Stack gap="xs">
        <Title order={2} size="h4">
          {t('settings.keyboard')}
        </Title>
        <ShortcutsSwitch />
      </Stack>
    </Stack>
  )
}
