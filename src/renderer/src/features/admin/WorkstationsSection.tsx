import { Badge, Button, Table } from '@mantine/core'
import { DataTable } from '../../components/DataTable'
import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import type { AdminWorkstation } from '../../../../shared/admin'
import type { AdminDirectoryView } from '../../../../shared/admin-contract'
import { Tag } from '../../components/Tag'
import { formatDateTime } from '../../lib/format'
import classes from './AdminScreen.module.css'
import { Section } from './Section'

export function WorkstationsSection({
  directory,
  canRevoke,
  onRevoke,
  onIssueCode
}: {
  directory: AdminDirectoryView
  canRevoke: boolean
  onRevoke: (w: AdminWorkstation) => void
  /** Administrators only: a one-time code that enrols another workstation (EnrolmentCodeDialog). */
  onIssueCode: (() => void) | null
}): ReactElement {
  const { t, i18n } = useTranslation()
  const issueCode = onIssueCode ? (
    <Button variant="default" onClick={onIssueCode}>
      {t('admin.enrolmentCode.open')}
    </Button>
  ) : null
  return (
    <Section id="admin-workstations" title={t('admin.workstations.title')} align="end" action={issueCode}>
      <DataTable
        caption={t('admin.workstations.caption')}
        columns={[
          ...(['label', 'node', 'enrolled', 'lastSeen', 'status'] as const).map((c) => t(`admin.workstations.${c}`)),
          ...(canRevoke ? [t('admin.clerks.actions')] : [])
        ]}
      >
        {directory.workstations.map((w) => (
          <Table.Tr key={w.id}>
            <Table.Th scope="row" className={classes.rowHead}>
              {w.label || t('admin.workstations.noLabel')}
              {w.id === directory.thisWorkstationId ? (
                <Badge variant="outline" color="dark" ml={8} className={classes.thisBadge}>
                  {t('admin.workstations.this')}
                </Badge>
              ) : null}
            </Table.Th>
            <Table.Td>{w.node}</Table.Td>
            <Table.Td className={classes.nowrap}>{formatDateTime(w.enrolledAt, i18n.language)}</Table.Td>
            <Table.Td className={classes.nowrap}>{w.lastSeenAt ? formatDateTime(w.lastSeenAt, i18n.language) : t('admin.never')}</Table.Td>
            <Table.Td>
              <Tag accent={w.revokedAt ? 'bad' : 'good'} strong={w.revokedAt !== null}>
                {w.revokedAt
                  ? t('admin.workstations.revokedAt', { time: formatDateTime(w.revokedAt, i18n.language) })
                  : t('admin.workstations.active')}
              </Tag>
            </Table.Td>
            {canRevoke ? (
              <Table.Td>
                {w.revokedAt ? null : (
                  <Button
                    size="compact-sm"
                    variant="default"
                    color="red.9"
                    onClick={() => onRevoke(w)}
                    aria-label={t('admin.workstations.revokeOf', { label: w.label || w.id })}
                  >
                    {t('admin.workstations.revoke')}
                  </Button>
                )}
              </Table.Td>
            ) : null}
          </Table.Tr>
        ))}
      </DataTable>
    </Section>
  )
}
