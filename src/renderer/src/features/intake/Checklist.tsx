import { Button, Checkbox, Stack, Text } from '@mantine/core'
import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { serviceOf, updateDraft, useIntake, intakeStore } from './intake-store'
import classes from './IntakeScreen.module.css'
import { Block } from './Block'

export function Checklist({ today }: { today: string }): ReactElement {
  const { t, i18n } = useTranslation()
  const en = i18n.language === 'en'
  const service = useIntake((s) => serviceOf(s))
  const received = useIntake((s) => s.draft.received)
  const docs = service?.documents ?? []
  const missing = docs.filter((d) => d.required && !received[d.name_uk]).length
  const allTicked = docs.length > 0 && docs.every((d) => received[d.name_uk])
  return (
    <Block
      id="intake-docs-title"
      title={t('intake.documents')}
      extra={
        docs.length > 0 ? (
          <Button
            size="compact-sm"
            variant="default"
            onClick={() => updateDraft({ received: Object.fromEntries(docs.map((d) => [d.name_uk, !allTicked])) }, today, t)}
          >
            {allTicked ? t('intake.untickAll') : t('intake.tickAll')}
          </Button>
        ) : null
      }
    >
      {!service ? (
        <Text size="sm">{t('intake.documentsFirst')}</Text>
      ) : docs.length === 0 ? (
        <Text size="sm">{t('application.documents.none')}</Text>
      ) : (
        <>
          <Stack gap={6} role="group" aria-labelledby="intake-docs-title">
            {docs.map((d) => (
              <Checkbox
                key={d.name_uk}
                checked={received[d.name_uk] ?? false}
                onChange={(e) => {
                  const on = e.currentTarget.checked
                  updateDraft({ received: { ...intakeStore.getState().draft.received, [d.name_uk]: on } }, today, t)
                }}
                label={
                  <>
                    {en ? d.name_en : d.name_uk}
                    <Text span size="sm" c="dimmed">
                      {' '}
                      ({d.required ? t('intake.required') : t('application.documents.optional')})
                    </Text>
                  </>
                }
              />
            ))}
          </Stack>
          <Text size="sm" role="status" className={missing > 0 ? classes.warning : undefined}>
            {missing > 0 ? t('intake.missingRequired', { count: missing }) : t('intake.allRequired')}
          </Text>
        </>
      )}
    </Block>
  )
}
