import { fireEvent, screen, waitFor } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { PrintPreview } from '../../../../shared/print-contract'
import type { Result } from '../../../../shared/result'
import { renderWithProviders } from '../../lib/testing/render'
import type { PrintApi, PrintMethodInput, PrintMethodName, PrintMethodOutput } from './print-api'
import { PrintPreviewScreen, type PrintTarget } from './PrintPreviewScreen'

const HTML = '<!DOCTYPE html><html lang="uk"><body><main class="sheet">&lt;img src=x onerror=alert(1)&gt;</main></body></html>'

function preview(patch: Partial<PrintPreview> = {}): PrintPreview {
  return {
    html: HTML,
    title: 'Опис вхідного пакета документів № 002-000457-4',
    paper: 'A4',
    applicationIds: ['a1'],
    copy: false,
    provisional: null,
    ...patch
  }
}

type Fakes = { [M in PrintMethodName]?: (input: PrintMethodInput<M>) => Result<PrintMethodOutput<M>> }

function fakeApi(fakes: Fakes) {
  const calls: { method: PrintMethodName; input: unknown }[] = []
  const api: PrintApi = async (method, input) => {
    calls.push({ method, input })
    const fake = fakes[method] as ((i: typeof input) => Result<PrintMethodOutput<typeof method>>) | undefined
    return fake ? fake(input) : { ok: false, error: { code: 'unknown_method', message: `no fake for ${method}` } }
  }
  return { api, calls, of: (m: PrintMethodName) => calls.filter((c) => c.method === m).map((c) => c.input) }
}

function outputs() {
  const printed: string[] = []
  const saved: { base64: string; name: string }[] = []
  return {
    printed,
    saved,
    output: {
      printHtml: async (html: string) => {
        printed.push(html)
      },
      savePdf: (base64: string, name: string) => {
        saved.push({ base64, name })
      }
    }
  }
}

const receipt: PrintTarget = { document: 'receipt', applicationId: 'a1' }

describe('PrintPreviewScreen', () => {
  it('shows the document in an iframe where nothing can run', async () => {
    const f = fakeApi({
      'print.preview': () => ({ ok: true, value: preview() }),
      'print.printers': () => ({ ok: true, value: { native: false, printers: [] } })
    })
    renderWithProviders(<PrintPreviewScreen target={receipt} api={f.api} output={outputs().output} />)
    const frame = await screen.findByTitle('Попередній перегляд: Опис вхідного пакета документів № 002-000457-4')
    expect(frame.getAttribute('sandbox')).toBe('')
    expect(frame.getAttribute('srcdoc')).toBe(HTML)
    expect(screen.getByRole('heading', { name: 'Друк: Опис вхідного пакета документів' })).toBeTruthy()
    expect(f.of('print.preview')).toEqual([{ document: 'receipt', applicationId: 'a1', paper: 'A4' }])
  })

  it('switches a receipt to the 80 mm roll and remembers it; letters are A4 only', async () => {
    const f = fakeApi({ 'print.preview': (i) => ({ ok: true, value: preview({ paper: i.paper ?? 'A4' }) }) })
    const { unmount } = renderWithProviders(<PrintPreviewScreen target={receipt} api={f.api} output={outputs().output} />)
    fireEvent.click(await screen.findByText('Стрічка 80 мм'))
    await waitFor(() => expect(f.of('print.preview').at(-1)).toEqual({ document: 'receipt', applicationId: 'a1', paper: '80mm' }))
    expect(window.localStorage.getItem('vikno.print.receiptPaper')).toBe('80mm')
    unmount()

    const g = fakeApi({ 'print.preview': () => ({ ok: true, value: preview() }) })
    renderWithProviders(
      <PrintPreviewScreen target={{ document: 'refusal_letter', applicationId: 'a1' }} api={g.api} output={outputs().output} />
    )
    expect(await screen.findByText('Цей документ друкується лише на A4')).toBeTruthy()
    expect(g.of('print.preview')).toEqual([{ document: 'refusal_letter', applicationId: 'a1', paper: 'A4' }])
  })

  it('web shell: «Друкувати» records the print, prints the recorded HTML, and reloads the preview', async () => {
    const o = outputs()
    const f = fakeApi({
      'print.preview': () => ({ ok: true, value: preview() }),
      'print.printers': () => ({ ok: true, value: { native: false, printers: [] } }),
      'print.record': () => ({ ok: true, value: { ...preview({ html: '<p>recorded</p>' }), commandIds: ['c1'] } })
    })
    renderWithProviders(<PrintPreviewScreen target={receipt} api={f.api} output={o.output} />)
    await screen.findByTitle(/Попередній перегляд/)
    fireEvent.click(screen.getByRole('button', { name: 'Друкувати' }))
    await waitFor(() => expect(o.printed).toEqual(['<p>recorded</p>']))
    expect(f.of('print.record')).toEqual([{ document: 'receipt', applicationId: 'a1', paper: 'A4' }])
    await waitFor(() => expect(f.of('print.preview')).toHaveLength(2))
  })

  it('«Зберегти PDF» saves the file the back end named (and recorded)', async () => {
    const o = outputs()
    const f = fakeApi({
      'print.preview': () => ({ ok: true, value: preview() }),
      'print.pdf': () => ({
        ok: true,
        value: {
          pdfBase64: 'JVBERg==',
          fileName: 'Опис № 002-000457-4.pdf',
          title: 't',
          pages: 1,
          copy: false,
          provisional: null,
          commandIds: ['c1']
        }
      })
    })
    renderWithProviders(<PrintPreviewScreen target={receipt} api={f.api} output={o.output} />)
    await screen.findByTitle(/Попередній перегляд/)
    fireEvent.click(screen.getByRole('button', { name: 'Зберегти PDF' }))
    await waitFor(() => expect(o.saved).toEqual([{ base64: 'JVBERg==', name: 'Опис № 002-000457-4.pdf' }]))
  })

  it('desktop shell: chooses a printer and prints through print.send', async () => {
    const o = outputs()
    const f = fakeApi({
      'print.preview': () => ({ ok: true, value: preview() }),
      'print.printers': () => ({ ok: true, value: { native: true, printers: [{ name: 'TM_T20', displayName: 'Epson TM-T20' }] } }),
      'print.send': () => ({ ok: true, value: { sent: true, commandIds: ['c1'], copy: false, provisional: null } })
    })
    renderWithProviders(<PrintPreviewScreen target={receipt} api={f.api} output={o.output} />)
    expect((await screen.findAllByLabelText('Принтер')).length).toBeGreaterThan(0)
    await screen.findByTitle(/Попередній перегляд/)
    fireEvent.click(screen.getByRole('button', { name: 'Друкувати' }))
    await waitFor(() =>
      expect(f.of('print.send')).toEqual([
        { document: 'receipt', applicationId: 'a1', paper: 'A4', deviceName: null, copies: 1, silent: false }
      ])
    )
    expect(o.printed).toEqual([])
  })

  it('says when the next print is a copy and when the decision is still provisional', async () => {
    const f = fakeApi({ 'print.preview': () => ({ ok: true, value: preview({ copy: true, provisional: { commandId: 'cmd-42' } }) }) })
    renderWithProviders(
      <PrintPreviewScreen target={{ document: 'refusal_letter', applicationId: 'a1' }} api={f.api} output={outputs().output} />
    )
    expect(await screen.findByText('Повторний друк')).toBeTruthy()
    expect(screen.getByText(/команда cmd-42/)).toBeTruthy()
  })

  it('shows the back end’s reason when the document cannot be prepared', async () => {
    const f = fakeApi({
      'print.preview': () => ({ ok: false, error: { code: 'illegal_transition', message: 'За цією заявою немає рішення про відмову' } })
    })
    renderWithProviders(
      <PrintPreviewScreen target={{ document: 'refusal_letter', applicationId: 'a1' }} api={f.api} output={outputs().output} />
    )
    expect(await screen.findByText('За цією заявою немає рішення про відмову')).toBeTruthy()
    expect(screen.getAllByRole('alert').some((el) => el.textContent?.includes('Не вдалося підготувати документ'))).toBe(true)
    expect((screen.getByRole('button', { name: 'Друкувати' }) as HTMLButtonElement).disabled).toBe(true)
  })
})
