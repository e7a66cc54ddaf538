import { Button, Group, Table } from '@mantine/core'
import { DataTable } from '../../components/DataTable'
import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import type { AdminClerk } from '../../../../shared/admin'
import type { AdminDirectoryView } from '../../../../shared/admin-contract'
import type { AdminAction } from '../../../../shared/domain/roles'
import { Tag } from '../../components/Tag'
import { formatDateTime } from '../../lib/format'
import classes from './AdminScreen.module.css'
import type { AdminDialogRequest } from './dialogs/admin-dialog'
import { Section } from './Section'

/** The buttons of a clerk's row, in this order, each offered when the account's state allows it and the role predicate does. */
const CLERK_ACTIONS = [
  { kind: 'role', action: 'set_role', label: 'changeRole', offered: () => true },
  { kind: 'enable', action: 'enable_clerk', label: 'enable', offered: (c: AdminClerk) => c.disabled },
  { kind: 'disable', action: 'disable_clerk', label: 'disable', offered: (c: AdminClerk) => !c.disabled },
  { kind: 'reset', action: 'reset_password', label: 'reset', offered: () => true }
] as const satisfies readonly {
  kind: AdminDialogRequest['kind']
  action: AdminAction
  label: string
  offered: (c: AdminClerk) => boolean
}[]

function StatusText({ disabled }: { disabled: boolean }): ReactElement {
  const { t } = useTranslation()
  return (
    <Tag accent={disabled ? 'bad' : 'good'} strong={disabled}>
      {disabled ? t('admin.status.disabled') : t('admin.status.active')}
    </Tag>
  )
}

export function ClerksSection({
  directory,
  me,
  may,
  onAction
}: {
  directory: AdminDirectoryView
  me: string
  may: (action: AdminAction, target?: AdminClerk | null) => boolean
  onAction: (d: AdminDialogRequest) => void
}): ReactElement {
  const { t, i18n } = useTranslation()
  const add = may('create_clerk') ? <Button onClick={() => onAction({ kind: 'create' })}>{t('admin.clerks.add')}</Button> : null
  return (
    <Section id="admin-clerks" title={t('admin.clerks.title')} align="center" action={add}>
      <DataTable
        caption={t('admin.clerks.caption')}
        columns={(['name', 'login', 'role', 'status', 'lastSignIn', 'actions'] as const).map((c) => t(`admin.clerks.${c}`))}
      >
        {directory.clerks.map((c) => (
          <Table.Tr key={c.id}>
            <Table.Th scope="row" className={classes.rowHead}>
              {c.name}
              {c.id === me ? <span className={classes.you}> ({t('admin.you')})</span> : null}
            </Table.Th>
            <Table.Td className={classes.mono}>{c.login}</Table.Td>
            <Table.Td>{t(`admin.roles.${c.role}`)}</Table.Td>
            <Table.Td>
              <StatusText disabled={c.disabled} />
            </Table.Td>
            <Table.Td className={classes.nowrap}>
              {c.lastSignInAt ? formatDateTime(c.lastSignInAt, i18n.language) : t('admin.never')}
            </Table.Td>
            <Table.Td>
              <Group gap={6} wrap="nowrap">
                {CLERK_ACTIONS.filter((x) => x.offered(c) && may(x.action, c)).map((x) => (
                  <Button
                    key={x.kind}
                    size="compact-sm"
                    variant="default"
                    onClick={() => onAction({ kind: x.kind, clerk: c })}
                    aria-label={t(`admin.clerks.${x.label}Of`, { name: c.name })}
                  >
                    {t(`admin.clerks.${x.label}`)}
                  </Button>
                ))}
              </Group>
            </Table.Td>
          </Table.Tr>
        ))}
      </DataTable>
    </Section>
  )
}
