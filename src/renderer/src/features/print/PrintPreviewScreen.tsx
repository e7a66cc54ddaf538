import { Button, Checkbox, Group, Loader, NumberInput, SegmentedControl, Select, Stack, Text, Title } from '@mantine/core'
import { useCallback, useEffect, useMemo, useRef, useState, type ReactElement } from 'react'
import { PAPERS_FOR, type PrintersList, type PrintPaper, type PrintPreview, type PrintRequest } from '../../../../shared/print-contract'
import type { PrintMethodInput } from './print-api'
import type { AppError } from '../../../../shared/result'
import { Notice } from '../../components/Notice'
import { printHtmlInHiddenFrame, saveBase64Pdf } from './output'
import { printApi, type PrintApi } from './print-api'
import classes from './PrintPreviewScreen.module.css'
import { usePrintT } from './use-print-t'
import { notify, notifyError } from '../../lib/notify'

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never
/** What to print; the paper is chosen on this screen. */
export type PrintTarget = DistributiveOmit<PrintRequest, 'paper'>

export interface PrintPreviewScreenProps {
  target: PrintTarget
  onClose?: () => void
  /** The contract's print methods; lib/api by default, a fake in tests. */
  api?: PrintApi
  /** How the web shell gets paper out; replaced in tests (happy-dom has no print dialog). */
  output?: { printHtml: (html: string) => Promise<void>; savePdf: (base64: string, fileName: string) => void }
}

const RECEIPT_PAPER_KEY = 'vikno.print.receiptPaper'

function initialPaper(target: PrintTarget): PrintPaper {
  if (target.document !== 'receipt') return 'A4'
  try {
    return localStorage.getItem(RECEIPT_PAPER_KEY) === '80mm' ? '80mm' : 'A4'
  } catch {
    return 'A4'
  }
}

const defaultOutput = {
  printHtml: (html: string) => printHtmlInHiddenFrame(html),
  savePdf: (b64: string, name: string) => saveBase64Pdf(b64, name)
}

/**
 * Print preview: the document exactly as it will print (the back end's HTML in an iframe with
 * sandbox="" — nothing in it can run), the paper, the printer (desktop shell), "Друкувати" and
 * "Зберегти PDF". Every print and every PDF goes through the contract, which records it
 * (record_print) and returns the HTML or PDF marked КОПІЯ / ПОПЕРЕДНІЙ as recorded.
 */
export function PrintPreviewScreen({ target, onClose, api = printApi, output = defaultOutput }: PrintPreviewScreenProps): ReactElement {
  const { t } = usePrintT()
  const [paper, setPaper] = useState<PrintPaper>(() => initialPaper(target))
  const [preview, setPreview] = useState<PrintPreview | null>(null)
  const [error, setError] = useState<AppError | null>(null)
  const [loading, setLoading] = useState(true)
  const [busy, setBusy] = useState<'print' | 'pdf' | null>(null)
  const [printers, setPrinters] = useState<PrintersList | null>(null)
  const [deviceName, setDeviceName] = useState<string | null>(null)
  const [copies, setCopies] = useState(1)
  const [silent, setSilent] = useState(false)
  const targetKey = JSON.stringify(target)
  // Keyed by value, so a parent that passes a new but equal object does not reload the preview.
  const request = useMemo(
    () => ({ ...(JSON.parse(targetKey) as PrintTarget), paper }) as PrintMethodInput<'print.preview'>,
    [targetKey, paper]
  )
  const generation = useRef(0)

  const papers = PAPERS_FOR[target.document]
  const documentName = t(`documents.${target.document}`)

  const load = useCallback(async () => {
    const mine = ++generation.current
    setLoading(true)
    const result = await api('print.preview', request)
    if (mine !== generation.current) return
    setLoading(false)
    if (result.ok) {
      setPreview(result.value)
      setError(null)
    } else {
      setPreview(null)
      setError(result.error)
    }
  }, [api, request])

  useEffect(() => {
    void load()
  }, [load])

  useEffect(() => {
    let live = true
    void api('print.printers', {}).then((r) => {
      if (live && r.ok) setPrinters(r.value)
    })
    return () => {
      live = false
    }
  }, [api])

  const choosePaper = (value: string) => {
    const next: PrintPaper = value === '80mm' ? '80mm' : 'A4'
    setPaper(next)
    if (target.document === 'receipt') {
      try {
        localStorage.setItem(RECEIPT_PAPER_KEY, next)
      } catch {
        // A browser without storage just asks again next time.
      }
    }
  }

  const fail = (title: string, e: AppError) => notifyError(e, title)

  const print = async () => {
    setBusy('print')
    try {
      if (printers?.native) {
        const result = await api('print.send', {
          ...request,
          deviceName,
          copies,
          silent: silent && paper === '80mm'
        } as PrintMethodInput<'print.send'>)
        if (!result.ok) return fail(t('failed.print'), result.error)
        notify(t(result.value.sent ? (result.value.copy ? 'done.printedCopy' : 'done.printed') : 'done.cancelled'), {
          color: result.value.sent ? 'green' : 'gray'
        })
      } else {
        const result = await api('print.record', request)
        if (!result.ok) return fail(t('failed.print'), result.error)
        await output.printHtml(result.value.html)
        notify(t(result.value.copy ? 'done.printedCopy' : 'done.printed'))
      }
    } catch (e) {
      fail(t('failed.print'), { code: 'internal', message: e instanceof Error ? e.message : String(e) })
    } finally {
      setBusy(null)
      void load()
    }
  }

  const savePdf = async () => {
    setBusy('pdf')
    try {
      const result = await api('print.pdf', request)
      if (!result.ok) return fail(t('failed.pdf'), result.error)
      output.savePdf(result.value.pdfBase64, result.value.fileName)
      notify(t('done.pdfSaved', { pages: result.value.pages }))
    } finally {
      setBusy(null)
      void load()
    }
  }

  const printerOptions = [
    { value: '', label: t('printer.systemDefault') },
    ...(printers?.printers ?? []).map((p) => ({ value: p.name, label: p.displayName }))
  ]

  return (
    <Stack gap="md">
      <Group justify="space-between" align="center">
        <Title order={1} size="h2" tabIndex={-1}>
          {t('screenTitle', { title: documentName })}
        </Title>
        {onClose ? (
          <Button variant="default" onClick={onClose}>
            {t('actions.close')}
          </Button>
        ) : null}
      </Group>

      <Group className={classes.toolbar} align="flex-end" gap="md">
        <Stack gap={4}>
          <Text size="sm" fw={600} id="print-paper-label">
            {t('paper.label')}
          </Text>
          <SegmentedControl
            aria-labelledby="print-paper-label"
            value={paper}
            onChange={choosePaper}
            data={(['A4', '80mm'] as const).map((p) => ({ value: p, label: t(`paper.${p}`), disabled: !papers.includes(p) }))}
          />
        </Stack>
        {printers?.native ? (
          <>
            <Select
              label={t('printer.label')}
              data={printerOptions}
              value={deviceName ?? ''}
              onChange={(v) => setDeviceName(v ? v : null)}
              allowDeselect={false}
              w={260}
            />
            <NumberInput
              label={t('printer.copies')}
              min={1}
              max={10}
              value={copies}
              onChange={(v) => setCopies(typeof v === 'number' ? v : 1)}
              w={120}
            />
            {paper === '80mm' ? (
              <Checkbox label={t('printer.silent')} checked={silent} onChange={(e) => setSilent(e.currentTarget.checked)} mb={8} />
            ) : null}
          </>
        ) : null}
        <Group gap="sm" ml="auto">
          <Button onClick={() => void print()} loading={busy === 'print'} disabled={!preview || busy !== null}>
            {t('actions.print')}
          </Button>
          <Button variant="default" onClick={() => void savePdf()} loading={busy === 'pdf'} disabled={!preview || busy !== null}>
            {t('actions.savePdf')}
          </Button>
        </Group>
      </Group>
      {papers.length === 1 ? (
        <Text size="sm" c="dimmed">
          {t('paper.onlyA4')}
        </Text>
      ) : null}

      {preview?.copy ? (
        <Notice kind="info" title={t('marks.copyTitle')}>
          {t('marks.copyBody')}
        </Notice>
      ) : null}
      {preview?.provisional ? (
        <Notice kind="warning" title={t('marks.provisionalTitle')}>
          {t('marks.provisionalBody', { commandId: preview.provisional.commandId })}
        </Notice>
      ) : null}
      {error ? (
        <Notice
          kind="error"
          role="alert"
          title={t('preview.failed')}
          actions={
            <Button size="xs" variant="default" onClick={() => void load()}>
              {t('actions.retry')}
            </Button>
          }
        >
          {error.message}
        </Notice>
      ) : null}

      <Text size="sm">{t('audit')}</Text>

      <div className={classes.stage} aria-busy={loading}>
        {loading && !preview ? (
          <Group justify="center" p="xl" role="status">
            <Loader size="sm" />
            <Text>{t('preview.loading')}</Text>
          </Group>
        ) : null}
        {preview ? (
          // sandbox="" : no scripts, no forms, no navigation, an opaque origin. The document is data.
          <iframe className={classes.frame} sandbox="" srcDoc={preview.html} title={t('preview.frameTitle', { title: preview.title })} />
        ) : null}
      </div>
    </Stack>
  )
}
