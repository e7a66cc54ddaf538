import { Loader } from '@mantine/core'
import { useCallback, useEffect, type ReactElement, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { Notice } from '../../components/Notice'
import { LockScreen } from './LockScreen'
import { SignInScreen } from './SignInScreen'
import { lock, startSessionUpdates, useSession } from './session-store'
import { useIdleLock } from './use-idle-lock'
import classes from './SessionScreens.module.css'

export interface SessionGateProps {
  children: ReactNode
  languageSwitch?: ReactNode
}

/**
 * Nobody signed in → the sign-in page and nothing else. Signed in and locked → the screens stay
 * mounted (a half-filled form survives the lock) but inert and hidden behind the opaque lock dialog.
 * Signed in → the screens, watched for an idle desk.
 */
export function SessionGate({ children, languageSwitch }: SessionGateProps): ReactElement {
  const { t } = useTranslation()
  const loaded = useSession((s) => s.loaded)
  const loadError = useSession((s) => s.loadError)
  const session = useSession((s) => s.session)

  useEffect(() => startSessionUpdates(), [])

  const clerk = session?.clerk ?? null
  const locked = session?.locked ?? false
  const onIdle = useCallback(() => void lock('idle'), [])
  useIdleLock(clerk !== null && !locked, session?.idleLockMinutes ?? 10, onIdle)

  if (!loaded) {
    return (
      <div className={classes.page} aria-busy="true">
        <Loader aria-label={t('session.loading')} />
      </div>
    )
  }
  if (loadError && !session) {
    return (
      <div className={classes.page}>
        <Notice kind="error" role="alert" title={t('app.loadFailed')}>
          {loadError.message}
        </Notice>
      </div>
    )
  }
  if (!clerk) return <SignInScreen languageSwitch={languageSwitch} sealed={session?.sealed ?? false} />
  return (
    <>
      <div className={classes.gate} inert={locked ? true : undefined} aria-hidden={locked ? true : undefined}>
        {children}
      </div>
      {locked ? <LockScreen clerk={clerk} lockedUntil={session?.lockedUntil ?? null} /> : null}
    </>
  )
}
