import { Button, NumberInput } from '@mantine/core'
import { useState, type FormEvent, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { OFFLINE_SIGN_IN_MAX_DAYS, OFFLINE_SIGN_IN_MIN_DAYS } from '../../../../shared/admin-contract'
import type { Result } from '../../../../shared/result'
import { IDLE_LOCK_MAX_MINUTES, IDLE_LOCK_MIN_MINUTES } from '../../../../shared/session-contract'
import { Notice } from '../../components/Notice'
import { saveIdleLock, saveOfflineDays, useAdmin } from './admin-store'
import { idleLockMinutes, offlineDays } from './admin-validation'
import classes from './AdminScreen.module.css'
import { notify } from '../../lib/notify'
import { Panel } from './SectionHead'

export function SettingsSection(): ReactElement {
  const { t } = useTranslation()
  const settings = useAdmin((s) => s.settings)
  const settingsError = useAdmin((s) => s.settingsError)
  return (
    <Panel id="admin-settings" title={t('admin.settings.title')} size="h3" hint={t('admin.settings.hint')}>
      {settingsError ? (
        <Notice kind="error" role="alert" title={t(`errors.${settingsError.code}`)}>
          {settingsError.message}
        </Notice>
      ) : null}
      {settings ? (
        <div className={classes.settingsGrid}>
          <NumberSetting
            key={`idle-${settings.idleLockMinutes}`}
            label={t('admin.settings.idleLock')}
            description={t('admin.settings.idleLockHint', { min: IDLE_LOCK_MIN_MINUTES, max: IDLE_LOCK_MAX_MINUTES })}
            initial={settings.idleLockMinutes}
            min={IDLE_LOCK_MIN_MINUTES}
            max={IDLE_LOCK_MAX_MINUTES}
            parse={idleLockMinutes}
            rangeError={t('admin.errors.idleRange', { min: IDLE_LOCK_MIN_MINUTES, max: IDLE_LOCK_MAX_MINUTES })}
            save={saveIdleLock}
            saved={t('admin.settings.idleSaved')}
          />
          <NumberSetting
            key={`days-${settings.offlineSignInDays}`}
            label={t('admin.settings.offlineDays')}
            description={t('admin.settings.offlineDaysHint', { min: OFFLINE_SIGN_IN_MIN_DAYS, max: OFFLINE_SIGN_IN_MAX_DAYS })}
            initial={settings.offlineSignInDays}
            min={OFFLINE_SIGN_IN_MIN_DAYS}
            max={OFFLINE_SIGN_IN_MAX_DAYS}
            parse={offlineDays}
            rangeError={t('admin.errors.daysRange', { min: OFFLINE_SIGN_IN_MIN_DAYS, max: OFFLINE_SIGN_IN_MAX_DAYS })}
            save={saveOfflineDays}
            saved={t('admin.settings.daysSaved')}
          />
        </div>
      ) : null}
    </Panel>
  )
}

function NumberSetting(p: {
  label: string
  description: string
  initial: number
  min: number
  max: number
  parse: (v: string | number) => number | null
  rangeError: string
  save: (n: number) => Promise<Result<unknown>>
  saved: string
}): ReactElement {
  const { t } = useTranslation()
  const [value, setValue] = useState<string | number>(p.initial)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    const n = p.parse(value)
    if (n === null) {
      setError(p.rangeError)
      return
    }
    setError(null)
    setBusy(true)
    const result = await p.save(n)
    setBusy(false)
    if (!result.ok) setError(result.error.message)
    else notify(p.saved)
  }
  return (
    <form onSubmit={(e) => void submit(e)} noValidate className={classes.settingForm}>
      <NumberInput
        label={p.label}
        description={p.description}
        value={value}
        onChange={setValue}
        min={p.min}
        max={p.max}
        allowDecimal={false}
        allowNegative={false}
        clampBehavior="none"
        error={error}
        className={classes.settingInput}
      />
      <Button type="submit" variant="default" loading={busy}>
        {t('admin.settings.save')}
      </Button>
    </form>
  )
}
