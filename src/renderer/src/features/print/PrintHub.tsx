import { useState, type ReactElement } from 'react'
import { Button, Group, Select, Stack, Title, Text } from '@mantine/core'
import { DateField } from '../../components/DateField'
import { usePrintT } from './use-print-t'
import { printHref } from './print-route'

/** The day registers (журнал реєстрації, журнал видачі) for a chosen date. */
export function PrintHub({ today }: { today: string }): ReactElement {
  const { t } = usePrintT()
  const [date, setDate] = useState(today)
  const [document, setDocument] = useState<'daily_register' | 'issue_register'>('daily_register')
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(date)
  return (
    <Stack gap="md" maw={560}>
      <Title order={1} tabIndex={-1}>
        {t('hub.title')}
      </Title>
      <Text>{t('hub.intro')}</Text>
      <Select
        label={t('documents.daily_register') + ' / ' + t('documents.issue_register')}
        data={[
          { value: 'daily_register', label: t('documents.daily_register') },
          { value: 'issue_register', label: t('documents.issue_register') }
        ]}
        value={document}
        onChange={(v) => setDocument(v === 'issue_register' ? 'issue_register' : 'daily_register')}
        allowDeselect={false}
      />
      <DateField label={t('hub.date')} value={date || null} onChange={(v) => setDate(v ?? '')} required />
      <Group>
        <Button component="a" href={valid ? printHref({ document, date }) : undefined} disabled={!valid}>
          {t('hub.open')}
        </Button>
      </Group>
    </Stack>
  )
}
