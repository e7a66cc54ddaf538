import { Button, Group, Stack, Switch, Text, TextInput } from '@mantine/core'
import { useState, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import {
  resetShortcutKeys,
  setShortcutKey,
  setSingleKeyShortcuts,
  SHORTCUT_ACTIONS,
  useSettings,
  type ShortcutAction
} from './settings-store'

/** WCAG 2.1.4: single-character shortcuts can be turned off or remapped to other keys. */
export function ShortcutsSwitch(): ReactElement {
  const { t } = useTranslation()
  const enabled = useSettings((s) => s.singleKeyShortcuts)
  const keys = useSettings((s) => s.shortcutKeys)
  const [refused, setRefused] = useState<ShortcutAction | null>(null)
  return (
    <Stack gap="sm">
      <Switch
        checked={enabled}
        onChange={(e) => setSingleKeyShortcuts(e.currentTarget.checked)}
        label={t('shortcuts.singleKey')}
        description={t('shortcuts.singleKeyHelp')}
      />
      {enabled ? (
        <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
          <Text component="legend" size="sm" fw={500} mb={4}>
            {t('shortcuts.remap')}
          </Text>
          <Group gap="sm" align="flex-start">
            {SHORTCUT_ACTIONS.map((action) => (
              <TextInput
                key={action}
                w={150}
                label={t(`shortcuts.actions.${action}`)}
                value={keys[action]}
                maxLength={2}
                error={refused === action ? t('shortcuts.taken') : undefined}
                onFocus={(e) => e.currentTarget.select()}
                onChange={(e) => {
                  const value = [...e.currentTarget.value].pop() ?? ''
                  if (value === '') return
                  setRefused(setShortcutKey(action, value) ? null : action)
                }}
              />
            ))}
          </Group>
          <Button
            variant="subtle"
            size="xs"
            mt="xs"
            onClick={() => {
              resetShortcutKeys()
              setRefused(null)
            }}
          >
            {t('shortcuts.reset')}
          </Button>
        </fieldset>
      ) : null}
    </Stack>
  )
}
