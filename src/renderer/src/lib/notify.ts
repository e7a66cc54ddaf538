import { notifications } from '@mantine/notifications'
import type { AppError } from '../../../shared/result'
import { i18n } from './i18n'

/*
 * The screens' short-lived messages, one way everywhere: a labelled close button (Mantine's has no
 * name of its own), and an error always says what its code means as well as the back end's reason.
 */

const closeButtonProps = () => ({ 'aria-label': i18n.t('common.close') })

/** Something done («Заявку взято в роботу»: green, the default), or worth knowing. */
export function notify(message: string, options: { title?: string; color?: 'green' | 'blue' | 'gray' | 'yellow' | 'red' } = {}): void {
  notifications.show({ color: options.color ?? 'green', title: options.title, message, closeButtonProps: closeButtonProps() })
}

/**
 * A refusal or failure from the back end. With a title (what failed: «Не вдалося взяти заявку»), the
 * message is the code's meaning and the reason; without one, the code's meaning is the title.
 */
export function notifyError(error: AppError, title?: string): void {
  const meaning = i18n.t(`errors.${error.code}`)
  notifications.show({
    color: 'red',
    title: title ?? meaning,
    message: title === undefined ? error.message : `${meaning}: ${error.message}`,
    closeButtonProps: closeButtonProps()
  })
}
