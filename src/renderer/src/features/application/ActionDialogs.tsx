import { Button, Checkbox, Group, Modal, NativeSelect, Radio, Stack, Text, Textarea, TextInput } from '@mantine/core'
import type { TFunction } from 'i18next'
import { useState, type FormEvent, type ReactElement, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import type { Service } from '../../../../shared/catalogue'
import { APPLICANT_FIELDS, applicantFullName, type ApplicationRecord } from '../../../../shared/domain/application'
import { DEFAULT_CALENDAR } from '../../../../shared/domain/calendar'
import type { CommandInput } from '../../../../shared/domain/commands'
import { forwardDueAt } from '../../../../shared/domain/deadlines'
import { canTransition, type Status } from '../../../../shared/domain/status'
import type { AppError } from '../../../../shared/result'
import { Notice } from '../../components/Notice'
import { formatDateTime, formatPlainDate } from '../../lib/format'
import classes from './ApplicationScreen.module.css'
import { submitCommand } from './application-store'
import { notify } from '../../lib/notify'

/*
 * The action dialogs. Each is a Mantine Modal (focus trapped, Esc closes, focus returns to the
 * button that opened it) around one <form>: Enter submits, errors appear beside the fields and,
 * for what the back end refuses, in an alert above the buttons. A dialog keeps what was typed
 * when the back end refuses, and when it is closed and opened again; only success clears it.
 */

export type DialogKind = 'request_correction' | 'forward' | 'decide' | 'issue_result' | 'force_release'

interface DialogProps {
  record: ApplicationRecord
  opened: boolean
  onClose: () => void
}

/** Sends one command; on failure keeps the dialog open with the back end's message. */
function useSend(onDone: () => void) {
  const { t } = useTranslation()
  const [error, setError] = useState<AppError | null>(null)
  const [busy, setBusy] = useState(false)
  const send = async (input: CommandInput, success: string): Promise<boolean> => {
    setBusy(true)
    setError(null)
    const result = await submitCommand(input)
    setBusy(false)
    if (!result.ok) {
      setError(result.error)
      return false
    }
    notify(success)
    onDone()
    return true
  }
  return { error, busy, send, clearError: () => setError(null), errorTitle: error ? t(`errors.${error.code}`) : null }
}

interface ActionModalProps {
  opened: boolean
  onClose: () => void
  title: string
  submitLabel: string
  busy: boolean
  error: AppError | null
  errorTitle: string | null
  onSubmit: () => void
  children: ReactNode
  /** A hint under the title: what the action will do. */
  intro?: ReactNode
  danger?: boolean
  size?: string
}

function ActionModal(p: ActionModalProps): ReactElement {
  const { t } = useTranslation()
  const submit = (e: FormEvent): void => {
    e.preventDefault()
    if (!p.busy) p.onSubmit()
  }
  return (
    <Modal
      opened={p.opened}
      onClose={p.onClose}
      title={p.title}
      size={p.size ?? 'lg'}
      closeButtonProps={{ 'aria-label': t('common.close') }}
      classNames={{ content: classes.dialog }}
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          {p.intro ? <Text size="sm">{p.intro}</Text> : null}
          {p.children}
          {p.error ? (
            <Notice kind="error" role="alert" title={p.errorTitle ?? undefined}>
              {p.error.message}
            </Notice>
          ) : null}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={p.onClose} type="button">
              {t('review.dialog.cancel')}
            </Button>
            <Button type="submit" loading={p.busy} color={p.danger ? 'red.9' : undefined}>
              {p.submitLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}

// ————— request corrections, field by field —————

interface FieldOption {
  key: string
  label: string
  value: string | null
}

/** The keys the correction notice prints against (applicant.* by label, form fields and documents by name). */
export function correctionFields(record: ApplicationRecord, t: TFunction, language: string): { group: string; options: FieldOption[] }[] {
  const applicant = APPLICANT_FIELDS.map((f) => ({
    key: `applicant.${f}`,
    label: t(`review.fieldNames.${f}`),
    value: f === 'birthDate' ? formatPlainDate(record.applicant.birthDate, language) : record.applicant[f]
  }))
  const form = Object.entries(record.fields).map(([k, v]) => ({ key: k.slice(0, 100), label: k, value: v }))
  const documents = record.documents.map((d) => ({ key: `Документ: ${d.name}`.slice(0, 100), label: d.name, value: null }))
  const groups = [
    { group: t('review.correction.groupApplicant'), options: applicant },
    { group: t('review.correction.groupForm'), options: form },
    { group: t('review.correction.groupDocuments'), options: documents },
    { group: t('review.correction.groupFiles'), options: [{ key: 'attachments', label: t('review.correction.files'), value: null }] }
  ]
  return groups.filter((g) => g.options.length > 0)
}

export function CorrectionDialog({ record, opened, onClose }: DialogProps): ReactElement {
  const { t, i18n } = useTranslation()
  const [ticked, setTicked] = useState<Record<string, boolean>>({})
  const [remarks, setRemarks] = useState<Record<string, string>>({})
  const [general, setGeneral] = useState('')
  const [errors, setErrors] = useState<{ none?: string; remarks: Record<string, string> }>({ remarks: {} })
  const reset = (): void => {
    setTicked({})
    setRemarks({})
    setGeneral('')
    setErrors({ remarks: {} })
  }
  const { error, errorTitle, busy, send } = useSend(() => {
    reset()
    onClose()
  })
  const groups = correctionFields(record, t, i18n.language)
  const chosen = groups.flatMap((g) => g.options).filter((o) => ticked[o.key])

  const submit = (): void => {
    const remarkErrors: Record<string, string> = {}
    for (const o of chosen) if (!(remarks[o.key] ?? '').trim()) remarkErrors[o.key] = t('review.correction.remarkRequired')
    const none = chosen.length === 0 && general.trim() === '' ? t('review.correction.noneChosen') : undefined
    setErrors({ remarks: remarkErrors, ...(none ? { none } : {}) })
    if (none || Object.keys(remarkErrors).length > 0) {
      const first = Object.keys(remarkErrors)[0]
      document.getElementById(first ? remarkId(first) : 'correction-general')?.focus()
      return
    }
    void send(
      {
        type: 'request_correction',
        applicationId: record.id,
        payload: { items: chosen.map((o) => ({ field: o.key, remark: (remarks[o.key] ?? '').trim() })), general: general.trim() }
      },
      t('review.correction.done')
    )
  }

  return (
    <ActionModal
      opened={opened}
      onClose={onClose}
      title={t('review.correction.title')}
      intro={t('review.correction.intro')}
      submitLabel={t('review.correction.submit')}
      busy={busy}
      error={error}
      errorTitle={errorTitle}
      onSubmit={submit}
    >
      {groups.map((g) => (
        <fieldset key={g.group} className={classes.fieldset}>
          <legend>{g.group}</legend>
          <Stack gap={6}>
            {g.options.map((o) => (
              <div key={o.key}>
                <Checkbox
                  label={
                    <>
                      {o.label}
                      {o.value ? (
                        <Text span size="sm" c="dimmed" className={classes.currentValue}>
                          {' '}
                          — {o.value}
                        </Text>
                      ) : null}
                    </>
                  }
                  checked={ticked[o.key] ?? false}
                  onChange={(e) => {
                    const on = e.currentTarget.checked
                    setTicked((s) => ({ ...s, [o.key]: on }))
                    if (on) setErrors((s) => ({ remarks: s.remarks }))
                  }}
                />
                {ticked[o.key] ? (
                  <Textarea
                    id={remarkId(o.key)}
                    className={classes.remark}
                    label={t('review.correction.remarkFor', { field: o.label })}
                    required
                    rows={2}
                    resize="vertical"
                    value={remarks[o.key] ?? ''}
                    error={errors.remarks[o.key]}
                    onChange={(e) => {
                      const v = e.currentTarget.value
                      setRemarks((s) => ({ ...s, [o.key]: v }))
                    }}
                  />
                ) : null}
              </div>
            ))}
          </Stack>
        </fieldset>
      ))}
      <Textarea
        id="correction-general"
        label={t('review.correction.general')}
        description={t('review.correction.generalHint')}
        rows={2}
        resize="vertical"
        value={general}
        // Beside the field that takes focus when nothing was chosen, so it is seen and read out.
        error={errors.none}
        onChange={(e) => {
          const v = e.currentTarget.value
          setGeneral(v)
          if (v.trim()) setErrors((s) => ({ remarks: s.remarks }))
        }}
      />
    </ActionModal>
  )
}

function remarkId(key: string): string {
  let h = 0
  for (let i = 0; i < key.length; i++) h = (h * 31 + key.charCodeAt(i)) | 0
  return `remark-${(h >>> 0).toString(36)}`
}

// ————— forward to the deciding body —————

export function ForwardDialog({ record, opened, onClose }: DialogProps): ReactElement {
  const { t, i18n } = useTranslation()
  const [body, setBody] = useState('')
  const { error, errorTitle, busy, send } = useSend(() => {
    setBody('')
    onClose()
  })
  let due: string | null = null
  try {
    due = formatDateTime(forwardDueAt(record.receivedAt, DEFAULT_CALENDAR), i18n.language)
  } catch {
    due = null
  }
  return (
    <ActionModal
      opened={opened}
      onClose={onClose}
      title={t('review.forward.title')}
      intro={due ? t('review.forward.intro', { due }) : undefined}
      submitLabel={t('review.forward.submit')}
      busy={busy}
      error={error}
      errorTitle={errorTitle}
      onSubmit={() => void send({ type: 'forward', applicationId: record.id, payload: { body: body.trim() } }, t('review.forward.done'))}
    >
      <TextInput
        data-autofocus
        label={t('review.forward.body')}
        description={t('review.forward.bodyHint')}
        value={body}
        maxLength={300}
        onChange={(e) => setBody(e.currentTarget.value)}
      />
    </ActionModal>
  )
}

// ————— decide —————

type Kind = 'approve' | 'refuse' | 'return'
const KIND_TARGET: Record<Kind, Status> = { approve: 'result_ready', refuse: 'refused', return: 'returned' }

export function DecideDialog({ record, service, opened, onClose }: DialogProps & { service: Service | null }): ReactElement {
  const { t } = useTranslation()
  const grounds = service?.refusal_grounds_uk ?? []
  const allowed = (k: Kind): boolean => canTransition(record.status, KIND_TARGET[k])
  const firstAllowed = (['approve', 'refuse', 'return'] as const).find(allowed) ?? 'approve'
  const [kind, setKind] = useState<Kind>(firstAllowed)
  const [ground, setGround] = useState('')
  const [text, setText] = useState('')
  const [appeal, setAppeal] = useState(() => t('review.decide.appealDefault'))
  const [errors, setErrors] = useState<{ ground?: string; text?: string; appeal?: string }>({})
  const { error, errorTitle, busy, send } = useSend(() => {
    setGround('')
    setText('')
    setErrors({})
    onClose()
  })
  const effectiveKind: Kind = allowed(kind) ? kind : firstAllowed

  const submit = (): void => {
    const next: typeof errors = {}
    if (effectiveKind === 'refuse' && !ground.trim())
      next.ground = grounds.length > 0 ? t('review.decide.groundRequired') : t('review.decide.groundFreeRequired')
    if (effectiveKind === 'refuse' && !appeal.trim()) next.appeal = t('review.decide.appealRequired')
    if (effectiveKind === 'return' && !text.trim()) next.text = t('review.decide.returnReasonRequired')
    setErrors(next)
    const first = (['ground', 'text', 'appeal'] as const).find((k) => next[k])
    if (first) {
      document.getElementById(`decide-${first}`)?.focus()
      return
    }
    void send(
      {
        type: 'decide',
        applicationId: record.id,
        payload: {
          kind: effectiveKind,
          ground: effectiveKind === 'refuse' ? ground.trim() : null,
          text: text.trim(),
          appeal: effectiveKind === 'refuse' ? appeal.trim() : null
        }
      },
      t(`review.decide.done.${effectiveKind}`)
    )
  }

  return (
    <ActionModal
      opened={opened}
      onClose={onClose}
      title={t('review.decide.title')}
      submitLabel={t(`review.decide.submit.${effectiveKind}`)}
      busy={busy}
      error={error}
      errorTitle={errorTitle}
      onSubmit={submit}
      danger={effectiveKind !== 'approve'}
    >
      <Radio.Group
        label={t('review.decide.kind')}
        value={effectiveKind}
        onChange={(v) => {
          setKind(v as Kind)
          setErrors({})
        }}
      >
        <Stack gap={6} mt={4}>
          {(['approve', 'refuse', 'return'] as const).map((k) => (
            <Radio
              key={k}
              value={k}
              label={t(`review.decide.kinds.${k}`)}
              disabled={!allowed(k)}
              description={allowed(k) ? undefined : t('review.decide.notInStatus')}
            />
          ))}
        </Stack>
      </Radio.Group>
      {effectiveKind === 'refuse' ? (
        grounds.length > 0 ? (
          <NativeSelect
            id="decide-ground"
            label={t('review.decide.ground')}
            description={t('review.decide.groundHint')}
            required
            value={ground}
            error={errors.ground}
            onChange={(e) => {
              setGround(e.currentTarget.value)
              setErrors((s) => ({ ...s, ground: undefined }))
            }}
            data={[{ value: '', label: t('review.decide.groundPlaceholder') }, ...grounds.map((g) => ({ value: g, label: g }))]}
          />
        ) : (
          <Textarea
            id="decide-ground"
            label={t('review.decide.ground')}
            description={t('review.decide.groundFreeHint')}
            required
            rows={2}
            resize="vertical"
            value={ground}
            error={errors.ground}
            onChange={(e) => {
              setGround(e.currentTarget.value)
              setErrors((s) => ({ ...s, ground: undefined }))
            }}
          />
        )
      ) : null}
      <Textarea
        id="decide-text"
        label={t(
          effectiveKind === 'return'
            ? 'review.decide.returnReason'
            : effectiveKind === 'refuse'
              ? 'review.decide.refuseText'
              : 'review.decide.approveText'
        )}
        required={effectiveKind === 'return'}
        rows={2}
        resize="vertical"
        value={text}
        error={errors.text}
        onChange={(e) => {
          setText(e.currentTarget.value)
          setErrors((s) => ({ ...s, text: undefined }))
        }}
      />
      {effectiveKind === 'refuse' ? (
        <Textarea
          id="decide-appeal"
          label={t('review.decide.appeal')}
          required
          rows={3}
          resize="vertical"
          value={appeal}
          error={errors.appeal}
          onChange={(e) => {
            setAppeal(e.currentTarget.value)
            setErrors((s) => ({ ...s, appeal: undefined }))
          }}
        />
      ) : null}
    </ActionModal>
  )
}

// ————— issue the result —————

export function IssueDialog({ record, opened, onClose }: DialogProps): ReactElement {
  const { t } = useTranslation()
  const a = record.applicant
  const [outcome, setOutcome] = useState<'issued' | 'not_collected'>('issued')
  const [name, setName] = useState(() => applicantFullName(a))
  const [doc, setDoc] = useState('')
  const [errors, setErrors] = useState<{ name?: string; doc?: string }>({})
  const { error, errorTitle, busy, send } = useSend(() => {
    setDoc('')
    setErrors({})
    onClose()
  })
  const submit = (): void => {
    const next: typeof errors = {}
    if (outcome === 'issued' && !name.trim()) next.name = t('review.issue.nameRequired')
    if (outcome === 'issued' && !doc.trim()) next.doc = t('review.issue.documentRequired')
    setErrors(next)
    if (next.name || next.doc) {
      document.getElementById(next.name ? 'issue-name' : 'issue-doc')?.focus()
      return
    }
    void send(
      {
        type: 'issue_result',
        applicationId: record.id,
        payload:
          outcome === 'issued'
            ? { outcome, recipientName: name.trim(), recipientDocument: doc.trim() }
            : { outcome, recipientName: '', recipientDocument: '' }
      },
      t(`review.issue.done.${outcome}`)
    )
  }
  return (
    <ActionModal
      opened={opened}
      onClose={onClose}
      title={t('review.issue.title')}
      submitLabel={t(`review.issue.submit.${outcome}`)}
      busy={busy}
      error={error}
      errorTitle={errorTitle}
      onSubmit={submit}
    >
      <Radio.Group label={t('review.issue.outcome')} value={outcome} onChange={(v) => setOutcome(v as 'issued' | 'not_collected')}>
        <Stack gap={6} mt={4}>
          <Radio value="issued" label={t('review.issue.outcomes.issued')} />
          <Radio value="not_collected" label={t('review.issue.outcomes.not_collected')} />
        </Stack>
      </Radio.Group>
      {outcome === 'issued' ? (
        <>
          <TextInput
            id="issue-name"
            label={t('review.issue.name')}
            description={t('review.issue.nameHint')}
            required
            value={name}
            maxLength={200}
            error={errors.name}
            onChange={(e) => {
              setName(e.currentTarget.value)
              setErrors((s) => ({ ...s, name: undefined }))
            }}
          />
          <TextInput
            id="issue-doc"
            label={t('review.issue.document')}
            description={t('review.issue.documentHint')}
            required
            value={doc}
            maxLength={200}
            error={errors.doc}
            onChange={(e) => {
              setDoc(e.currentTarget.value)
              setErrors((s) => ({ ...s, doc: undefined }))
            }}
          />
        </>
      ) : (
        <Text size="sm">{t('review.issue.notCollectedHint')}</Text>
      )}
    </ActionModal>
  )
}

// ————— a supervisor releases another clerk's application —————

export function ForceReleaseDialog({ record, opened, onClose }: DialogProps): ReactElement {
  const { t, i18n } = useTranslation()
  const [reason, setReason] = useState('')
  const [reasonError, setReasonError] = useState<string | undefined>(undefined)
  const { error, errorTitle, busy, send } = useSend(() => {
    setReason('')
    onClose()
  })
  const holder = record.holder
  const submit = (): void => {
    if (!reason.trim()) {
      setReasonError(t('review.forceRelease.reasonRequired'))
      document.getElementById('force-release-reason')?.focus()
      return
    }
    void send({ type: 'release', applicationId: record.id, payload: { force: true, reason: reason.trim() } }, t('review.forceRelease.done'))
  }
  return (
    <ActionModal
      opened={opened}
      onClose={onClose}
      title={t('review.forceRelease.title')}
      intro={holder ? t('review.forceRelease.intro', { name: holder.name, since: formatDateTime(holder.since, i18n.language) }) : undefined}
      submitLabel={t('review.forceRelease.submit')}
      busy={busy}
      error={error}
      errorTitle={errorTitle}
      onSubmit={submit}
      danger
    >
      <Textarea
        id="force-release-reason"
        data-autofocus
        label={t('review.forceRelease.reason')}
        description={t('review.forceRelease.reasonHint')}
        required
        rows={2}
        resize="vertical"
        value={reason}
        error={reasonError}
        onChange={(e) => {
          setReason(e.currentTarget.value)
          setReasonError(undefined)
        }}
      />
    </ActionModal>
  )
}
