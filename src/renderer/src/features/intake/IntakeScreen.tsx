import { Anchor, Button, Group, Radio, Stack, Text, Textarea, TextInput, Title } from '@mantine/core'
import { useEffect, useRef, type ChangeEvent, type FormEvent, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { DEFAULT_CALENDAR, localDateOfMs } from '../../../../shared/domain/calendar'
import { DELIVERY, type Delivery } from '../../../../shared/domain/application'
import { DateField } from '../../components/DateField'
import { Notice } from '../../components/Notice'
import { useNow } from '../../lib/clock'
import { cardOf, firstInvalid, intakeStore, loadServices, register, updateDraft, useIntake } from './intake-store'
import { ownFields } from '../../../../shared/catalogue/answers'
import { isApplicantField } from '../../../../shared/domain/application'
import { answerId, CardQuestions } from './CardQuestions'
import { FIELD_ORDER, validateDraft, type IntakeDraft, type IntakeField } from './intake-validation'
import classes from './IntakeScreen.module.css'
import { Block } from './Block'
import { Checklist } from './Checklist'
import { Files } from './Files'
import { RegisteredView } from './RegisteredView'
import { BirthDateHint, RnokppInput } from './RnokppInput'
import { ServicePicker } from './ServicePicker'
import { fieldId, focusField, isBlank } from './intake-fields'

/** The applicant's fields typed in as free text. */
type TextField = 'surname' | 'givenName' | 'patronymic' | 'phone' | 'email' | 'address' | 'details'

export interface IntakeScreenProps {
  applicationHref: (id: string) => string
  /** The receipt's print preview, when printing is available. */
  receiptHref?: ((id: string) => string) | null
}

/** Walk-in intake at the desk: service, applicant, documents received, scans, delivery → a final order number, offline too. */
export function IntakeScreen({ applicationHref, receiptHref = null }: IntakeScreenProps): ReactElement {
  const { t } = useTranslation()
  const registered = useIntake((s) => s.registered)
  useEffect(() => {
    void loadServices()
  }, [])
  return (
    <div className={classes.screen}>
      <Title order={1} size="h2" tabIndex={-1} className={classes.title}>
        {t('intake.title')}
      </Title>
      {registered ? <RegisteredView applicationHref={applicationHref} receiptHref={receiptHref} /> : <IntakeForm />}
    </div>
  )
}

function useToday(): string {
  const now = useNow()
  return localDateOfMs(now, DEFAULT_CALENDAR)
}

function focusAnswer(id: string | undefined): void {
  if (id === undefined) return
  const el = document.getElementById(answerId(id))
  el?.focus()
  el?.scrollIntoView({ block: 'center' })
}

function IntakeForm(): ReactElement {
  const { t, i18n } = useTranslation()
  const today = useToday()
  const draft = useIntake((s) => s.draft)
  const errors = useIntake((s) => s.errors)
  const attempted = useIntake((s) => s.attempted)
  const submitting = useIntake((s) => s.submitting)
  const serverError = useIntake((s) => s.serverError)
  const answerErrors = useIntake((s) => s.answerErrors)
  const card = useIntake((s) => cardOf(s))
  const summaryRef = useRef<HTMLDivElement>(null)

  const set = (patch: Partial<IntakeDraft>): void => updateDraft(patch, today, t)
  /** A field is checked when the clerk leaves it, so a typo shows while the applicant is still there. */
  const blur = (field: IntakeField): void => {
    const s = intakeStore.getState()
    const all = validateDraft(s.draft, today, t)
    const next = { ...s.errors }
    if (all[field]) next[field] = all[field]
    else delete next[field]
    // An empty required field is not an error until the clerk tries to register.
    if (!s.attempted && isBlank(s.draft, field)) delete next[field]
    intakeStore.setState({ errors: next })
  }
  /** What every free-text field of the applicant shares: its id, label, value, error, and the check on leaving it. */
  const textField = (field: TextField) => ({
    id: fieldId(field),
    label: t(`intake.fields.${field}`),
    value: draft[field],
    error: errors[field],
    onChange: (e: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => set({ [field]: e.currentTarget.value }),
    onBlur: () => blur(field)
  })

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    const outcome = await register(today, t)
    if (outcome === 'invalid') {
      const first = firstInvalid(intakeStore.getState().errors)
      if (first) focusField(first)
      else focusAnswer(Object.keys(intakeStore.getState().answerErrors)[0])
    } else if (outcome === 'failed') {
      summaryRef.current?.focus()
    }
  }

  const errorList = FIELD_ORDER.filter((f) => errors[f] !== undefined)
  /** The card's own questions with an error, in the form's order, with their labels in the UI language. */
  const en = i18n.language === 'en'
  const answerList = (card ? ownFields(card.card.form.fields) : [])
    .filter((f) => answerErrors[f.id] !== undefined)
    .map((f) => ({ id: f.id, label: en ? f.label.en : f.label.uk }))
  /** The standard particulars this card makes required (a phone, say). */
  const cardRequires = (id: string): boolean =>
    card?.card.form.fields.some((f) => f.id === id && f.required && isApplicantField(f.id)) ?? false
  const deliveries = card && card.card.delivery.length > 0 ? card.card.delivery : DELIVERY

  return (
    <form onSubmit={(e) => void submit(e)} noValidate aria-describedby="intake-required-note">
      <Text size="sm" id="intake-required-note" mb="sm">
        {t('intake.requiredNote')}
      </Text>
      {attempted && errorList.length + answerList.length > 0 ? (
        <div className={classes.summary}>
          <Notice kind="error" role="alert" title={t('intake.summary', { count: errorList.length + answerList.length })}>
            <ul className={classes.summaryList}>
              {errorList.map((f) => (
                <li key={f}>
                  <Anchor component="button" type="button" className={classes.summaryLink} onClick={() => focusField(f)}>
                    {t(`intake.fields.${f}`)}: {errors[f]}
                  </Anchor>
                </li>
              ))}
              {answerList.map((a) => (
                <li key={`answer-${a.id}`}>
                  <Anchor component="button" type="button" className={classes.summaryLink} onClick={() => focusAnswer(a.id)}>
                    {a.label}: {answerErrors[a.id]}
                  </Anchor>
                </li>
              ))}
            </ul>
          </Notice>
        </div>
      ) : null}
      <div className={classes.columns}>
        <Stack gap="md">
          <ServicePicker today={today} onBlur={() => blur('serviceId')} />
          <Block id="intake-applicant-title" title={t('intake.applicant')}>
            <div className={classes.names}>
              <TextInput {...textField('surname')} required autoComplete="off" />
              <TextInput {...textField('givenName')} required autoComplete="off" />
              <TextInput {...textField('patronymic')} required={cardRequires('patronymic')} autoComplete="off" />
            </div>
            <div className={classes.pair}>
              <RnokppInput today={today} onBlur={() => blur('rnokpp')} />
              <DateField
                id={fieldId('birthDate')}
                label={t('intake.fields.birthDate')}
                required
                value={draft.birthDate || null}
                error={errors.birthDate}
                description={<BirthDateHint />}
                onChange={(v) => set({ birthDate: v ?? '' })}
                onBlur={() => blur('birthDate')}
              />
            </div>
            <div className={classes.pair}>
              <TextInput
                {...textField('phone')}
                required={cardRequires('phone')}
                type="tel"
                placeholder="+380XXXXXXXXX"
                autoComplete="off"
              />
              <TextInput {...textField('email')} required={cardRequires('email')} type="email" autoComplete="off" />
            </div>
            <TextInput {...textField('address')} required autoComplete="off" />
            <Textarea {...textField('details')} description={t('intake.detailsHint')} rows={2} resize="vertical" />
          </Block>
          <CardQuestions today={today} />
        </Stack>
        <Stack gap="md">
          <Checklist today={today} />
          <Files today={today} />
          <Block id="intake-delivery-title" title={t('intake.fields.delivery')}>
            <Radio.Group aria-labelledby="intake-delivery-title" value={draft.delivery} onChange={(v) => set({ delivery: v as Delivery })}>
              <Group gap="lg">
                {deliveries.map((d) => (
                  <Radio key={d} value={d} label={t(`application.deliveries.${d}`)} />
                ))}
              </Group>
            </Radio.Group>
          </Block>
        </Stack>
      </div>
      <div className={classes.submitBar}>
        <div ref={summaryRef} tabIndex={-1} className={classes.serverError}>
          {serverError ? (
            <Notice kind="error" role="alert" title={t('intake.failed', { reason: t(`errors.${serverError.code}`) })}>
              {serverError.message}
            </Notice>
          ) : (
            <Text size="sm">{t('intake.submitHint')}</Text>
          )}
        </div>
        <Button type="submit" size="md" loading={submitting}>
          {t('intake.submit')}
        </Button>
      </div>
    </form>
  )
}
