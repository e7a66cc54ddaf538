import type { TFunction } from 'i18next'
import type { AppError } from '../../../../shared/result'

/*
 * The back end answers in Ukrainian (style.md: errors carry a message a clerk can act on). The
 * sign-in and lock screens know the few answers they expect and say them in the chosen language;
 * anything else is shown as the back end wrote it.
 */

export function describeSessionError(error: AppError, t: TFunction): string {
  if (error.code === 'rate_limited') {
    const m = /(\d+)\s*(с|хв)/u.exec(error.message)
    if (m?.[2] === 'хв') return t('session.errors.tooManyMinutes', { minutes: Number(m[1]) })
    if (m) return t('session.errors.tooMany', { seconds: Number(m[1]) })
    return error.message
  }
  if (error.code === 'unauthenticated') {
    if (error.message.startsWith('Невірний логін або пароль')) {
      return error.message.includes('Без зв’язку')
        ? `${t('session.errors.invalid')} ${t('session.errors.offlineHint')}`
        : t('session.errors.invalid')
    }
    if (error.message.startsWith('Невірний пароль')) return t('session.errors.wrongPassword')
  }
  if (error.code === 'unavailable' && error.message.startsWith('Немає зв’язку з робочою станцією')) return t('session.errors.noBackEnd')
  return error.message
}
