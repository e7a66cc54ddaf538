import { Button, Group, Paper, Text, Title } from '@mantine/core'
import { useEffect, useRef, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { startNext, useIntake } from './intake-store'
import classes from './IntakeScreen.module.css'

export function RegisteredView({
  applicationHref,
  receiptHref
}: {
  applicationHref: (id: string) => string
  receiptHref: ((id: string) => string) | null
}): ReactElement {
  const { t, i18n } = useTranslation()
  const registered = useIntake((s) => s.registered)
  const services = useIntake((s) => s.services)
  const headingRef = useRef<HTMLHeadingElement>(null)
  useEffect(() => {
    headingRef.current?.focus()
  }, [])
  if (!registered) return <></>
  const service = services?.find((s) => s.id === registered.serviceId)
  return (
    <Paper component="section" withBorder p="xl" className={classes.registered} aria-labelledby="intake-registered-title">
      <Title order={2} size="h3" id="intake-registered-title" ref={headingRef} tabIndex={-1}>
        {t('intake.registered.title')}
      </Title>
      <Text mt="md">{t('intake.registered.number')}</Text>
      <p className={classes.orderNumber}>{registered.orderNumber}</p>
      <Text>
        {registered.applicantName}
        {service ? ` · ${i18n.language === 'en' ? service.name_en : service.name_uk}` : ''}
      </Text>
      <Text size="sm" mt="xs" c="dimmed">
        {t('intake.registered.offline')}
      </Text>
      <Text mt="md">{t('intake.registered.accessCode')}</Text>
      <p className={classes.accessCode} data-testid="intake-access-code">
        {registered.accessCode}
      </p>
      <Text size="sm" c="dimmed">
        {t('intake.registered.accessCodeHint')}
      </Text>
      <Group mt="lg" gap="sm">
        <Button component="a" href={applicationHref(registered.applicationId)}>
          {t('intake.registered.open')}
        </Button>
        {receiptHref ? (
          <Button component="a" variant="default" href={receiptHref(registered.applicationId)}>
            {t('intake.registered.printReceipt')}
          </Button>
        ) : null}
        <Button variant="default" onClick={() => startNext()}>
          {t('intake.registered.next')}
        </Button>
      </Group>
    </Paper>
  )
}
