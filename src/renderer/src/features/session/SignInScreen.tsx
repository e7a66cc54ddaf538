import { Box, Button, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core'
import { useEffect, useRef, useState, type FormEvent, type ReactElement, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { Notice } from '../../components/Notice'
import { describeSessionError } from './session-errors'
import { signIn } from './session-store'
import classes from './SessionScreens.module.css'

export interface SignInScreenProps {
  /** The language switch, composed by the app layer (features do not import each other). */
  languageSwitch?: ReactNode
  /** The local data is encrypted until a clerk with a key here signs in (the back end started sealed). */
  sealed?: boolean
}

/** Full page, before anything else: nothing of the centre's data is shown until someone signs in. */
export function SignInScreen({ languageSwitch, sealed = false }: SignInScreenProps): ReactElement {
  const { t } = useTranslation()
  const [login, setLogin] = useState('')
  const [password, setPassword] = useState('')
  const [fieldErrors, setFieldErrors] = useState<{ login?: string; password?: string }>({})
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const loginRef = useRef<HTMLInputElement>(null)
  const passwordRef = useRef<HTMLInputElement>(null)

  useEffect(() => {
    document.title = t('app.pageTitle', { page: t('session.signIn.title') })
    loginRef.current?.focus()
  }, [t])

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    if (busy) return
    const errors: { login?: string; password?: string } = {}
    if (login.trim() === '') errors.login = t('session.signIn.loginRequired')
    if (password === '') errors.password = t('session.signIn.passwordRequired')
    setFieldErrors(errors)
    if (errors.login || errors.password) {
      setError(null)
      ;(errors.login ? loginRef : passwordRef).current?.focus()
      return
    }
    setBusy(true)
    setError(null)
    const result = await signIn(login.trim(), password)
    setBusy(false)
    if (result.ok) return
    setPassword('')
    setError(describeSessionError(result.error, t))
    passwordRef.current?.focus()
  }

  return (
    <div className={classes.page}>
      <main className={classes.card} aria-labelledby="sign-in-title">
        <div className={classes.cardTop}>
          <div className={classes.brand}>
            <span className={classes.logo} aria-hidden="true">
              В
            </span>
            <div>
              <div className={classes.appName}>{t('app.name')}</div>
              <div className={classes.tagline}>{t('app.tagline')}</div>
            </div>
          </div>
          {languageSwitch}
        </div>
        <Title order={1} size="h2" id="sign-in-title" mb="md">
          {t('session.signIn.title')}
        </Title>
        {sealed ? (
          <Box mb="md">
            <Notice kind="info" role="status" title={t('session.signIn.sealedTitle')}>
              {t('session.signIn.sealed')}
            </Notice>
          </Box>
        ) : null}
        <form onSubmit={(e) => void submit(e)} noValidate aria-describedby="sign-in-hint">
          <Stack gap="md">
            <TextInput
              ref={loginRef}
              label={t('session.signIn.login')}
              name="username"
              autoComplete="username"
              autoCapitalize="none"
              spellCheck={false}
              value={login}
              onChange={(e) => setLogin(e.currentTarget.value)}
              error={fieldErrors.login}
              maxLength={100}
              required
            />
            <PasswordInput
              ref={passwordRef}
              label={t('session.signIn.password')}
              name="password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              error={fieldErrors.password}
              maxLength={200}
              required
              visibilityToggleButtonProps={{ 'aria-label': t('session.showPassword') }}
            />
            {error ? (
              <Notice kind="error" role="alert" title={t('session.signIn.failed')}>
                {error}
              </Notice>
            ) : null}
            <Button type="submit" size="md" loading={busy} fullWidth>
              {t('session.signIn.submit')}
            </Button>
          </Stack>
        </form>
        <Text id="sign-in-hint" size="sm" c="dimmed" mt="md">
          {t('session.signIn.offlineHint')}
        </Text>
      </main>
    </div>
  )
}
