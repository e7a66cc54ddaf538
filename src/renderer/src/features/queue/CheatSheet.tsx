import { Kbd, Modal, Stack, Table, Text } from '@mantine/core'
import type { QueueShortcutKeys } from './queue-shortcuts'
import type { ReactElement, ReactNode } from 'react'
import { useTranslation } from 'react-i18next'

export interface CheatSheetProps {
  opened: boolean
  onClose: () => void
  singleKeyShortcuts: boolean
  keys: QueueShortcutKeys
  setting: ReactNode
}

interface Line {
  keys: string[]
  action: string
  singleKey: boolean
}

/** The `?` dialog: every shortcut of the queue, and the switch that turns the single keys off. */
export function CheatSheet({ opened, onClose, singleKeyShortcuts, keys, setting }: CheatSheetProps): ReactElement {
  const { t } = useTranslation()
  const lines: Line[] = [
    { keys: ['↑', '↓'], action: t('shortcuts.move'), singleKey: false },
    { keys: [keys.prev, keys.next], action: t('shortcuts.moveLetters'), singleKey: true },
    { keys: ['Home', 'End'], action: t('shortcuts.firstLast'), singleKey: false },
    { keys: ['PgUp', 'PgDn'], action: t('shortcuts.page'), singleKey: false },
    { keys: ['Enter'], action: t('shortcuts.open'), singleKey: false },
    { keys: ['Space', 'Shift+↑↓'], action: t('shortcuts.select'), singleKey: false },
    { keys: [keys.claim], action: t('shortcuts.claim'), singleKey: true },
    { keys: [keys.search], action: t('shortcuts.search'), singleKey: true },
    { keys: [keys.help], action: t('shortcuts.help'), singleKey: true }
  ]
  return (
    <Modal opened={opened} onClose={onClose} title={t('shortcuts.title')} size="lg" closeButtonProps={{ 'aria-label': t('common.close') }}>
      <Stack gap="md">
        {!singleKeyShortcuts ? <Text size="sm">{t('shortcuts.disabledNote')}</Text> : null}
        <Table striped withTableBorder>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('shortcuts.keys')}</Table.Th>
              <Table.Th scope="col">{t('shortcuts.action')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {lines.map((line) => (
              <Table.Tr key={line.action} style={line.singleKey && !singleKeyShortcuts ? { textDecoration: 'line-through' } : undefined}>
                <Table.Td>
                  {line.keys.map((k, i) => (
                    <span key={k}>
                      {i > 0 ? ` ${t('shortcuts.or')} ` : null}
                      <Kbd>{k}</Kbd>
                    </span>
                  ))}
                </Table.Td>
                <Table.Td>{line.action}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {setting}
      </Stack>
    </Modal>
  )
}
