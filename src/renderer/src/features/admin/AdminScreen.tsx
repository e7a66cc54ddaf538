import {
  Badge,
  Button,
  Group,
  Modal,
  NativeSelect,
  NumberInput,
  PasswordInput,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden
} from '@mantine/core'
import { useEffect, useState, type FormEvent, type ReactElement, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import type { AdminClerk, AdminWorkstation } from '../../../../shared/admin'
import type { AdminDirectoryView } from '../../../../shared/admin-contract'
import { OFFLINE_SIGN_IN_MAX_DAYS, OFFLINE_SIGN_IN_MIN_DAYS } from '../../../../shared/admin-contract'
import type { ClerkSession } from '../../../../shared/session'
import { adminRefusal, mayAdminister, type AdminAction } from '../../../../shared/domain/roles'
import { ROLES, type Role } from '../../../../shared/domain/application'
import type { AppError, Result } from '../../../../shared/result'
import { IDLE_LOCK_MAX_MINUTES, IDLE_LOCK_MIN_MINUTES } from '../../../../shared/session-contract'
import { Notice } from '../../components/Notice'
import { Tag } from '../../components/Tag'
import { call } from '../../lib/api'
import { formatDateTime } from '../../lib/format'
import { adminChange, loadDirectory, loadSettings, resetAdminStore, saveIdleLock, saveOfflineDays, useAdmin } from './admin-store'
import {
  idleLockMinutes,
  offlineDays,
  validateNewClerk,
  validatePassword,
  type NewClerkErrors,
  type NewClerkForm
} from './admin-validation'
import classes from './AdminScreen.module.css'
import { notify } from '../../lib/notify'
import { EnrolmentCodeDialog } from './EnrolmentCodeDialog'

/*
 * The administration screen (issue 8): the centre's clerks and workstations, for supervisors and
 * administrators, and this workstation's session settings. Accounts live on the portal, which wants
 * the acting person's password with every request: the lists open with it, and every change asks
 * for it again in the dialog that confirms the change. Nothing keeps it after the dialog closes.
 * What the signed-in person may do comes from the shared role predicate; the back end and the
 * portal check it again.
 */

export interface AdminScreenProps {
  clerk: ClerkSession | null
}

type Dialog =
  | { kind: 'create' }
  | { kind: 'role'; clerk: AdminClerk }
  | { kind: 'disable'; clerk: AdminClerk }
  | { kind: 'enable'; clerk: AdminClerk }
  | { kind: 'reset'; clerk: AdminClerk }
  | { kind: 'revoke'; workstation: AdminWorkstation }

export function AdminScreen({ clerk }: AdminScreenProps): ReactElement {
  const { t } = useTranslation()
  const directory = useAdmin((s) => s.directory)
  const [dialog, setDialog] = useState<Dialog | null>(null)
  const [issuingCode, setIssuingCode] = useState(false)

  const allowed = clerk !== null && mayAdminister(clerk.role)
  useEffect(() => {
    if (allowed) void loadSettings()
  }, [allowed])
  // The lists are for this visit only: leaving the screen (or signing out) forgets them, and the
  // next visit asks for the password again.
  useEffect(() => () => resetAdminStore(), [])

  if (!clerk || !allowed) {
    return (
      <Stack gap="md" maw={900}>
        <Title order={1} size="h2" tabIndex={-1}>
          {t('admin.title')}
        </Title>
        <Notice kind="error" role="alert" title={t('errors.forbidden')}>
          {t('admin.forbidden')}
        </Notice>
      </Stack>
    )
  }
  const actor = { id: clerk.clerkId, role: clerk.role }
  const may = (action: AdminAction, target: AdminClerk | null = null): boolean =>
    adminRefusal(actor, action, target ? { id: target.id, role: target.role } : null) === null

  return (
    <Stack gap="lg" maw={1280} className={classes.screen}>
      <div>
        <Title order={1} size="h2" tabIndex={-1}>
          {t('admin.title')}
        </Title>
        <Text size="sm" c="dimmed" maw={900} mt={4}>
          {clerk.role === 'admin' ? t('admin.introAdmin') : t('admin.introSupervisor')}
        </Text>
      </div>

      {directory ? (
        <>
          <ClerksSection directory={directory} me={clerk.clerkId} may={may} onAction={setDialog} />
          <WorkstationsSection
            directory={directory}
            canRevoke={may('revoke_workstation')}
            onRevoke={(w) => setDialog({ kind: 'revoke', workstation: w })}
            onIssueCode={may('issue_enrolment_code') ? () => setIssuingCode(true) : null}
          />
        </>
      ) : (
        <OpenForm />
      )}

      <SettingsSection />

      {issuingCode ? <EnrolmentCodeDialog onClose={() => setIssuingCode(false)} /> : null}
      {dialog ? (
        <ActionDialog
          dialog={dialog}
          onClose={() => setDialog(null)}
          me={clerk.clerkId}
          thisWorkstationId={directory?.thisWorkstationId ?? ''}
        />
      ) : null}
    </Stack>
  )
}

// ————— opening the lists —————

function OpenForm(): ReactElement {
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
    <section aria-labelledby="admin-open" className={classes.panel}>
      <Title order={2} size="h4" id="admin-open">
        {t('admin.open.title')}
      </Title>
      <Text size="sm" mt={4} mb="sm">
        {t('admin.open.hint')}
      </Text>
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
    </section>
  )
}

// ————— clerks —————

function StatusText({ disabled }: { disabled: boolean }): ReactElement {
  const { t } = useTranslation()
  return (
    <Tag accent={disabled ? 'bad' : 'good'} strong={disabled}>
      {disabled ? t('admin.status.disabled') : t('admin.status.active')}
    </Tag>
  )
}

function ClerksSection({
  directory,
  me,
  may,
  onAction
}: {
  directory: AdminDirectoryView
  me: string
  may: (action: AdminAction, target?: AdminClerk | null) => boolean
  onAction: (d: Dialog) => void
}): ReactElement {
  const { t, i18n } = useTranslation()
  return (
    <section aria-labelledby="admin-clerks">
      <Group justify="space-between" align="center" mb="xs">
        <Title order={2} size="h3" id="admin-clerks">
          {t('admin.clerks.title')}
        </Title>
        {may('create_clerk') ? <Button onClick={() => onAction({ kind: 'create' })}>{t('admin.clerks.add')}</Button> : null}
      </Group>
      <div className={classes.tableWrap}>
        <Table striped className={classes.table}>
          <VisuallyHidden component="caption">{t('admin.clerks.caption')}</VisuallyHidden>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('admin.clerks.name')}</Table.Th>
              <Table.Th scope="col">{t('admin.clerks.login')}</Table.Th>
              <Table.Th scope="col">{t('admin.clerks.role')}</Table.Th>
              <Table.Th scope="col">{t('admin.clerks.status')}</Table.Th>
              <Table.Th scope="col">{t('admin.clerks.lastSignIn')}</Table.Th>
              <Table.Th scope="col">{t('admin.clerks.actions')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {directory.clerks.map((c) => (
              <Table.Tr key={c.id}>
                <Table.Th scope="row" className={classes.rowHead}>
                  {c.name}
                  {c.id === me ? <span className={classes.you}> ({t('admin.you')})</span> : null}
                </Table.Th>
                <Table.Td className={classes.mono}>{c.login}</Table.Td>
                <Table.Td>{t(`admin.roles.${c.role}`)}</Table.Td>
                <Table.Td>
                  <StatusText disabled={c.disabled} />
                </Table.Td>
                <Table.Td className={classes.nowrap}>
                  {c.lastSignInAt ? formatDateTime(c.lastSignInAt, i18n.language) : t('admin.never')}
                </Table.Td>
                <Table.Td>
                  <Group gap={6} wrap="nowrap">
                    {may('set_role', c) ? (
                      <Button
                        size="compact-sm"
                        variant="default"
                        onClick={() => onAction({ kind: 'role', clerk: c })}
                        aria-label={t('admin.clerks.changeRoleOf', { name: c.name })}
                      >
                        {t('admin.clerks.changeRole')}
                      </Button>
                    ) : null}
                    {c.disabled && may('enable_clerk', c) ? (
                      <Button
                        size="compact-sm"
                        variant="default"
                        onClick={() => onAction({ kind: 'enable', clerk: c })}
                        aria-label={t('admin.clerks.enableOf', { name: c.name })}
                      >
                        {t('admin.clerks.enable')}
                      </Button>
                    ) : null}
                    {!c.disabled && may('disable_clerk', c) ? (
                      <Button
                        size="compact-sm"
                        variant="default"
                        onClick={() => onAction({ kind: 'disable', clerk: c })}
                        aria-label={t('admin.clerks.disableOf', { name: c.name })}
                      >
                        {t('admin.clerks.disable')}
                      </Button>
                    ) : null}
                    {may('reset_password', c) ? (
                      <Button
                        size="compact-sm"
                        variant="default"
                        onClick={() => onAction({ kind: 'reset', clerk: c })}
                        aria-label={t('admin.clerks.resetOf', { name: c.name })}
                      >
                        {t('admin.clerks.reset')}
                      </Button>
                    ) : null}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </div>
    </section>
  )
}

// ————— workstations —————

function WorkstationsSection({
  directory,
  canRevoke,
  onRevoke,
  onIssueCode
}: {
  directory: AdminDirectoryView
  canRevoke: boolean
  onRevoke: (w: AdminWorkstation) => void
  /** Administrators only: a one-time code that enrols another workstation (EnrolmentCodeDialog). */
  onIssueCode: (() => void) | null
}): ReactElement {
  const { t, i18n } = useTranslation()
  return (
    <section aria-labelledby="admin-workstations">
      <Group justify="space-between" align="end" mb="xs">
        <Title order={2} size="h3" id="admin-workstations">
          {t('admin.workstations.title')}
        </Title>
        {onIssueCode ? (
          <Button variant="default" onClick={onIssueCode}>
            {t('admin.enrolmentCode.open')}
          </Button>
        ) : null}
      </Group>
      <div className={classes.tableWrap}>
        <Table striped className={classes.table}>
          <VisuallyHidden component="caption">{t('admin.workstations.caption')}</VisuallyHidden>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('admin.workstations.label')}</Table.Th>
              <Table.Th scope="col">{t('admin.workstations.node')}</Table.Th>
              <Table.Th scope="col">{t('admin.workstations.enrolled')}</Table.Th>
              <Table.Th scope="col">{t('admin.workstations.lastSeen')}</Table.Th>
              <Table.Th scope="col">{t('admin.workstations.status')}</Table.Th>
              {canRevoke ? <Table.Th scope="col">{t('admin.clerks.actions')}</Table.Th> : null}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {directory.workstations.map((w) => (
              <Table.Tr key={w.id}>
                <Table.Th scope="row" className={classes.rowHead}>
                  {w.label || t('admin.workstations.noLabel')}
                  {w.id === directory.thisWorkstationId ? (
                    <Badge variant="outline" color="dark" ml={8} className={classes.thisBadge}>
                      {t('admin.workstations.this')}
                    </Badge>
                  ) : null}
                </Table.Th>
                <Table.Td>{w.node}</Table.Td>
                <Table.Td className={classes.nowrap}>{formatDateTime(w.enrolledAt, i18n.language)}</Table.Td>
                <Table.Td className={classes.nowrap}>
                  {w.lastSeenAt ? formatDateTime(w.lastSeenAt, i18n.language) : t('admin.never')}
                </Table.Td>
                <Table.Td>
                  <Tag accent={w.revokedAt ? 'bad' : 'good'} strong={w.revokedAt !== null}>
                    {w.revokedAt
                      ? t('admin.workstations.revokedAt', { time: formatDateTime(w.revokedAt, i18n.language) })
                      : t('admin.workstations.active')}
                  </Tag>
                </Table.Td>
                {canRevoke ? (
                  <Table.Td>
                    {w.revokedAt ? null : (
                      <Button
                        size="compact-sm"
                        variant="default"
                        color="red.9"
                        onClick={() => onRevoke(w)}
                        aria-label={t('admin.workstations.revokeOf', { label: w.label || w.id })}
                      >
                        {t('admin.workstations.revoke')}
                      </Button>
                    )}
                  </Table.Td>
                ) : null}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </div>
    </section>
  )
}

// ————— this workstation's settings —————

function SettingsSection(): ReactElement {
  const { t } = useTranslation()
  const settings = useAdmin((s) => s.settings)
  const settingsError = useAdmin((s) => s.settingsError)
  return (
    <section aria-labelledby="admin-settings" className={classes.panel}>
      <Title order={2} size="h3" id="admin-settings">
        {t('admin.settings.title')}
      </Title>
      <Text size="sm" mt={4} mb="sm">
        {t('admin.settings.hint')}
      </Text>
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
    </section>
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

// ————— the dialogs: each asks for the acting person's password —————

const EMPTY_CLERK: NewClerkForm = { login: '', name: '', role: 'clerk', initialPassword: '', repeatPassword: '' }

function ActionDialog({
  dialog,
  onClose,
  me,
  thisWorkstationId
}: {
  dialog: Dialog
  onClose: () => void
  me: string
  thisWorkstationId: string
}): ReactElement {
  const { t } = useTranslation()
  const [password, setPassword] = useState('')
  const [passwordError, setPasswordError] = useState<string | null>(null)
  const [error, setError] = useState<AppError | null>(null)
  const [busy, setBusy] = useState(false)
  const [form, setForm] = useState<NewClerkForm>(EMPTY_CLERK)
  const [formErrors, setFormErrors] = useState<NewClerkErrors>({})
  const [role, setRole] = useState<Role>(dialog.kind === 'role' ? dialog.clerk.role : 'clerk')
  const [newPassword, setNewPassword] = useState('')
  const [repeat, setRepeat] = useState('')

  // Typing in a field takes its complaint away; the next submit checks everything again.
  const field = <K extends keyof NewClerkForm>(key: K, value: NewClerkForm[K]): void => {
    setForm((f) => ({ ...f, [key]: value }))
    setFormErrors((e) => ({ ...e, [key]: undefined }))
    if (error?.field === key) setError(null)
  }
  const errorOf = (key: keyof NewClerkForm): string | undefined => {
    const k = formErrors[key]
    return k ? t(k) : error?.field === key ? error.message : undefined
  }

  let title: string
  let intro: ReactNode = null
  let submitLabel: string
  let danger = false
  let body: ReactNode = null
  let run: (() => Promise<Result<AdminDirectoryView>>) | null = null
  let success = ''
  let localErrors = (): boolean => false

  switch (dialog.kind) {
    case 'create':
      title = t('admin.create.title')
      submitLabel = t('admin.create.submit')
      success = t('admin.create.done', { name: form.name.trim() })
      localErrors = () => {
        const errors = validateNewClerk(form)
        setFormErrors(errors)
        return Object.keys(errors).length > 0
      }
      body = (
        <div className={classes.formGrid}>
          <TextInput
            label={t('admin.create.name')}
            value={form.name}
            onChange={(e) => field('name', e.currentTarget.value)}
            error={errorOf('name')}
            maxLength={100}
            required
            data-autofocus
          />
          <TextInput
            label={t('admin.create.login')}
            description={t('admin.create.loginHint')}
            value={form.login}
            onChange={(e) => field('login', e.currentTarget.value)}
            error={errorOf('login')}
            maxLength={32}
            autoComplete="off"
            spellCheck={false}
            required
          />
          <NativeSelect
            label={t('admin.create.role')}
            value={form.role}
            onChange={(e) =>
              field('role', (ROLES as readonly string[]).includes(e.currentTarget.value) ? (e.currentTarget.value as Role) : '')
            }
            data={ROLES.map((r) => ({ value: r, label: t(`admin.roles.${r}`) }))}
            error={errorOf('role')}
            required
          />
          <span />
          <PasswordInput
            label={t('admin.create.password')}
            description={t('admin.passwordRule')}
            value={form.initialPassword}
            onChange={(e) => field('initialPassword', e.currentTarget.value)}
            error={errorOf('initialPassword')}
            autoComplete="new-password"
            maxLength={200}
            required
          />
          <PasswordInput
            label={t('admin.create.repeat')}
            value={form.repeatPassword}
            onChange={(e) => field('repeatPassword', e.currentTarget.value)}
            error={errorOf('repeatPassword')}
            autoComplete="new-password"
            maxLength={200}
            required
          />
        </div>
      )
      run = () =>
        call('admin.createClerk', {
          password,
          login: form.login.trim(),
          name: form.name.trim(),
          role: form.role === '' ? 'clerk' : form.role,
          initialPassword: form.initialPassword
        })
      break
    case 'role': {
      const c = dialog.clerk
      title = t('admin.role.title', { name: c.name })
      submitLabel = t('admin.role.submit')
      success = t('admin.role.done', { name: c.name, role: t(`admin.roles.${role}`) })
      intro = t('admin.role.intro', { role: t(`admin.roles.${c.role}`) })
      body = (
        <NativeSelect
          label={t('admin.role.new')}
          value={role}
          onChange={(e) => {
            const v = e.currentTarget.value
            if ((ROLES as readonly string[]).includes(v)) setRole(v as Role)
          }}
          data={ROLES.map((r) => ({ value: r, label: t(`admin.roles.${r}`) }))}
          data-autofocus
        />
      )
      localErrors = () => {
        if (role === c.role) {
          setError({ code: 'invalid_input', message: t('admin.errors.sameRole') })
          return true
        }
        return false
      }
      run = () => call('admin.setRole', { password, clerkId: c.id, role })
      break
    }
    case 'disable':
      title = t('admin.disable.title', { name: dialog.clerk.name })
      intro = t('admin.disable.intro', { name: dialog.clerk.name })
      submitLabel = t('admin.disable.submit')
      success = t('admin.disable.done', { name: dialog.clerk.name })
      danger = true
      run = () => call('admin.setDisabled', { password, clerkId: dialog.clerk.id, disabled: true })
      break
    case 'enable':
      title = t('admin.enable.title', { name: dialog.clerk.name })
      intro = t('admin.enable.intro', { name: dialog.clerk.name })
      submitLabel = t('admin.enable.submit')
      success = t('admin.enable.done', { name: dialog.clerk.name })
      run = () => call('admin.setDisabled', { password, clerkId: dialog.clerk.id, disabled: false })
      break
    case 'reset': {
      const c = dialog.clerk
      title = t('admin.reset.title', { name: c.name })
      intro = c.id === me ? t('admin.reset.introSelf') : t('admin.reset.intro', { name: c.name })
      submitLabel = t('admin.reset.submit')
      success = t('admin.reset.done', { name: c.name })
      body = (
        <Stack gap="sm">
          <PasswordInput
            label={t('admin.reset.new')}
            description={t('admin.passwordRule')}
            value={newPassword}
            onChange={(e) => {
              setNewPassword(e.currentTarget.value)
              setFormErrors((x) => ({ ...x, initialPassword: undefined }))
            }}
            error={formErrors.initialPassword ? t(formErrors.initialPassword) : error?.field === 'newPassword' ? error.message : undefined}
            autoComplete="new-password"
            maxLength={200}
            data-autofocus
          />
          <PasswordInput
            label={t('admin.create.repeat')}
            value={repeat}
            onChange={(e) => {
              setRepeat(e.currentTarget.value)
              setFormErrors((x) => ({ ...x, repeatPassword: undefined }))
            }}
            error={formErrors.repeatPassword ? t(formErrors.repeatPassword) : undefined}
            autoComplete="new-password"
            maxLength={200}
          />
        </Stack>
      )
      localErrors = () => {
        const v = validatePassword(newPassword, repeat)
        setFormErrors({ ...(v.password ? { initialPassword: v.password } : {}), ...(v.repeat ? { repeatPassword: v.repeat } : {}) })
        return v.password !== undefined || v.repeat !== undefined
      }
      run = () => call('admin.resetPassword', { password, clerkId: c.id, newPassword })
      break
    }
    case 'revoke': {
      const w = dialog.workstation
      const name = w.label || w.id
      title = t('admin.revoke.title', { label: name })
      intro = (
        <>
          {t('admin.revoke.intro', { label: name, node: w.node })}
          {w.id === thisWorkstationId ? (
            <>
              {' '}
              <strong>{t('admin.revoke.thisOne')}</strong>
            </>
          ) : null}
        </>
      )
      submitLabel = t('admin.revoke.submit')
      success = t('admin.revoke.done', { label: name })
      danger = true
      run = () => call('admin.revokeWorkstation', { password, workstationId: w.id })
      break
    }
  }

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    if (busy || !run) return
    setError(null)
    const invalid = localErrors()
    const noPassword = password.length === 0
    setPasswordError(noPassword ? t('admin.errors.passwordRequired') : null)
    if (invalid || noPassword) return
    setBusy(true)
    const result = await adminChange(run)
    setBusy(false)
    if (!result.ok) {
      if (result.error.field === 'password') setPasswordError(result.error.message)
      else setError(result.error)
      return
    }
    notify(success)
    onClose()
  }

  const alert =
    error && !(dialog.kind === 'create' && error.field !== undefined && error.field in EMPTY_CLERK) && error.field !== 'newPassword'
      ? error
      : null

  return (
    <Modal
      opened
      onClose={onClose}
      title={title}
      size={dialog.kind === 'create' ? 'xl' : 'lg'}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Stack gap="md">
          {intro ? <Text size="sm">{intro}</Text> : null}
          {body}
          <PasswordInput
            label={t('admin.yourPassword')}
            description={t('admin.yourPasswordHint')}
            value={password}
            onChange={(e) => {
              setPassword(e.currentTarget.value)
              setPasswordError(null)
            }}
            error={passwordError}
            autoComplete="current-password"
            maxLength={200}
            {...(body === null ? { 'data-autofocus': true } : {})}
          />
          {alert ? (
            <Notice kind="error" role="alert" title={t(`errors.${alert.code}`)}>
              {alert.message}
            </Notice>
          ) : null}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" type="button" onClick={onClose}>
              {t('review.dialog.cancel')}
            </Button>
            <Button type="submit" loading={busy} color={danger ? 'red.9' : undefined}>
              {submitLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}
