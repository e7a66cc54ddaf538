import { SegmentedControl, VisuallyHidden } from '@mantine/core'
import { useId, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { LANGUAGES } from '../../../../shared/contract'
import { isLanguage } from '../../lib/i18n'
import { changeLanguage, useSettings } from './settings-store'
import { notify } from '../../lib/notify'

/** УКР / ENG: a radio group, so arrow keys move between the two and the choice is announced. */
export function LanguageSwitch(): ReactElement {
  const { t } = useTranslation()
  const language = useSettings((s) => s.language)
  const labelId = useId()
  return (
    <div role="group" aria-labelledby={labelId}>
      <VisuallyHidden id={labelId}>{t('language.label')}</VisuallyHidden>
      <SegmentedControl
        size="xs"
        value={language}
        onChange={async (value) => {
          if (!isLanguage(value)) return
          const result = await changeLanguage(value)
          if (!result.ok) notify(t('language.saveFailed'), { color: 'yellow' })
        }}
        data={LANGUAGES.map((lng) => ({
          value: lng,
          label: (
            <span lang={lng} title={t(`language.full.${lng}`)}>
              <span aria-hidden="true">{t(`language.short.${lng}`)}</span>
              <VisuallyHidden>{t(`language.full.${lng}`)}</VisuallyHidden>
            </span>
          )
        }))}
      />
    </div>
  )
}
