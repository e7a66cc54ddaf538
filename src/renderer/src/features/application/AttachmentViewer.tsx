import { Button, Group, Loader, Modal, Text } from '@mantine/core'
import { useEffect, useRef, useState, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import type { AttachmentRef } from '../../../../shared/domain/application'
import type { AppError } from '../../../../shared/result'
import { Notice } from '../../components/Notice'
import { call } from '../../lib/api'
import classes from './ApplicationScreen.module.css'
import { openPdf, type OpenedPdf } from './pdf-render'

const TYPE_LABEL: Record<AttachmentRef['mediaType'], string> = { 'application/pdf': 'PDF', 'image/jpeg': 'JPEG', 'image/png': 'PNG' }

function base64ToBytes(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64)
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}

function formatSize(bytes: number, language: string): string {
  const mb = bytes / (1024 * 1024)
  const f = new Intl.NumberFormat(language === 'en' ? 'en-GB' : 'uk-UA', { maximumFractionDigits: 1 })
  return mb >= 1 ? `${f.format(mb)} МБ` : `${f.format(Math.max(1, Math.round(bytes / 1024)))} КБ`
}

/** The scans of an application, each opened inside the app from the local cache (offline too). */
export function AttachmentList({ attachments }: { attachments: readonly AttachmentRef[] }): ReactElement {
  const { t } = useTranslation()
  const [open, setOpen] = useState<AttachmentRef | null>(null)
  if (attachments.length === 0) return <Text>{t('review.attachments.none')}</Text>
  return (
    <>
      <ul className={classes.files}>
        {attachments.map((a) => (
          <li key={a.sha256}>
            <span className={classes.fileType}>{TYPE_LABEL[a.mediaType]}</span>
            <span className={classes.fileName}>{a.name}</span>
            <Button
              size="compact-sm"
              variant="default"
              onClick={() => setOpen(a)}
              aria-label={t('review.attachments.openNamed', { name: a.name })}
            >
              {t('review.attachments.open')}
            </Button>
          </li>
        ))}
      </ul>
      <AttachmentModal attachment={open} onClose={() => setOpen(null)} />
    </>
  )
}

type Loaded =
  | { kind: 'loading' }
  | { kind: 'error'; error: AppError }
  | { kind: 'image'; url: string; size: number }
  | { kind: 'pdf'; pdf: OpenedPdf; size: number }

const ZOOMS = [0.5, 0.75, 1, 1.25, 1.5, 2, 3] as const

function AttachmentModal({ attachment, onClose }: { attachment: AttachmentRef | null; onClose: () => void }): ReactElement {
  const { t, i18n } = useTranslation()
  const [loaded, setLoaded] = useState<Loaded>({ kind: 'loading' })
  const [zoom, setZoom] = useState(2)
  const sha = attachment?.sha256 ?? null

  useEffect(() => {
    if (!sha) return
    let cancelled = false
    let cleanup: (() => void) | null = null
    setLoaded({ kind: 'loading' })
    setZoom(2)
    void (async () => {
      const result = await call('attachments.get', { sha256: sha })
      if (cancelled) return
      if (!result.ok) {
        setLoaded({ kind: 'error', error: result.error })
        return
      }
      const bytes = base64ToBytes(result.value.base64)
      if (result.value.mediaType === 'application/pdf') {
        try {
          const pdf = await openPdf(bytes)
          if (cancelled) {
            void pdf.close()
            return
          }
          cleanup = () => void pdf.close()
          setLoaded({ kind: 'pdf', pdf, size: result.value.size })
        } catch {
          if (!cancelled) setLoaded({ kind: 'error', error: { code: 'invalid_input', message: t('review.attachments.pdfFailed') } })
        }
        return
      }
      const url = URL.createObjectURL(new Blob([bytes], { type: result.value.mediaType }))
      cleanup = () => URL.revokeObjectURL(url)
      setLoaded({ kind: 'image', url, size: result.value.size })
    })()
    return () => {
      cancelled = true
      cleanup?.()
    }
  }, [sha, t])

  const scale = ZOOMS[zoom] ?? 1
  return (
    <Modal
      opened={attachment !== null}
      onClose={onClose}
      size="90%"
      title={attachment ? t('review.attachments.viewerTitle', { name: attachment.name }) : ''}
      classNames={{ body: classes.viewerBody, content: classes.dialog }}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      {loaded.kind === 'loading' ? (
        <Group gap="sm" role="status">
          <Loader size="sm" />
          <Text>{t('review.attachments.loading')}</Text>
        </Group>
      ) : loaded.kind === 'error' ? (
        <Notice kind="error" role="alert" title={t('review.attachments.failed')}>
          {loaded.error.message}
        </Notice>
      ) : (
        <>
          <Group gap="xs" className={classes.viewerTools}>
            <Button size="compact-sm" variant="default" onClick={() => setZoom((z) => Math.max(0, z - 1))} disabled={zoom === 0}>
              {t('review.attachments.zoomOut')}
            </Button>
            <Text size="sm" aria-live="polite" className={classes.zoomValue}>
              {Math.round(scale * 100)}%
            </Text>
            <Button
              size="compact-sm"
              variant="default"
              onClick={() => setZoom((z) => Math.min(ZOOMS.length - 1, z + 1))}
              disabled={zoom === ZOOMS.length - 1}
            >
              {t('review.attachments.zoomIn')}
            </Button>
            <Text size="sm" c="dimmed">
              {formatSize(loaded.size, i18n.language)}
              {loaded.kind === 'pdf' ? ` · ${t('review.attachments.pages', { count: loaded.pdf.pages })}` : ''}
            </Text>
          </Group>
          {/* Scrollable, so it takes focus: the arrow keys then scroll a long scan (WCAG 2.1.1). */}
          <div className={classes.viewerPages} tabIndex={0} role="region" aria-label={t('review.attachments.pagesRegion')}>
            {loaded.kind === 'image' ? (
              <img src={loaded.url} alt={attachment?.name ?? ''} style={{ width: `${scale * 100}%` }} className={classes.viewerImage} />
            ) : (
              <PdfPages pdf={loaded.pdf} scale={scale} name={attachment?.name ?? ''} />
            )}
          </div>
        </>
      )}
    </Modal>
  )
}

/** Pages are drawn one after another, so a long scan shows its first page at once. */
function PdfPages({ pdf, scale, name }: { pdf: OpenedPdf; scale: number; name: string }): ReactElement {
  const { t } = useTranslation()
  const refs = useRef<(HTMLCanvasElement | null)[]>([])
  const [error, setError] = useState(false)
  const shown = Math.min(pdf.pages, 200)
  useEffect(() => {
    let cancelled = false
    void (async () => {
      for (let n = 1; n <= shown && !cancelled; n++) {
        const canvas = refs.current[n - 1]
        if (!canvas) continue
        try {
          // PDF sizes are in points (1/72 inch); "100 %" is the paper's real size on a 96 dpi screen.
          await pdf.render(n, canvas, (scale * 96) / 72)
        } catch {
          if (!cancelled) setError(true)
        }
      }
    })()
    return () => {
      cancelled = true
    }
  }, [pdf, scale, shown])
  return (
    <>
      {error ? (
        <Notice kind="error" role="alert">
          {t('review.attachments.pdfFailed')}
        </Notice>
      ) : null}
      {Array.from({ length: shown }, (_, i) => (
        <canvas
          key={i}
          ref={(el) => {
            refs.current[i] = el
          }}
          className={classes.viewerPage}
          role="img"
          aria-label={t('review.attachments.pageLabel', { name, page: i + 1, count: pdf.pages })}
        />
      ))}
    </>
  )
}
