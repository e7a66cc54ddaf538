import { Badge, Button, Table, Title, VisuallyHidden } from '@mantine/core'
import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import type { AdminWorkstation } from '../../../../shared/admin'
import type { AdminDirectoryView } from '../../../../shared/admin-contract'
import { Tag } from '../../components/Tag'
import { formatDateTime } from '../../lib/format'
import classes from './AdminScreen.module.css'

export function WorkstationsSection({
  directory,
  canRevoke,
  onRevoke
}: {
  directory: AdminDirectoryView
  canRevoke: boolean
  onRevoke: (w: AdminWorkstation) => void
}): ReactElement {
  const { t, i18n } = useTranslation()
  return (
    <section aria-labelledby="admin-workstations">
      <Title order={2} size="h3" id="admin-workstations" mb="xs">
        {t('admin.workstations.title')}
      </Title>
      <div className={classes.tableWrap}>
        <Table striped className={classes.table}>
          <VisuallyHidden component="caption">{t('admin.workstations.caption')}</VisuallyHidden>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('admin.workstations.label')}</Table.Th>
              <Table.Th scope="col">{t('admin.workstations.node')}</Table.Th>
              <Table.Th scope="col">{t('admin.workstations.enrolled')}</Table.Th>
              <Table.Th scope="col">{t('admin.workstations.lastSeen')}</Table.Th>
              <Table.Th scope="col">{t('admin.workstations.status')}</Table.Th>
              {canRevoke ? <Table.Th scope="col">{t('admin.clerks.actions')}</Table.Th> : null}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
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
                <Table.Td className={classes.nowrap}>
                  {w.lastSeenAt ? formatDateTime(w.lastSeenAt, i18n.language) : t('admin.never')}
                </Table.Td>
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
          </Table.Tbody>
        </Table>
      </div>
    </section>
  )
}
