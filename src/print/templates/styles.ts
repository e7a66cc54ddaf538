import { SANS, SERIF } from '../fonts'
import type { Orientation } from '../model'
import type { PrintPaper } from '../../shared/print-contract'

/*
 * Print CSS. A4 follows ДСТУ 4163:2020: margins left 30 mm, right 10 mm, top and bottom 20 mm;
 * serif body text 12 pt (the standard allows 12–14), tables 10.5 pt (registers 9.5 pt), line spacing
 * within 1–1.5; page numbers in the middle of the top margin from the second page on.
 *
 * Marks that must be on EVERY sheet (КОПІЯ, the provisional notice, who printed it) go into @page
 * margin boxes (Chromium 131+, so Electron 41 and Debian's Chromium both have them); the first
 * sheet carries them in the flow, where they are large.
 *
 * The same HTML is the screen preview (the iframe): @media screen draws a sheet on a grey desk.
 */

/** A CSS string literal that cannot end the string or the <style> element, whatever `s` holds. */
export function cssString(s: string): string {
  return `"${s
    .replace(/[\\"]/g, '\\$&')
    .replace(/[\n\r\f\t]/g, ' ')
    .replace(/</g, '\\3C ')
    .replace(/>/g, '\\3E ')}"`
}

const provisionalNotice = (commandId: string): string => `ПОПЕРЕДНІЙ ДОКУМЕНТ — рішення ще не підтверджено порталом (команда ${commandId})`

export interface PageMarks {
  copy: boolean
  provisionalCommandId: string | null
  printedLine: string
}

const COMMON = `
*,*::before,*::after{box-sizing:border-box}
html{-webkit-print-color-adjust:exact;print-color-adjust:exact;color:#000}
body{margin:0}
h1,h2,h3,p{margin:0}
table{border-collapse:collapse;width:100%}
.nowrap{white-space:nowrap}
.num{font-variant-numeric:tabular-nums}
.b{font-weight:700}
.muted{color:#333}
.center{text-align:center}
.literal{white-space:pre-wrap;overflow-wrap:anywhere}
`

function marginBoxes(marks: PageMarks, serif: boolean): string {
  const font = serif ? `font-family:'${SERIF}',serif` : `font-family:'${SANS}',sans-serif`
  // Bottom left: the provisional notice (when there is one) above who printed the sheet and when.
  const footer =
    marks.provisionalCommandId !== null
      ? `${cssString(provisionalNotice(marks.provisionalCommandId))} "\\A " ${cssString(marks.printedLine)}`
      : cssString(marks.printedLine)
  const boxes: string[] = [
    `@top-center{content:counter(page);${font};font-size:11pt;vertical-align:bottom;padding-bottom:6mm}`,
    `@bottom-left{content:${footer};white-space:pre-wrap;${font};font-size:8pt;vertical-align:top;padding-top:4mm;color:#000}`,
    `@bottom-right{content:"Аркуш " counter(page) " з " counter(pages);${font};font-size:8pt;vertical-align:top;padding-top:4mm;color:#333;width:30mm;text-align:right}`
  ]
  const first: string[] = ['@top-center{content:none}']
  if (marks.copy) {
    boxes.push(
      `@top-right{content:"КОПІЯ";${font};font-size:12pt;font-weight:700;letter-spacing:2pt;vertical-align:bottom;padding-bottom:5mm}`
    )
    first.push('@top-right{content:none}')
  }
  return `@page{${boxes.join('')}}@page:first{${first.join('')}}`
}

/** The preview iframe may be narrower than the sheet: shrink it on screen (never in print) instead of scrolling sideways. */
function screenFit(sheetWidth: string): string {
  const px = Math.round((parseFloat(sheetWidth) / 25.4) * 96) + 40
  return [0.9, 0.8, 0.7, 0.6]
    .map((zoom) => `@media screen and (max-width:${Math.round(px * (zoom + 0.1)) - 1}px){.sheet{zoom:${zoom}}}`)
    .join('\n')
}

function a4Css(orientation: Orientation, marks: PageMarks): string {
  const [w, h] = orientation === 'portrait' ? ['210mm', '297mm'] : ['297mm', '210mm']
  return `
@page{size:A4 ${orientation};margin:20mm 10mm 20mm 30mm}
${marginBoxes(marks, true)}
body{font-family:'${SERIF}',serif;font-size:12pt;line-height:1.25}
@media screen{
  html{background:#d5d9de}
  body{padding:12px 0}
  .sheet{background:#fff;width:${w};min-height:${h};padding:20mm 10mm 20mm 30mm;margin:0 auto;box-shadow:0 1px 6px rgba(0,0,0,.35)}
}
@media print{.screen-only{display:none}}
${screenFit(w)}
.org{text-align:center;font-size:11pt;line-height:1.25;padding-bottom:2mm;border-bottom:1.5pt solid #000;margin-bottom:4mm}
.org .parent{font-size:10pt}
.org .name{font-weight:700;text-transform:uppercase;font-size:12pt}
.org .contacts{font-size:9.5pt}
.doc-title{font-size:14pt;font-weight:700;text-align:center;text-transform:uppercase;margin:2mm 0 1mm;line-height:1.2}
.doc-subtitle{text-align:center;margin-bottom:4mm}
.order-no{font-size:26pt;font-weight:700;text-align:center;letter-spacing:.5pt;line-height:1.1;margin:2mm 0 1mm;font-variant-numeric:tabular-nums}
.order-date{text-align:center;margin-bottom:4mm}
table.kv{margin:0 0 4mm}
table.kv th{width:60mm;text-align:left;vertical-align:top;font-weight:400;padding:.8mm 3mm .8mm 0;color:#222}
table.kv td{vertical-align:top;padding:.8mm 0;font-weight:700}
table.grid{table-layout:fixed;font-size:10.5pt;line-height:1.2;margin:1mm 0 3mm}
table.grid.small{font-size:9.5pt}
table.grid.small th,table.grid.small td{padding:1mm 1.2mm}
table.grid th,table.grid td{border:.75pt solid #000;padding:1.2mm 1.5mm;vertical-align:top;text-align:left;overflow-wrap:break-word}
table.grid th{font-weight:700;text-align:center;vertical-align:middle}
table.grid thead{display:table-header-group}
table.grid tr{break-inside:avoid}
table.grid td.c{text-align:center}
table.grid td.sign{min-width:28mm}
h2.section{font-size:13pt;font-weight:700;margin:4mm 0 1mm}
p{margin:0 0 2mm;text-align:justify}
p.indent{text-indent:12.5mm}
.letter-head{display:flex;justify-content:space-between;align-items:flex-start;gap:8mm;margin-bottom:5mm}
.addressee{width:50%;line-height:1.25}
.ref-line{padding-top:1mm}
.copy-mark{float:right;border:2pt solid #000;padding:1mm 4mm;font-weight:700;font-size:14pt;letter-spacing:3pt;margin:0 0 2mm 4mm}
.provisional{border:1.5pt dashed #000;padding:2mm 3mm;font-weight:700;font-size:11pt;margin:0 0 4mm;clear:both}
.qr-block{display:flex;gap:5mm;align-items:center;border:.75pt solid #000;padding:2.5mm;margin:3mm 0 2mm;break-inside:avoid}
.qr-block svg{width:30mm;height:30mm;flex:none}
.qr-block .url{font-family:'${SANS}',sans-serif;font-size:10pt;overflow-wrap:anywhere}
.access-code{border:1.5pt solid #000;padding:2.5mm;margin:3mm 0 2mm;break-inside:avoid}
.access-code .code{font-family:'${SANS}',sans-serif;font-size:18pt;font-weight:700;letter-spacing:1.5pt;margin:1mm 0}
.signatures{display:flex;gap:10mm;margin-top:6mm;break-inside:avoid}
.signatures>div{flex:1}
.sign-row{display:flex;align-items:flex-end;gap:3mm;margin-top:5mm}
.sign-line{flex:1;border-bottom:.75pt solid #000;height:6mm}
.sign-caption{font-size:9pt;text-align:center;color:#333}
.stamp{margin-top:3mm;font-size:10pt;color:#333}
.note{font-size:10.5pt;line-height:1.25}
.printed{font-size:8pt;color:#333;margin-top:8mm;border-top:.5pt solid #999;padding-top:1mm}
.keep{break-inside:avoid}
table.handover{margin-top:3mm;table-layout:fixed}
table.handover th{text-align:left;font-weight:400;width:28mm;vertical-align:bottom;padding:4mm 3mm 3.8mm 0}
table.handover td{vertical-align:bottom;padding:4mm 3mm 0 0}
table.handover .sign-line{height:4mm}
`
}

function thermalCss(): string {
  // 80 mm roll, 72 mm printable: 4 mm each side. About 48 characters a line at 8 pt.
  // The page is as long as its content (the PDF renderer measures it); no margin boxes on a roll.
  return `
@page{margin:0}
body{font-family:'${SANS}',sans-serif;font-size:8pt;line-height:1.25}
.sheet{width:80mm;padding:3mm 4mm 5mm;background:#fff}
@media screen{html{background:#d5d9de}body{padding:12px 0}.sheet{margin:0 auto;box-shadow:0 1px 6px rgba(0,0,0,.35)}}
.t-org{text-align:center;font-weight:700;font-size:9pt}
.t-title{text-align:center;font-weight:700;font-size:9pt;text-transform:uppercase;margin-top:1mm}
.t-order{text-align:center;font-weight:700;font-size:17pt;line-height:1.15;margin:1.5mm 0 .5mm;font-variant-numeric:tabular-nums}
.t-rule{border-top:.75pt dashed #000;margin:2mm 0}
.t-label{font-size:7.5pt;color:#222}
.t-value{font-weight:700;overflow-wrap:anywhere;margin-bottom:1mm}
ol.t-docs{margin:0;padding-left:5mm}
ol.t-docs li{margin-bottom:.6mm}
.t-qr{display:block;width:34mm;height:34mm;margin:1mm auto}
.t-url{text-align:center;font-size:7.5pt;overflow-wrap:anywhere}
.t-code{text-align:center;border:1pt solid #000;padding:1.5mm 1mm}
.t-code .code{font-size:14pt;font-weight:700;letter-spacing:1pt;margin:.5mm 0}
.copy-mark{text-align:center;border:1.5pt solid #000;font-weight:700;font-size:11pt;letter-spacing:3pt;margin:0 12mm 2mm;padding:.5mm 0}
.provisional{border:1pt dashed #000;padding:1mm 1.5mm;font-weight:700;font-size:7.5pt;margin-bottom:2mm}
.sign-row{display:flex;align-items:flex-end;gap:2mm;margin-top:5mm}
.sign-line{flex:1;border-bottom:.75pt solid #000;height:4mm}
.printed{font-size:7pt;color:#333;margin-top:3mm;text-align:center}
`
}

export function documentCss(paper: PrintPaper, orientation: Orientation, marks: PageMarks): string {
  return COMMON + (paper === '80mm' ? thermalCss() : a4Css(orientation, marks))
}
