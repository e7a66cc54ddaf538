import type { Service } from '../shared/catalogue'
import type { ApplicationRecord, ClerkRef } from '../shared/domain/application'
import type { PrintDocument, PrintPaper } from '../shared/print-contract'
import type { PrintFonts } from './fonts'

/** The centre as its papers name it (the header block of every document). */
export interface CentreInfo {
  name: string
  /** The authority the centre belongs to, printed above its name (e.g. the city council). */
  parent: string | null
  address: string | null
  phone: string | null
  email: string | null
}

export interface ApplicationWithService {
  record: ApplicationRecord
  service: Service | null
}

/** A line of the daily register: who registered a walk-in at the desk (null: submitted on the portal). */
export interface RegisterItem extends ApplicationWithService {
  registeredBy: string | null
}

/** Everything a document shows, gathered by the handler; the templates read nothing else. */
export type DocumentData =
  | {
      document: 'receipt'
      application: ApplicationRecord
      service: Service | null
      statusUrl: string | null
      /** The access code waiting for this receipt (db/access-code-slips-repository.ts); null when none does. */
      accessCode: string | null
    }
  | {
      document: 'correction_notice'
      application: ApplicationRecord
      service: Service | null
      /** The date by which the applicant should answer (configurable; see print-handlers). */
      answerBy: string | null
      statusUrl: string | null
    }
  | { document: 'refusal_letter'; application: ApplicationRecord; service: Service | null }
  | { document: 'result_ready_notice'; application: ApplicationRecord; service: Service | null; statusUrl: string | null }
  | { document: 'routing_slip'; items: ApplicationWithService[]; body: string | null }
  | { document: 'daily_register'; date: string; items: RegisterItem[] }
  | { document: 'issue_register'; date: string; items: ApplicationWithService[] }

export interface RenderInput {
  data: DocumentData
  paper: PrintPaper
  centre: CentreInfo
  /** Who prints, and when: the footer of every page says so. */
  printedBy: ClerkRef
  printedAt: string
  /** The centre's zone (the working calendar's): dates on paper are local to the centre. */
  timeZone: string
  copy: boolean
  /** The command id of the decision the portal has not confirmed yet; null when confirmed or not a decision. */
  provisionalCommandId: string | null
  fonts: PrintFonts
}

export interface RenderedDocument {
  html: string
  title: string
}

export type Orientation = 'portrait' | 'landscape'

export const ORIENTATION: Readonly<Record<PrintDocument, Orientation>> = {
  receipt: 'portrait',
  correction_notice: 'portrait',
  refusal_letter: 'portrait',
  result_ready_notice: 'portrait',
  routing_slip: 'portrait',
  // Ten columns with a signature column do not fit 170 mm; registers are landscape, as paper journals are.
  daily_register: 'landscape',
  issue_register: 'landscape'
}
