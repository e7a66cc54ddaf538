import { Button } from '@mantine/core'
import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { IconLock } from '../../components/icons'
import { lock } from './session-store'

/** «Заблокувати» in the header: the clerk steps away from the desk. */
export function LockButton(): ReactElement {
  const { t } = useTranslation()
  return (
    <Button
      variant="default"
      size="xs"
      leftSection={<IconLock size={14} />}
      onClick={() => void lock('manual')}
      title={t('session.lock.buttonHint')}
    >
      {t('session.lock.button')}
    </Button>
  )
}
