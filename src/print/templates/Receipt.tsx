/** @jsxRuntime automatic @jsxImportSource react */
import type { Service } from '../../shared/catalogue'
import type { ApplicationRecord } from '../../shared/domain/application'
import { CHANNEL_UK, dateTimeOf, DELIVERY_UK, dueOf, fullName } from '../format'
import { Marks, OrgHeader, PrintedLine, QrCode, SignLine, type ApplicationPaperCommon } from './layout'

export interface ReceiptProps extends ApplicationPaperCommon {
  statusUrl: string | null
  /**
   * The applicant's access code, only on the receipt printed right after the desk made it (a
   * walk-in, or a new code); null on later prints: the desk keeps no code once it is on paper.
   */
  accessCode: string | null
  clerkName: string
}

export const receiptTitle = (a: ApplicationRecord): string => `Опис вхідного пакета документів № ${a.orderNumber}`

/**
 * An application submitted through the portal was handed to no administrator and signed by nobody
 * on paper: its receipt says so instead of offering signature lines and a stamp (a desk reprint too).
 */
const SUBMITTED_ONLINE = 'Заяву подано в електронній формі через вебпортал. Опис сформовано автоматично; підписи та печатка не потрібні.'

function serviceName(service: Service | null, a: ApplicationRecord): string {
  return service?.name_uk ?? a.serviceId
}

/** What the QR code opens: the status page, with the code when this receipt carries it (the page then drops it from the address bar). */
function qrTarget(p: ReceiptProps): string | null {
  if (!p.statusUrl) return null
  return p.accessCode ? `${p.statusUrl}?code=${encodeURIComponent(p.accessCode)}` : p.statusUrl
}

/** The access code, or where it went: printed once, on the first receipt. */
function AccessCode(p: { code: string | null; thermal: boolean }) {
  if (p.code === null) {
    return (
      <p className="note" data-field="access-code-absent">
        Код доступу до заяви надруковано на першому примірнику опису. Якщо його втрачено, у центрі видадуть новий.
      </p>
    )
  }
  return (
    <div className={p.thermal ? 't-code' : 'access-code'}>
      <div className="b">Код доступу до заяви</div>
      <div className="code num" data-field="access-code">
        {p.code}
      </div>
      <div className="note">Лише з ним можна переглянути заяву та відповісти на зауваження на порталі. Нікому його не повідомляйте.</div>
    </div>
  )
}

/**
 * The application, the documents taken at the desk, the scans sent with it, and the required ones
 * still missing: what both receipts list. Online the papers come as scans, checked by the clerk
 * later: such a receipt lists the scans and calls nothing missing.
 */
function receiptParts(p: ReceiptProps) {
  const a = p.application
  return {
    a,
    received: a.documents.filter((d) => d.received),
    scans: a.attachments,
    missing: a.channel === 'portal' ? [] : a.documents.filter((d) => d.required && !d.received)
  }
}

/** The scans an application came with (the portal's uploads), by the names the clerk sees. */
function Scans(p: { names: readonly string[]; thermal: boolean }) {
  if (p.names.length === 0) return null
  const list = (
    <ol className={p.thermal ? 't-docs' : undefined} data-field="scans">
      {p.names.map((n, i) => (
        <li key={i} className="literal">
          {n}
        </li>
      ))}
    </ol>
  )
  return p.thermal ? (
    <>
      <div className="t-label">Електронні копії ({p.names.length})</div>
      {list}
    </>
  ) : (
    <>
      <h2 className="section">Електронні копії документів</h2>
      {list}
    </>
  )
}

/** The receipt on A4 (Опис вхідного пакета документів). */
export function ReceiptA4(p: ReceiptProps) {
  const { a, received, scans, missing } = receiptParts(p)
  return (
    <>
      <Marks copy={p.copy} provisionalCommandId={p.provisionalCommandId} test={p.application.isTest} />
      <OrgHeader centre={p.centre} />
      <h1 className="doc-title">Опис вхідного пакета документів</h1>
      <div className="order-no" data-field="order-number">
        № {a.orderNumber}
      </div>
      <div className="order-date">
        від {dateTimeOf(a.receivedAt, p.timeZone)} · подано {CHANNEL_UK[a.channel]}
      </div>
      <table className="kv">
        <tbody>
          <tr>
            <th scope="row">Суб’єкт звернення</th>
            <td className="literal" data-field="applicant">
              {fullName(a.applicant)}
            </td>
          </tr>
          <tr>
            <th scope="row">Адміністративна послуга</th>
            <td>{serviceName(p.service, a)}</td>
          </tr>
          <tr>
            <th scope="row">Очікувана дата результату</th>
            <td className="num">{dueOf(a.dueAt, p.timeZone)}</td>
          </tr>
          <tr>
            <th scope="row">Спосіб отримання результату</th>
            <td>{DELIVERY_UK[a.delivery]}</td>
          </tr>
        </tbody>
      </table>
      <h2 className="section">Прийняті документи</h2>
      <table className="grid">
        <thead>
          <tr>
            <th style={{ width: '10mm' }}>№</th>
            <th>Найменування документа</th>
            <th style={{ width: '24mm' }}>Відмітка</th>
          </tr>
        </thead>
        <tbody>
          {received.length === 0 ? (
            <tr>
              <td colSpan={3} className="c">
                Документи в паперовій формі не подавалися
              </td>
            </tr>
          ) : (
            received.map((d, i) => (
              <tr key={i}>
                <td className="c num">{i + 1}</td>
                <td className="literal">{d.name}</td>
                <td className="c">прийнято</td>
              </tr>
            ))
          )}
        </tbody>
      </table>
      <Scans names={scans.map((s) => s.name)} thermal={false} />
      {missing.length > 0 ? (
        <p className="note">
          <span className="b">Не подано обов’язкові документи: </span>
          <span className="literal">{missing.map((d) => d.name).join('; ')}</span>
        </p>
      ) : null}
      <AccessCode code={p.accessCode} thermal={false} />
      {p.statusUrl ? (
        <div className="qr-block">
          <QrCode text={qrTarget(p) ?? p.statusUrl} />
          <div>
            <div className="b">Перевірити стан розгляду заяви</div>
            <div className="note">Відскануйте код або відкрийте адресу:</div>
            <div className="url" data-field="status-url">
              {p.statusUrl}
            </div>
            <div className="note">
              Номер заяви: <span className="b num">{a.orderNumber}</span>
            </div>
          </div>
        </div>
      ) : (
        <p className="note">Стан розгляду заяви можна дізнатися в центрі за номером заяви {a.orderNumber}.</p>
      )}
      {a.channel === 'portal' ? (
        <p className="note" data-field="submitted-online">
          {SUBMITTED_ONLINE}
        </p>
      ) : (
        <div className="signatures">
          <div>
            <div>Прийняв(ла) адміністратор</div>
            <SignLine caption="(підпис)" name={p.clerkName} />
            <div className="stamp">М. П.</div>
          </div>
          <div>
            <div>Подав(ла), опис отримав(ла)</div>
            <SignLine caption="(підпис суб’єкта звернення)" name={null} />
          </div>
        </div>
      )}
      <PrintedLine text={p.printedLine} screenOnly />
    </>
  )
}

/**
 * The receipt on an 80 mm roll: 72 mm printable, about 48 characters a line. Printed through the
 * OS driver as a graphic page (receipt printers have no UTF-8 text mode), never as raw ESC/POS text.
 */
export function Receipt80mm(p: ReceiptProps) {
  const { a, received, scans, missing } = receiptParts(p)
  return (
    <>
      <Marks copy={p.copy} provisionalCommandId={p.provisionalCommandId} test={p.application.isTest} />
      <div className="t-org">{p.centre.name}</div>
      <div className="t-title">Опис вхідного пакета документів</div>
      <div className="t-order" data-field="order-number">
        № {a.orderNumber}
      </div>
      <div className="center">від {dateTimeOf(a.receivedAt, p.timeZone)}</div>
      <div className="t-rule" />
      <div className="t-label">Суб’єкт звернення</div>
      <div className="t-value literal" data-field="applicant">
        {fullName(a.applicant)}
      </div>
      <div className="t-label">Послуга</div>
      <div className="t-value">{serviceName(p.service, a)}</div>
      <div className="t-rule" />
      <div className="t-label">Прийняті документи ({received.length})</div>
      {received.length === 0 ? (
        <div>Паперові документи не подавалися</div>
      ) : (
        <ol className="t-docs">
          {received.map((d, i) => (
            <li key={i} className="literal">
              {d.name}
            </li>
          ))}
        </ol>
      )}
      <Scans names={scans.map((s) => s.name)} thermal />
      {missing.length > 0 ? (
        <div className="note">
          <span className="b">Не подано: </span>
          <span className="literal">{missing.map((d) => d.name).join('; ')}</span>
        </div>
      ) : null}
      <div className="t-rule" />
      <div className="t-label">Очікувана дата результату</div>
      <div className="t-value num">{dueOf(a.dueAt, p.timeZone)}</div>
      <div className="t-label">Спосіб отримання</div>
      <div className="t-value">{DELIVERY_UK[a.delivery]}</div>
      <div className="t-rule" />
      <AccessCode code={p.accessCode} thermal />
      {p.statusUrl ? (
        <>
          <div className="t-rule" />
          <div className="center b">Стан заяви</div>
          <QrCode text={qrTarget(p) ?? p.statusUrl} className="t-qr" />
          <div className="t-url" data-field="status-url">
            {p.statusUrl}
          </div>
        </>
      ) : null}
      <div className="t-rule" />
      {a.channel === 'portal' ? (
        <div className="note" data-field="submitted-online">
          {SUBMITTED_ONLINE}
        </div>
      ) : (
        <>
          <div>Адміністратор: {p.clerkName}</div>
          <div className="sign-row">
            <span>Підпис</span>
            <div className="sign-line" />
          </div>
          <div className="sign-row">
            <span>Опис отримав(ла)</span>
            <div className="sign-line" />
          </div>
        </>
      )}
      <PrintedLine text={p.printedLine} screenOnly={false} />
    </>
  )
}
