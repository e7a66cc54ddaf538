import { Button, PasswordInput } from '@mantine/core'
import { useState, type FormEvent, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { Notice } from '../../components/Notice'
import { loadDirectory, useAdmin } from './admin-store'
import classes from './AdminScreen.module.css'
import { Panel } from './Section'

export function OpenForm(): ReactElement {
  const { t } = useTranslation()
  const loading = useAdmin((s) => s.loading)
  const error = useAdmin((s) => s.loadError)
  const [password, setPassword] = useState('')
  const [missing, setMissing] = useState(false)
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    if (password.length === 0) {
      setMissing(true)
      return
    }
    setMissing(false)
    const result = await loadDirectory(password)
    if (result.ok) setPassword('')
  }
  const fieldError = missing ? t('admin.errors.passwordRequired') : error?.field === 'password' ? error.message : undefined
  return (
    <Panel id="admin-open" title={t('admin.open.title')} size="h4" hint={t('admin.open.hint')}>
      <form onSubmit={(e) => void submit(e)} noValidate className={classes.openForm}>
        <PasswordInput
          label={t('admin.yourPassword')}
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          error={fieldError}
          autoComplete="current-password"
          maxLength={200}
          className={classes.openPassword}
        />
        <Button type="submit" loading={loading}>
          {t('admin.open.submit')}
        </Button>
      </form>
      {error && error.field !== 'password' ? (
        <Notice kind="error" role="alert" title={t(`errors.${error.code}`)}>
          {error.message}
        </Notice>
      ) : null}
    </Panel>
  )
}
