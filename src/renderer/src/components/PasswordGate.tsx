import { Button, PasswordInput, Text, Title } from '@mantine/core'
import { useState, type FormEvent, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import type { AppError, Result } from '../../../shared/result'
import { Notice } from './Notice'
import classes from './PasswordGate.module.css'

/**
 * The clerk's own password asked again before a screen that acts on the portal in their name
 * (administration, the catalogue of services). An empty password is refused here; a wrong one is
 * shown at the field, any other refusal below the form (offline as a warning: nothing is wrong,
 * the portal is just out of reach).
 */
export function PasswordGate(p: {
  id: string
  title: string
  hint: string
  submitLabel: string
  loading: boolean
  error: AppError | null
  onOpen: (password: string) => Promise<Result<unknown>>
}): ReactElement {
  const { t } = useTranslation()
  const [password, setPassword] = useState('')
  const [missing, setMissing] = useState(false)
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    if (password.length === 0) {
      setMissing(true)
      return
    }
    setMissing(false)
    const result = await p.onOpen(password)
    if (result.ok) setPassword('')
  }
  const error = p.error
  const fieldError = missing ? t('admin.errors.passwordRequired') : error?.field === 'password' ? error.message : undefined
  return (
    <section aria-labelledby={p.id} className={classes.panel}>
      <Title order={2} size="h4" id={p.id}>
        {p.title}
      </Title>
      <Text size="sm" mt={4} mb="sm">
        {p.hint}
      </Text>
      <form onSubmit={(e) => void submit(e)} noValidate className={classes.form}>
        <PasswordInput
          label={t('admin.yourPassword')}
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          error={fieldError}
          autoComplete="current-password"
          maxLength={200}
          className={classes.password}
        />
        <Button type="submit" loading={p.loading}>
          {p.submitLabel}
        </Button>
      </form>
      {error && error.field !== 'password' ? (
        <Notice kind={error.code === 'offline' ? 'warning' : 'error'} role="alert" title={t(`errors.${error.code}`)}>
          {error.message}
        </Notice>
      ) : null}
    </section>
  )
}
