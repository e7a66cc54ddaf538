/** @jsxRuntime automatic @jsxImportSource react */
import type { ReactElement, ReactNode } from 'react'
import type { Service } from '../../shared/catalogue'
import type { ApplicationRecord } from '../../shared/domain/application'
import { dateOf, fullName } from '../format'
import type { ApplicationWithService, CentreInfo } from '../model'
import { qrMatrix, qrPath, QR_QUIET_ZONE } from '../qr'

/*
 * Building blocks every template shares. Everything a citizen or a clerk typed reaches the page as
 * a React text child, which React escapes: a name like `<img src=x onerror=…>` prints as those
 * characters. The only unescaped text is our own CSS in <style> (the few strings it carries — the
 * clerk's name, a command id — go through cssString, which cannot end the string or the element).
 */

/** No script, no network: the document can load nothing but its own data: fonts and images. */
export const PRINT_CSP = "default-src 'none'; style-src 'unsafe-inline'; font-src data:; img-src data:; base-uri 'none'; form-action 'none'"

export const provisionalText = (commandId: string): string =>
  `ПОПЕРЕДНІЙ ДОКУМЕНТ — рішення ще не підтверджено порталом (команда ${commandId})`

export function DocumentRoot(props: { title: string; css: string; paperMeta: string; children: ReactNode }) {
  return (
    <html lang="uk">
      <head>
        <meta charSet="utf-8" />
        <meta httpEquiv="Content-Security-Policy" content={PRINT_CSP} />
        <meta name="vikno-paper" content={props.paperMeta} />
        <title>{props.title}</title>
        {/* React leaves <style> text as it is, except that it breaks any "</style" (CSS escape) */}
        <style>{props.css}</style>
      </head>
      <body>
        <main className="sheet">{props.children}</main>
      </body>
    </html>
  )
}

/** On every document of a test application (issue 17): it is no citizen's request and must not be taken for one. */
export const TEST_MARK_TEXT = 'ТЕСТ — тестова заява, подана під час випробування послуги; не є зверненням громадянина'

export function Marks(props: { copy: boolean; provisionalCommandId: string | null; test?: boolean }) {
  return (
    <>
      {props.test === true ? (
        <div className="provisional" data-mark="test">
          {TEST_MARK_TEXT}
        </div>
      ) : null}
      {props.copy ? (
        <div className="copy-mark" data-mark="copy">
          КОПІЯ
        </div>
      ) : null}
      {props.provisionalCommandId !== null ? (
        <div className="provisional" data-mark="provisional">
          {provisionalText(props.provisionalCommandId)}
        </div>
      ) : null}
    </>
  )
}

/** The header block (ДСТУ 4163: the name of the organisation and its contacts). */
export function OrgHeader({ centre }: { centre: CentreInfo }) {
  const contacts = [centre.address, centre.phone ? `тел. ${centre.phone}` : null, centre.email].filter((s): s is string => !!s)
  return (
    <header className="org">
      {centre.parent ? <div className="parent">{centre.parent}</div> : null}
      <div className="name">{centre.name}</div>
      {contacts.length > 0 ? <div className="contacts">{contacts.join(' · ')}</div> : null}
    </header>
  )
}

export function SignLine(props: { caption: string; name?: string | null }) {
  return (
    <div>
      <div className="sign-row">
        <div className="sign-line" />
        {props.name ? <div className="nowrap">{props.name}</div> : null}
      </div>
      <div className="sign-caption">{props.caption}</div>
    </div>
  )
}

/** Who printed it and when. On A4 the page footer (a margin box) carries it in print, so the inline copy is for the screen. */
export function PrintedLine(props: { text: string; screenOnly: boolean }) {
  return <div className={props.screenOnly ? 'printed screen-only' : 'printed'}>{props.text}</div>
}

/** The QR code as vector modules (see qr.ts); `data-qr` carries the payload for tests and screen readers. */
export function QrCode(props: { text: string; className?: string }) {
  const m = qrMatrix(props.text)
  const side = m.size + 2 * QR_QUIET_ZONE
  return (
    <svg
      xmlns="http://www.w3.org/2000/svg"
      viewBox={`0 0 ${side} ${side}`}
      className={props.className}
      shapeRendering="crispEdges"
      role="img"
      aria-label={props.text}
      data-qr={props.text}
      data-qr-size={m.size}
    >
      <rect width={side} height={side} fill="#fff" />
      <path d={qrPath(m)} fill="#000" />
    </svg>
  )
}

/** What every printed document is given besides its own content. */
export interface PaperCommon {
  centre: CentreInfo
  timeZone: string
  copy: boolean
  printedLine: string
}

/** A document about one application, and the command that printed it while the portal has not yet accepted it. */
export interface ApplicationPaperCommon extends PaperCommon {
  application: ApplicationRecord
  service: Service | null
  provisionalCommandId: string | null
}

/**
 * The top of a letter to the applicant (ДСТУ 4163): marks, the centre, date and reference, the
 * addressee, the title and the application it answers.
 */
export function ApplicantLetterTop(p: ApplicationPaperCommon & { date: string; title: string }) {
  const a = p.application
  return (
    <>
      <Marks copy={p.copy} provisionalCommandId={p.provisionalCommandId} test={p.application.isTest} />
      <OrgHeader centre={p.centre} />
      <LetterHead
        date={p.date}
        reference={a.orderNumber}
        addresseeLabel="Суб’єкт звернення"
        addressee={fullName(a.applicant)}
        address={a.applicant.address}
      />
      <h1 className="doc-title">{p.title}</h1>
      <div className="doc-subtitle">
        заява № <span className="b num">{a.orderNumber}</span> від {dateOf(a.receivedAt, p.timeZone)}
      </div>
    </>
  )
}

/** The cells every list of applications (registers, routing slip) starts a row with: its place, the order number, when, who and which service. */
export function LeadCells(p: { index: number; item: ApplicationWithService; when: ReactElement }) {
  return (
    <>
      <td className="c num">{p.index + 1}</td>
      <td className="num nowrap">{p.item.record.orderNumber}</td>
      {p.when}
      <td className="literal">{fullName(p.item.record.applicant)}</td>
      <td>{p.item.service?.name_uk ?? p.item.record.serviceId}</td>
    </>
  )
}

/** Date and reference line of a letter, and the addressee block in the right half (ДСТУ 4163). */
export function LetterHead(props: { date: string; reference: string; addresseeLabel: string; addressee: string; address: string | null }) {
  return (
    <div className="letter-head">
      <div className="ref-line num">
        {props.date} № {props.reference}
      </div>
      <div className="addressee">
        <div className="muted">{props.addresseeLabel}</div>
        <div className="b literal" data-field="applicant">
          {props.addressee}
        </div>
        {props.address ? <div className="literal">{props.address}</div> : null}
      </div>
    </div>
  )
}

/** The signatory of a letter: position, a line for the signature, the name. */
export function Signatory(props: { position: string; name: string }) {
  return (
    <div className="signatures">
      <div>
        <div>{props.position}</div>
        <div className="stamp">М. П.</div>
      </div>
      <div>
        <SignLine caption="(підпис)" name={props.name} />
      </div>
    </div>
  )
}

/** A cell of a hand-over table: a line to sign on (or a name already printed there), its caption under it. */
export function SignCell(props: { caption: string; name?: string }) {
  return (
    <td>
      {props.name ? <div className="b center">{props.name}</div> : <div className="sign-line" />}
      <div className="sign-caption">{props.caption}</div>
    </td>
  )
}
