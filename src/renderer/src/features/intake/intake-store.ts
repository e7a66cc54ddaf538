import type { TFunction } from 'i18next'
import type { Service } from '../../../../shared/catalogue'
import { intakeProblems, ownFields } from '../../../../shared/catalogue/answers'
import type { DeskCard } from '../../../../shared/catalogue/desk-catalogue'
import { serviceFromCard } from '../../../../shared/catalogue/from-file'
import { MAX_ATTACHMENT_BYTES } from '../../../../shared/contract'
import { applicantFullName, type AttachmentRef } from '../../../../shared/domain/application'
import type { AppError } from '../../../../shared/result'
import { call } from '../../lib/api'
import { currentLanguage } from '../../lib/i18n'
import {
  applicantOf,
  checklistOf,
  emptyDraft,
  FIELD_ORDER,
  fieldOfPath,
  validateDraft,
  type DraftFile,
  type IntakeDraft,
  type IntakeErrors
} from './intake-validation'
import { featureStore } from '../../lib/feature-store'

/*
 * The walk-in being taken at the desk. Kept in memory (never on disk) for as long as the app runs,
 * so a clerk who glances at the queue comes back to the form as typed. Nothing reaches the
 * application list until «Зареєструвати» succeeds: the scans go to the local cache first
 * (content addressed, harmless if the registration then fails), then one walkIn.register.
 */

export interface Registered {
  applicationId: string
  orderNumber: string
  /** The applicant's access code: shown here and printed on the first receipt, kept nowhere else. */
  accessCode: string
  serviceId: string
  applicantName: string
}

export interface IntakeState {
  /** The live card version of each service taken at the desk: the picker, the form's own questions, the checklist. */
  cards: DeskCard[] | null
  services: Service[] | null
  servicesError: AppError | null
  draft: IntakeDraft
  errors: IntakeErrors
  /** Problems with the answers to the card's own questions, by field id, in the UI language. */
  answerErrors: Record<string, string>
  /** Set after the first attempt to register: from then on the checks follow the typing. */
  attempted: boolean
  submitting: boolean
  serverError: AppError | null
  registered: Registered | null
}

const initial = (): IntakeState => ({
  cards: null,
  services: null,
  servicesError: null,
  draft: emptyDraft(),
  errors: {},
  answerErrors: {},
  attempted: false,
  submitting: false,
  serverError: null,
  registered: null
})

export const { store: intakeStore, use: useIntake, reset: resetIntakeStore } = featureStore<IntakeState>(initial)

type T = TFunction

/** The form field's name in the record: data that the printed receipt shows, so in Ukrainian whatever the UI language. */
export const DETAILS_FIELD = 'Додаткові відомості'

/** Only the services whose card is live are offered; each as of its live version (issue 17). */
export async function loadServices(): Promise<void> {
  if (intakeStore.getState().services) return
  const result = await call('catalogue.intake', {})
  intakeStore.setState(
    result.ok
      ? { cards: result.value, services: result.value.map((c) => serviceFromCard(c.card)), servicesError: null }
      : { servicesError: result.error }
  )
}

export function serviceOf(state: Pick<IntakeState, 'services' | 'draft'>): Service | null {
  return state.services?.find((s) => s.id === state.draft.serviceId) ?? null
}

/** The live card version the form asks (its own questions, required particulars, deliveries). */
export function cardOf(state: Pick<IntakeState, 'cards' | 'draft'>): DeskCard | null {
  return state.cards?.find((c) => c.serviceId === state.draft.serviceId) ?? null
}

/**
 * Every problem of the draft: the applicant's particulars (validateDraft), the standard ones the
 * card makes required, and the answers to its own questions (shared/catalogue/answers.ts, the
 * same checks the workstation and the portal make), each message in the UI language.
 */
export function checkDraft(
  state: Pick<IntakeState, 'cards' | 'draft'>,
  today: string,
  t: T,
  en: boolean
): { errors: IntakeErrors; answerErrors: Record<string, string> } {
  const errors = validateDraft(state.draft, today, t)
  const answerErrors: Record<string, string> = {}
  const card = cardOf(state)
  if (!card) return { errors, answerErrors }
  for (const p of intakeProblems(card.card.form.fields, { applicant: applicantOf(state.draft), fields: state.draft.answers }, today)) {
    const [scope, id = ''] = p.field.split('.')
    const text = p.bare ?? p
    const message = en ? text.en : text.uk
    if (scope === 'fields') answerErrors[id] = message
    else if ((FIELD_ORDER as readonly string[]).includes(id) && errors[id as keyof IntakeErrors] === undefined)
      errors[id as keyof IntakeErrors] = message
  }
  return { errors, answerErrors }
}

/** Changes the draft; once the clerk has tried to register, the field checks re-run as they type. */
export function updateDraft(patch: Partial<IntakeDraft>, today: string, t: T): void {
  intakeStore.setState((s) => {
    const draft = { ...s.draft, ...patch }
    return { draft, ...(s.attempted ? checkDraft({ cards: s.cards, draft }, today, t, currentLanguage() === 'en') : {}) }
  })
}

/** A new service brings its own checklist and questions: ticks and answers of the previous one do not carry over. */
export function chooseService(serviceId: string | null, today: string, t: T): void {
  updateDraft({ serviceId, received: {}, answers: {} }, today, t)
}

/** The answers sent: the card's own questions answered (trimmed) and the clerk's free details. */
export function fieldsOf(card: DeskCard | null, draft: IntakeDraft): Record<string, string> {
  const out: Record<string, string> = {}
  for (const f of card ? ownFields(card.card.form.fields) : []) {
    const v = (draft.answers[f.id] ?? '').trim()
    if (v !== '') out[f.id] = v
  }
  if (draft.details.trim()) out[DETAILS_FIELD] = draft.details.trim()
  return out
}

let fileSeq = 0

async function sniff(file: File): Promise<DraftFile['mediaType']> {
  const head = new Uint8Array(await file.slice(0, 8).arrayBuffer())
  const at = (i: number): number => head[i] ?? -1
  if (at(0) === 0x25 && at(1) === 0x50 && at(2) === 0x44 && at(3) === 0x46 && at(4) === 0x2d) return 'application/pdf'
  if ([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((b, i) => at(i) === b)) return 'image/png'
  if (at(0) === 0xff && at(1) === 0xd8 && at(2) === 0xff) return 'image/jpeg'
  return null
}

/** Checks each picked or dropped file by its content and size at once, before anything is stored. */
export async function addFiles(files: readonly File[], today: string, t: T): Promise<void> {
  const known = intakeStore.getState().draft.files
  const fresh = files.filter((f) => !known.some((k) => k.name === f.name && k.size === f.size))
  const checked = await Promise.all(
    fresh.map(async (file): Promise<DraftFile> => {
      const mediaType = await sniff(file)
      const error =
        file.size === 0
          ? t('intake.files.empty')
          : file.size > MAX_ATTACHMENT_BYTES
            ? t('intake.files.tooLarge')
            : mediaType === null
              ? t('intake.files.wrongType')
              : null
      return { id: `file-${++fileSeq}`, file, name: file.name, size: file.size, mediaType, error, sha256: null }
    })
  )
  updateDraft({ files: [...intakeStore.getState().draft.files, ...checked] }, today, t)
}

export function removeFile(id: string, today: string, t: T): void {
  updateDraft({ files: intakeStore.getState().draft.files.filter((f) => f.id !== id) }, today, t)
}

async function toBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer())
  let binary = ''
  const chunk = 0x8000
  for (let i = 0; i < bytes.length; i += chunk) binary += String.fromCharCode(...bytes.subarray(i, i + chunk))
  return btoa(binary)
}

/** The first field with an error, in the order the form shows them (where focus should go). */
export function firstInvalid(errors: IntakeErrors): (typeof FIELD_ORDER)[number] | null {
  return FIELD_ORDER.find((f) => errors[f] !== undefined) ?? null
}

/**
 * Validates, puts the scans in the local cache, registers. Any failure leaves the draft exactly as
 * typed, with the reason beside the field it concerns (or above the button).
 */
export async function register(today: string, t: T): Promise<'invalid' | 'failed' | 'registered'> {
  const state = intakeStore.getState()
  if (state.submitting) return 'failed'
  const { errors, answerErrors } = checkDraft(state, today, t, currentLanguage() === 'en')
  intakeStore.setState({ attempted: true, errors, answerErrors, serverError: null })
  if (Object.keys(errors).length > 0 || Object.keys(answerErrors).length > 0) return 'invalid'

  intakeStore.setState({ submitting: true })
  const draft = state.draft
  const refs: AttachmentRef[] = []
  for (const f of draft.files) {
    let sha256 = f.sha256
    if (!sha256 || !f.mediaType) {
      const added = await call('attachments.add', {
        name: f.name,
        mediaType: f.mediaType ?? 'application/pdf',
        base64: await toBase64(f.file)
      })
      if (!added.ok) {
        const files = intakeStore.getState().draft.files.map((x) => (x.id === f.id ? { ...x, error: added.error.message } : x))
        intakeStore.setState((s) => ({
          submitting: false,
          draft: { ...s.draft, files },
          errors: { ...s.errors, files: t('intake.errors.files') },
          serverError: added.error
        }))
        return 'failed'
      }
      sha256 = added.value.sha256
      const mediaType = added.value.mediaType
      intakeStore.setState((s) => ({
        draft: { ...s.draft, files: s.draft.files.map((x) => (x.id === f.id ? { ...x, sha256, mediaType } : x)) }
      }))
      refs.push({ sha256, name: f.name, mediaType })
    } else {
      refs.push({ sha256, name: f.name, mediaType: f.mediaType })
    }
  }

  const service = serviceOf(state)
  const applicant = applicantOf(draft)
  const result = await call('walkIn.register', {
    serviceId: draft.serviceId ?? '',
    applicant,
    fields: fieldsOf(cardOf(state), draft),
    attachments: refs,
    documents: checklistOf(service, draft.received),
    delivery: draft.delivery
  })
  if (!result.ok) {
    const own = /^fields\.(.+)$/.exec(result.error.field ?? '')?.[1]
    const field = own === undefined ? fieldOfPath(result.error.field) : null
    intakeStore.setState((s) => ({
      submitting: false,
      serverError: result.error,
      errors: field ? { ...s.errors, [field]: result.error.message } : s.errors,
      answerErrors: own !== undefined ? { ...s.answerErrors, [own]: result.error.message } : s.answerErrors
    }))
    return 'failed'
  }
  intakeStore.setState({
    submitting: false,
    registered: {
      applicationId: result.value.applicationId,
      orderNumber: result.value.orderNumber,
      accessCode: result.value.accessCode,
      serviceId: draft.serviceId ?? '',
      applicantName: applicantFullName(applicant)
    }
  })
  return 'registered'
}

/** After a registration: a clean form for the next applicant (the catalogue stays loaded). */
export function startNext(): void {
  intakeStore.setState((s) => ({ ...initial(), cards: s.cards, services: s.services }))
}
