import { Anchor, Button, Group, NativeSelect, Table, Text, TextInput, Title } from '@mantine/core'
import { DataTable } from '../../components/DataTable'
import { useEffect, type FormEvent, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { AUDIT_ACTIONS, type AuditAction } from '../../../../shared/audit'
import { DateField } from '../../components/DateField'
import { Notice } from '../../components/Notice'
import { Tag, type TagProps } from '../../components/Tag'
import { formatDateTime } from '../../lib/format'
import { describeDetail } from './audit-detail'
import { AUDIT_PAGE_SIZE, clearFilters, goToPage, search, setFilter, useAudit } from './audit-store'
import classes from './AuditScreen.module.css'
import { ScreenFrame } from '../../components/ScreenFrame'

/** Changes, documents, failed sign-ins and locks stand apart; the words say which. */
const ACTION_ACCENT: Record<AuditAction, TagProps['accent']> = {
  view: 'neutral',
  change: 'info',
  print: 'document',
  export: 'document',
  sign_in: 'neutral',
  sign_in_failed: 'bad',
  sign_out: 'neutral',
  lock: 'warning',
  unlock: 'warning',
  admin: 'neutral'
}

export interface AuditScreenProps {
  applicationHref: (applicationId: string) => string
}

const isAction = (v: string): v is AuditAction => (AUDIT_ACTIONS as readonly string[]).includes(v)

/**
 * The supervisor's view of the audit trail (Law 2297-VI): who opened, changed, printed or exported
 * which application, and every sign-in, from this workstation. Paged, newest first.
 */
export function AuditScreen({ applicationHref }: AuditScreenProps): ReactElement {
  const { t, i18n } = useTranslation()
  const filters = useAudit((s) => s.filters)
  const page = useAudit((s) => s.page)
  const offset = useAudit((s) => s.offset)
  const loading = useAudit((s) => s.loading)
  const error = useAudit((s) => s.error)

  useEffect(() => {
    void search()
  }, [])

  const submit = (e: FormEvent): void => {
    e.preventDefault()
    void search()
  }

  const total = page?.total ?? 0
  const pages = Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE))
  const current = Math.floor(offset / AUDIT_PAGE_SIZE) + 1
  const orderError = error?.field === 'orderNumber' ? error.message : undefined
  const datesError = error?.field === 'to' ? error.message : undefined

  return (
    <ScreenFrame title={t('audit.title')} width={1280}>
      <Text size="sm" c="dimmed" maw={900}>
        {t('audit.intro')}
      </Text>

      <form onSubmit={submit} aria-label={t('audit.filters')} className={classes.filters}>
        <TextInput
          label={t('audit.filter.clerk')}
          value={filters.clerk}
          onChange={(e) => setFilter('clerk', e.currentTarget.value)}
          maxLength={100}
        />
        <TextInput
          label={t('audit.filter.orderNumber')}
          value={filters.orderNumber}
          onChange={(e) => setFilter('orderNumber', e.currentTarget.value)}
          maxLength={40}
          error={orderError}
          inputMode="numeric"
        />
        <NativeSelect
          label={t('audit.filter.action')}
          value={filters.action}
          onChange={(e) => {
            const v = e.currentTarget.value
            setFilter('action', isAction(v) ? v : '')
          }}
          data={[
            { value: '', label: t('audit.filter.anyAction') },
            ...AUDIT_ACTIONS.map((a) => ({ value: a, label: t(`audit.actions.${a}`) }))
          ]}
        />
        <DateField label={t('audit.filter.from')} value={filters.from || null} onChange={(v) => setFilter('from', v ?? '')} clearable />
        <DateField
          label={t('audit.filter.to')}
          value={filters.to || null}
          onChange={(v) => setFilter('to', v ?? '')}
          error={datesError}
          clearable
        />
        <Group gap="xs" className={classes.buttons}>
          <Button type="submit" loading={loading}>
            {t('audit.search')}
          </Button>
          <Button variant="default" onClick={() => void clearFilters()}>
            {t('audit.clear')}
          </Button>
        </Group>
      </form>

      {error && !orderError && !datesError ? (
        <Notice kind="error" role="alert" title={t(`errors.${error.code}`)}>
          {error.message}
        </Notice>
      ) : null}

      {page ? (
        <section aria-labelledby="audit-results">
          <Group justify="space-between" align="center" mb="xs">
            <Title order={2} size="h4" id="audit-results" aria-live="polite">
              {t('audit.found', { count: total })}
            </Title>
            <Pager current={current} pages={pages} loading={loading} onPage={(p) => void goToPage((p - 1) * AUDIT_PAGE_SIZE)} />
          </Group>
          {page.rows.length === 0 ? (
            <Text>{t('audit.none')}</Text>
          ) : (
            <DataTable
              caption={t('audit.caption')}
              columns={(['at', 'clerk', 'action', 'application', 'detail', 'workstation'] as const).map((c) => t(`audit.col.${c}`))}
              highlightOnHover
              stickyHeader
            >
              {page.rows.map((e) => (
                <Table.Tr key={e.id}>
                  <Table.Td className={classes.nowrap}>{formatDateTime(e.at, i18n.language)}</Table.Td>
                  <Table.Td>{e.clerkName ?? t('audit.unknownClerk')}</Table.Td>
                  <Table.Td>
                    <Tag accent={ACTION_ACCENT[e.action]}>{t(`audit.actions.${e.action}`)}</Tag>
                  </Table.Td>
                  <Table.Td className={classes.nowrap}>
                    {e.applicationId ? (
                      <Anchor href={applicationHref(e.applicationId)}>{e.orderNumber ?? t('audit.openApplication')}</Anchor>
                    ) : (
                      t('common.notSet')
                    )}
                  </Table.Td>
                  <Table.Td>{describeDetail(e, t) || t('common.notSet')}</Table.Td>
                  <Table.Td className={classes.mono} title={e.workstationId}>
                    {e.workstationId.slice(0, 8)}
                  </Table.Td>
                </Table.Tr>
              ))}
            </DataTable>
          )}
        </section>
      ) : null}
    </ScreenFrame>
  )
}

function Pager({
  current,
  pages,
  loading,
  onPage
}: {
  current: number
  pages: number
  loading: boolean
  onPage: (page: number) => void
}): ReactElement {
  const { t } = useTranslation()
  return (
    <nav aria-label={t('audit.pages')}>
      <Group gap="xs" align="center">
        <Button variant="default" size="xs" disabled={current <= 1 || loading} onClick={() => onPage(current - 1)}>
          {t('audit.previous')}
        </Button>
        <Text size="sm" aria-current="page">
          {t('audit.pageOf', { page: current, pages })}
        </Text>
        <Button variant="default" size="xs" disabled={current >= pages || loading} onClick={() => onPage(current + 1)}>
          {t('audit.next')}
        </Button>
      </Group>
    </nav>
  )
}
