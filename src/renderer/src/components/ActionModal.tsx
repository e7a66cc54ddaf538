import { Button, Group, Modal, Stack, Text } from '@mantine/core'
import type { FormEvent, ReactElement, ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import type { AppError } from '../../../shared/result'
import { Notice } from './Notice'
import classes from './ActionModal.module.css'

/*
 * The one way a dialog is built (as Actual's components/modals/ share one modal frame): a Mantine
 * Modal (focus trapped, Esc closes, focus returns to the button that opened it) around one <form>.
 * Enter submits; errors appear beside the fields and, for what the back end refuses, in an alert
 * above the buttons.
 */

export interface ActionModalProps {
  opened: boolean
  onClose: () => void
  title: string
  submitLabel: string
  busy: boolean
  /** What the back end refused, shown in the alert (field errors are shown beside their fields). */
  error: AppError | null
  onSubmit: () => void
  children?: ReactNode
  /** A hint under the title: what the action will do. */
  intro?: ReactNode
  danger?: boolean
  size?: string
}

export function ActionModal(p: ActionModalProps): ReactElement {
  const { t } = useTranslation()
  const submit = (e: FormEvent): void => {
    e.preventDefault()
    if (!p.busy) p.onSubmit()
  }
  return (
    <Modal
      opened={p.opened}
      onClose={p.onClose}
      title={p.title}
      size={p.size ?? 'lg'}
      closeButtonProps={{ 'aria-label': t('common.close') }}
      classNames={{ content: classes.dialog }}
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          {p.intro ? <Text size="sm">{p.intro}</Text> : null}
          {p.children}
          {p.error ? (
            <Notice kind="error" role="alert" title={t(`errors.${p.error.code}`)}>
              {p.error.message}
            </Notice>
          ) : null}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={p.onClose} type="button">
              {t('review.dialog.cancel')}
            </Button>
            <Button type="submit" loading={p.busy} color={p.danger ? 'red.9' : undefined}>
              {p.submitLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}
