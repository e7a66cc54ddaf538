import { Button, Text, Textarea } from '@mantine/core'
import { useState, type FormEvent, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import type { ApplicationDetail } from '../../../../shared/contract'
import type { AppError } from '../../../../shared/result'
import { Notice } from '../../components/Notice'
import classes from './ApplicationScreen.module.css'
import { submitCommand } from './application-store'
import { notify } from '../../lib/notify'
import { LineStateChip, Section, WhenWho } from './Section'

export function textOf(data: unknown, key: string): string | null {
  if (data && typeof data === 'object' && key in data) {
    const v = (data as Record<string, unknown>)[key]
    return typeof v === 'string' && v.length > 0 ? v : null
  }
  return null
}

export function Notes({ detail }: { detail: ApplicationDetail }): ReactElement {
  const { t } = useTranslation()
  const [text, setText] = useState('')
  const [error, setError] = useState<AppError | null>(null)
  const [fieldError, setFieldError] = useState<string | undefined>(undefined)
  const [busy, setBusy] = useState(false)
  const reason = detail.actions.note
  const notes = [
    ...detail.events
      .filter((e) => e.kind === 'note')
      .map((e) => ({ key: e.id, at: e.at, who: e.actor, text: textOf(e.data, 'text') ?? '', state: 'done' as const })),
    ...detail.pending
      .filter((p) => p.type === 'note')
      .map((p) => ({ key: p.commandId, at: p.issuedAt, who: '', text: textOf(p.payload, 'text') ?? '', state: p.state }))
  ].sort((a, b) => a.at.localeCompare(b.at))

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    if (!text.trim()) {
      setFieldError(t('review.notes.empty'))
      return
    }
    setBusy(true)
    setError(null)
    const result = await submitCommand({ type: 'note', applicationId: detail.record.id, payload: { text: text.trim() } })
    setBusy(false)
    if (result.ok) {
      setText('')
      notify(t('review.notes.added'))
    } else setError(result.error)
  }

  return (
    <Section id="notes-title" title={t('review.notes.title')}>
      <Text size="sm" mb="xs" c="dimmed">
        {t('review.notes.internal')}
      </Text>
      {notes.length === 0 ? (
        <Text size="sm" mb="sm">
          {t('review.notes.none')}
        </Text>
      ) : (
        <ul className={classes.notes}>
          {notes.map((n) => (
            <li key={n.key}>
              <Text size="sm" className={classes.eventMeta}>
                <WhenWho at={n.at} who={n.who} />
                {n.state !== 'done' ? ' · ' : null}
                <LineStateChip state={n.state} />
              </Text>
              <Text size="sm" className={classes.prewrap}>
                {n.text}
              </Text>
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Textarea
          label={t('review.notes.new')}
          rows={2}
          resize="vertical"
          maxLength={4000}
          value={text}
          disabled={reason !== null}
          error={fieldError}
          onChange={(e) => {
            setText(e.currentTarget.value)
            setFieldError(undefined)
          }}
        />
        {error ? (
          <div className={classes.formError}>
            <Notice kind="error" role="alert" title={t(`errors.${error.code}`)}>
              {error.message}
            </Notice>
          </div>
        ) : null}
        <div className={classes.action}>
          <Button
            type="submit"
            variant="default"
            mt="xs"
            loading={busy}
            disabled={reason !== null}
            aria-describedby={reason ? 'note-reason' : undefined}
          >
            {t('review.notes.add')}
          </Button>
          {reason ? (
            <Text size="sm" id="note-reason" className={classes.reason}>
              {reason}
            </Text>
          ) : null}
        </div>
      </form>
    </Section>
  )
}
