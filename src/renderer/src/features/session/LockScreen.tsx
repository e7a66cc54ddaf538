import { Button, Modal, PasswordInput, Stack, Text } from '@mantine/core'
import { useEffect, useRef, useState, type FormEvent, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import type { ClerkSession } from '../../../../shared/session'
import { Notice } from '../../components/Notice'
import { nowMs } from '../../lib/clock'
import { describeSessionError } from './session-errors'
import { loadSession, signOut, unlock } from './session-store'
import classes from './SessionScreens.module.css'

export interface LockScreenProps {
  clerk: ClerkSession
  /** Too many wrong passwords: unlocking waits until then (ISO). */
  lockedUntil: string | null
}

function initialsOf(name: string): string {
  return name
    .split(/\s+/u)
    .filter((p) => p.length > 0)
    .slice(0, 2)
    .map((p) => p.charAt(0).toLocaleUpperCase('uk'))
    .join('')
}

/**
 * The lock overlay: an opaque dialog over everything (nothing of the screen behind it shows on a
 * shared desk), focus trapped inside, Escape and clicks outside do nothing. It says who is signed
 * in; the password unlocks, or the clerk signs out so that a colleague can sign in.
 */
export function LockScreen({ clerk, lockedUntil }: LockScreenProps): ReactElement {
  const { t } = useTranslation()
  const [password, setPassword] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [fieldError, setFieldError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const passwordRef = useRef<HTMLInputElement>(null)
  const [now, setNow] = useState(nowMs)
  const waitSeconds = lockedUntil ? Math.max(0, Math.ceil((Date.parse(lockedUntil) - now) / 1000)) : 0

  // A second-by-second countdown while the lockout lasts.
  useEffect(() => {
    if (!lockedUntil) return
    setNow(nowMs())
    const timer = setInterval(() => setNow(nowMs()), 1000)
    return () => clearInterval(timer)
  }, [lockedUntil])

  useEffect(() => {
    const before = document.title
    document.title = t('app.pageTitle', { page: t('session.lock.title') })
    return () => {
      document.title = before
    }
  }, [t])

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    if (busy) return
    if (password === '') {
      setFieldError(t('session.signIn.passwordRequired'))
      passwordRef.current?.focus()
      return
    }
    setFieldError(null)
    setBusy(true)
    const result = await unlock(password)
    setBusy(false)
    setPassword('')
    if (result.ok) {
      setError(null)
      return
    }
    // A lockout shows as the countdown below (the state carries its end), not as a stale message.
    setError(result.error.code === 'rate_limited' ? null : describeSessionError(result.error, t))
    await loadSession()
    passwordRef.current?.focus()
  }

  return (
    <Modal
      opened
      onClose={() => undefined}
      withCloseButton={false}
      closeOnEscape={false}
      closeOnClickOutside={false}
      trapFocus
      returnFocus={false}
      centered
      size={440}
      zIndex={1000}
      overlayProps={{ backgroundOpacity: 1, color: '#123a63' }}
      title={t('session.lock.title')}
      styles={{ title: { fontSize: 20, fontWeight: 700 } }}
    >
      <div className={classes.who}>
        <span className={classes.initials} aria-hidden="true">
          {initialsOf(clerk.name)}
        </span>
        <div>
          <div className={classes.name}>{clerk.name}</div>
          <div className={classes.role}>{t(`session.roles.${clerk.role}`)}</div>
        </div>
      </div>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Stack gap="md">
          <Text size="sm">{t('session.lock.explain')}</Text>
          <PasswordInput
            ref={passwordRef}
            data-autofocus
            label={t('session.signIn.password')}
            name="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            error={fieldError}
            maxLength={200}
            required
            visibilityToggleButtonProps={{ 'aria-label': t('session.showPassword') }}
          />
          {waitSeconds > 0 ? (
            <Notice kind="warning" role="status">
              {t('session.errors.tooMany', { seconds: waitSeconds })}
            </Notice>
          ) : null}
          {error ? (
            <Notice kind="error" role="alert" title={t('session.lock.failed')}>
              {error}
            </Notice>
          ) : null}
          <Button type="submit" size="md" fullWidth loading={busy} disabled={waitSeconds > 0}>
            {t('session.lock.unlock')}
          </Button>
          <Button variant="subtle" fullWidth onClick={() => void signOut()}>
            {t('session.lock.signOut')}
          </Button>
        </Stack>
      </form>
    </Modal>
  )
}
