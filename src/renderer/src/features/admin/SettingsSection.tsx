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
import { Panel } from './Section'

/** The workstation settings an administrator sets here: each a whole number in a range, saved on its own. */
const NUMBER_SETTINGS = [
  {
    field: 'idleLockMinutes',
    label: 'admin.settings.idleLock',
    hint: 'admin.settings.idleLockHint',
    rangeError: 'admin.errors.idleRange',
    saved: 'admin.settings.idleSaved',
    min: IDLE_LOCK_MIN_MINUTES,
    max: IDLE_LOCK_MAX_MINUTES,
    parse: idleLockMinutes,
    save: saveIdleLock
  },
  {
    field: 'offlineSignInDays',
    label: 'admin.settings.offlineDays',
    hint: 'admin.settings.offlineDaysHint',
    rangeError: 'admin.errors.daysRange',
    saved: 'admin.settings.daysSaved',
    min: OFFLINE_SIGN_IN_MIN_DAYS,
    max: OFFLINE_SIGN_IN_MAX_DAYS,
    parse: offlineDays,
    save: saveOfflineDays
  }
] as const

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
          {NUMBER_SETTINGS.map((n) => {
            const range = { min: n.min, max: n.max }
            return (
              <NumberSetting
                key={`${n.field}-${settings[n.field]}`}
                label={t(n.label)}
                description={t(n.hint, range)}
                initial={settings[n.field]}
                {...range}
                parse={n.parse}
                rangeError={t(n.rangeError, range)}
                save={n.save}
                saved={t(n.saved)}
              />
            )
          })}
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
