import { Button, FileButton, Text } from '@mantine/core'
import { useState, type DragEvent, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { addFiles, removeFile, useIntake } from './intake-store'
import classes from './IntakeScreen.module.css'
import { Block } from './Block'

export const ACCEPT = 'application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png'

export function formatSize(bytes: number, language: string): string {
  const f = new Intl.NumberFormat(language === 'en' ? 'en-GB' : 'uk-UA', { maximumFractionDigits: 1 })
  return bytes >= 1024 * 1024 ? `${f.format(bytes / (1024 * 1024))} МБ` : `${f.format(Math.max(1, Math.round(bytes / 1024)))} КБ`
}

export const TYPE_LABEL = { 'application/pdf': 'PDF', 'image/jpeg': 'JPEG', 'image/png': 'PNG' } as const

export function Files({ today }: { today: string }): ReactElement {
  const { t, i18n } = useTranslation()
  const files = useIntake((s) => s.draft.files)
  const error = useIntake((s) => s.errors.files)
  const [over, setOver] = useState(false)
  const take = (list: FileList | readonly File[] | null): void => {
    if (list && list.length > 0) void addFiles(Array.from(list), today, t)
  }
  const onDrop = (e: DragEvent<HTMLDivElement>): void => {
    e.preventDefault()
    setOver(false)
    take(e.dataTransfer.files)
  }
  return (
    <Block id="intake-files-title" title={t('intake.files.title')}>
      <div
        className={classes.dropzone}
        data-over={over || undefined}
        onDragOver={(e) => {
          e.preventDefault()
          e.dataTransfer.dropEffect = 'copy'
          setOver(true)
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
        data-testid="intake-dropzone"
      >
        <Text size="sm">{t('intake.files.drop')}</Text>
        <FileButton onChange={(picked) => take(picked)} accept={ACCEPT} multiple>
          {(props) => (
            <Button {...props} id="intake-files-button" variant="default" aria-describedby="intake-files-rules">
              {t('intake.files.pick')}
            </Button>
          )}
        </FileButton>
        <Text size="xs" id="intake-files-rules" className={classes.rules}>
          {t('intake.files.rules')}
        </Text>
      </div>
      {error ? (
        <Text size="sm" className={classes.fieldError} role="alert">
          {error}
        </Text>
      ) : null}
      {files.length > 0 ? (
        <ul className={classes.fileList} aria-label={t('intake.files.listLabel')}>
          {files.map((f) => (
            <li key={f.id} data-error={f.error ? true : undefined}>
              <span className={classes.fileType}>{f.mediaType ? TYPE_LABEL[f.mediaType] : '?'}</span>
              <span className={classes.fileName}>
                {f.name}
                <Text span size="xs" c="dimmed">
                  {' '}
                  · {formatSize(f.size, i18n.language)}
                </Text>
                {f.error ? (
                  <Text size="sm" className={classes.fieldError}>
                    {f.error}
                  </Text>
                ) : null}
              </span>
              <Button
                size="compact-sm"
                variant="subtle"
                onClick={() => removeFile(f.id, today, t)}
                aria-label={t('intake.files.removeNamed', { name: f.name })}
              >
                {t('intake.files.remove')}
              </Button>
            </li>
          ))}
        </ul>
      ) : null}
    </Block>
  )
}
