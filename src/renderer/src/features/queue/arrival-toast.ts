import { notifications } from '@mantine/notifications'
import type { EventPayloads } from '../../../../shared/contract'
import { currentLanguage, i18n } from '../../lib/i18n'

/** iGov's officials asked for exactly this: a visible note the moment a new application arrives. */
export function showArrivalToast(payload: EventPayloads['application.arrived']): void {
  const service = currentLanguage() === 'en' ? payload.serviceNameEn : payload.serviceNameUk
  notifications.show({
    id: `arrived-${payload.id}`,
    color: 'blue',
    title: i18n.t('queue.arrived.title', { number: payload.orderNumber }),
    message: i18n.t('queue.arrived.message', { service }),
    autoClose: 8000,
    // Mantine's close button has no name of its own (axe: button-name), as notify.ts says.
    closeButtonProps: { 'aria-label': i18n.t('common.close') }
  })
}
