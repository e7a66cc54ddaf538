import { useEffect, useRef, type MouseEvent, type ReactElement, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { LanguageSwitch } from '../features/settings/LanguageSwitch'
import { LockButton } from '../features/session/LockButton'
import { SyncIndicator } from '../features/sync-status/SyncIndicator'
import { useAppInfo } from './app-info-store'
import { hrefOf, useRoute, type RouteName } from './routes'
import classes from './Shell.module.css'

const NAV: readonly RouteName[] = ['queue', 'application', 'intake', 'print', 'sync', 'settings']
/** The reports, the audit log and the administration screen are for supervisors and administrators (the back end and the portal check it too). */
const AUDITORS: ReadonlySet<string> = new Set(['supervisor', 'admin'])

/*
 * The service catalogue's editor (#/catalogue) is reached from the administration screen, not from
 * here: a tenth section would push the lock button and the language switch out of an
 * administrator's header at 1366 px (as a supervisor's ten did, see 9678578).
 */
function navFor(role: string | null): readonly RouteName[] {
  return role !== null && AUDITORS.has(role) ? [...NAV, 'reports', 'audit', 'admin'] : NAV
}

/** The frame around every screen: skip link, banner with sync state and language, navigation, main. */
export function Shell({ children }: { children: ReactNode }): ReactElement {
  const { t } = useTranslation()
  const route = useRoute((s) => s.route)
  const changes = useRoute((s) => s.changes)
  const lastApplicationId = useRoute((s) => s.lastApplicationId)
  const clerk = useAppInfo((s) => s.info?.clerk ?? null)
  const mainRef = useRef<HTMLElement>(null)

  useEffect(() => {
    document.title = t('app.pageTitle', { page: t(`nav.${route.name}`) })
  }, [route.name, t])

  // After a navigation, focus goes to the new screen's heading, as a page load would put it,
  // so a screen reader announces where the clerk is. Not on the first render.
  useEffect(() => {
    if (changes === 0) return
    const main = mainRef.current
    const heading = main?.querySelector<HTMLElement>('h1')
    ;(heading ?? main)?.focus()
  }, [changes])

  const skip = (e: MouseEvent<HTMLAnchorElement>): void => {
    // Hash routing owns the fragment: move focus instead of navigating to #main.
    e.preventDefault()
    mainRef.current?.focus()
  }

  const hrefFor = (name: RouteName): string =>
    name === 'application'
      ? hrefOf({ name, id: lastApplicationId })
      : name === 'print'
        ? hrefOf({ name, target: null })
        : hrefOf({ name } as { name: Exclude<RouteName, 'application' | 'print'> })

  return (
    <div className={classes.shell}>
      <a className="vikno-skip-link" href="#main" onClick={skip}>
        {t('app.skipLink')}
      </a>
      <header className={classes.header}>
        <div className={classes.top}>
          <div className={classes.brand}>
            <span className={classes.logo} aria-hidden="true">
              В
            </span>
            <span className={classes.appName}>{t('app.name')}</span>
          </div>
          <nav aria-label={t('app.navLabel')} className={classes.nav}>
            <ul>
              {navFor(clerk?.role ?? null).map((name) => (
                <li key={name}>
                  <a href={hrefFor(name)} aria-current={route.name === name ? 'page' : undefined} className={classes.navLink}>
                    {t(`nav.${name}`)}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
          <div className={classes.right}>
            {clerk ? (
              <span className={classes.clerk}>
                {clerk.name}
                {/* The role, not a fixed «Адміністратор»: a supervisor or a back-office specialist sees who the desk thinks they are. */}
                <span className={classes.role}>{t(`session.roles.${clerk.role}`)}</span>
              </span>
            ) : (
              <span className={classes.clerk}>{t('app.noClerk')}</span>
            )}
            {clerk ? <LockButton /> : null}
            <LanguageSwitch />
          </div>
        </div>
        {/* Its own strip, so that a busy sync (progress, pending, conflicts, a stall) never crowds the navigation. */}
        <div className={classes.status}>
          <SyncIndicator href={hrefOf({ name: 'sync' })} />
        </div>
      </header>
      <main id="main" ref={mainRef} tabIndex={-1} className={classes.main} data-route={route.name}>
        {children}
      </main>
    </div>
  )
}
