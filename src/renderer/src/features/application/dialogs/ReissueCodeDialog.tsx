import { Button, Group, Modal, Stack, Text } from '@mantine/core'
import { useState, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import type { AppError } from '../../../../../shared/result'
import { ActionModal } from '../../../components/ActionModal'
import { notify } from '../../../lib/notify'
import classes from '../ApplicationScreen.module.css'
import { reissueAccessCode } from '../application-store'
import type { DialogProps } from './dialog-props'

/**
 * Issues a new access code for an applicant who lost theirs (issue 16). The back end makes the code
 * and sends only its hash; the dialog shows the code once and offers the receipt, which prints it.
 * Closing forgets it here.
 */
export function ReissueCodeDialog({ record, opened, onClose, receiptHref }: DialogProps & { receiptHref: string | null }): ReactElement {
  const { t } = useTranslation()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<AppError | null>(null)
  const [code, setCode] = useState<string | null>(null)
  const close = (): void => {
    setCode(null)
    setError(null)
    onClose()
  }
  const submit = async (): Promise<void> => {
    setBusy(true)
    setError(null)
    const result = await reissueAccessCode(record.id)
    setBusy(false)
    if (!result.ok) {
      setError(result.error)
      return
    }
    notify(t('review.reissueCode.done'))
    setCode(result.value.accessCode)
  }
  if (code !== null) {
    return (
      <Modal
        opened={opened}
        onClose={close}
        title={t('review.reissueCode.title')}
        size="lg"
        closeButtonProps={{ 'aria-label': t('common.close') }}
        classNames={{ content: classes.dialog }}
      >
        <Stack gap="md">
          <Text>{t('review.reissueCode.issued')}</Text>
          <p className={classes.accessCode} data-testid="reissued-access-code">
            {code}
          </p>
          <Text size="sm">{t('review.reissueCode.printHint')}</Text>
          <Group justify="flex-end" gap="sm">
            {receiptHref ? (
              <Button component="a" href={receiptHref} data-autofocus>
                {t('review.reissueCode.print')}
              </Button>
            ) : null}
            <Button variant="default" onClick={close}>
              {t('review.reissueCode.close')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    )
  }
  return (
    <ActionModal
      opened={opened}
      onClose={close}
      title={t('review.reissueCode.title')}
      intro={t('review.reissueCode.intro')}
      submitLabel={t('review.reissueCode.submit')}
      busy={busy}
      error={error}
      onSubmit={() => void submit()}
    />
  )
}
