import { createElement, type ReactElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { PAPERS_FOR } from '../shared/print-contract'
import { DomainError } from '../shared/result'
import { fontFaceCss, SANS, SERIF } from './fonts'
import { dateOf, dateTimeOf, plainDate } from './format'
import { ORIENTATION, type RenderedDocument, type RenderInput } from './model'
import { CorrectionNotice, correctionNoticeTitle } from './templates/CorrectionNotice'
import { DocumentRoot } from './templates/layout'
import { Receipt80mm, ReceiptA4, receiptTitle } from './templates/Receipt'
import { RefusalLetter, refusalLetterTitle } from './templates/RefusalLetter'
import { DailyRegister, dailyRegisterTitle, IssueRegister, issueRegisterTitle } from './templates/Registers'
import { ResultReadyNotice, resultReadyTitle } from './templates/ResultReadyNotice'
import { RoutingSlip, routingSlipTitle } from './templates/RoutingSlip'
import { documentCss } from './templates/styles'

/*
 * The one print pipeline: data → React → static HTML with print CSS and embedded fonts. Pure for
 * given input (no clock, no database, no files: the fonts arrive loaded), so a preview, a PDF, a
 * printed sheet and a test see byte-identical HTML. The PDF renderers (pdf.ts, Electron's
 * print-electron.ts) only ever receive this string.
 */
export function renderDocument(input: RenderInput): RenderedDocument {
  const { data, paper, centre, timeZone, copy } = input
  if (!PAPERS_FOR[data.document].includes(paper)) {
    throw new DomainError('invalid_input', `Цей документ не друкується на папері ${paper}: оберіть A4`, 'paper')
  }
  const provisionalCommandId = input.provisionalCommandId
  const printedLine = `Надруковано ${dateTimeOf(input.printedAt, timeZone)} · ${input.printedBy.name} · ${centre.name}`
  const clerkName = input.printedBy.name
  // What every letter about one application carries besides its own data.
  const letter = { centre, timeZone, copy, provisionalCommandId, printedLine }

  let title: string
  let body: ReactElement
  switch (data.document) {
    case 'receipt': {
      const props = {
        application: data.application,
        service: data.service,
        statusUrl: data.statusUrl,
        accessCode: data.accessCode,
        clerkName,
        ...letter
      }
      title = receiptTitle(data.application)
      body = createElement(paper === '80mm' ? Receipt80mm : ReceiptA4, props)
      break
    }
    case 'correction_notice': {
      if (!data.application.correction) {
        throw new DomainError('illegal_transition', `Для заяви ${data.application.orderNumber} не було запиту на доопрацювання`)
      }
      title = correctionNoticeTitle(data.application)
      body = createElement(CorrectionNotice, {
        application: data.application,
        service: data.service,
        answerBy: data.answerBy === null ? null : plainDate(data.answerBy),
        statusUrl: data.statusUrl,
        ...letter
      })
      break
    }
    case 'refusal_letter': {
      if (data.application.decision?.kind !== 'refuse') {
        throw new DomainError('illegal_transition', `За заявою ${data.application.orderNumber} немає рішення про відмову`)
      }
      title = refusalLetterTitle(data.application)
      body = createElement(RefusalLetter, { application: data.application, service: data.service, ...letter })
      break
    }
    case 'result_ready_notice': {
      if (data.application.decision?.kind !== 'approve') {
        throw new DomainError('illegal_transition', `За заявою ${data.application.orderNumber} результат ще не готовий`)
      }
      title = resultReadyTitle(data.application)
      body = createElement(ResultReadyNotice, {
        application: data.application,
        service: data.service,
        statusUrl: data.statusUrl,
        clerkName,
        ...letter
      })
      break
    }
    case 'routing_slip': {
      title = routingSlipTitle(data.items.length, dateOf(input.printedAt, timeZone))
      body = createElement(RoutingSlip, {
        items: data.items,
        body: data.body,
        centre,
        clerkName,
        printedAt: input.printedAt,
        timeZone,
        copy,
        printedLine
      })
      break
    }
    case 'daily_register': {
      title = dailyRegisterTitle(data.date)
      body = createElement(DailyRegister, { date: data.date, items: data.items, centre, clerkName, timeZone, copy, printedLine })
      break
    }
    case 'issue_register': {
      title = issueRegisterTitle(data.date)
      body = createElement(IssueRegister, { date: data.date, items: data.items, centre, clerkName, timeZone, copy, printedLine })
      break
    }
  }

  const orientation = ORIENTATION[data.document]
  // Registers and slips are not decisions: only the three letters and the receipt carry the provisional mark.
  const marks = { copy, provisionalCommandId, printedLine }
  const pageCss = documentCss(paper, orientation, marks)
  // First pass without fonts to learn which subsets the text needs (latin-ext only for foreign names).
  const bodyHtml = renderToStaticMarkup(body)
  const fonts = fontFaceCss(input.fonts, bodyHtml + pageCss, paper === '80mm' ? [SANS] : [SERIF, SANS])
  const html = renderToStaticMarkup(
    createElement(DocumentRoot, {
      title,
      css: `${fonts}\n${pageCss}`,
      paperMeta: paper === '80mm' ? '80mm' : `A4-${orientation}`,
      children: body
    })
  )
  return { html: `<!DOCTYPE html>${html.replace(/^<!DOCTYPE html>/i, '')}`, title }
}
