import { Anchor, Button, Checkbox, FileButton, Group, Paper, Radio, Select, Stack, Text, Textarea, TextInput, Title } from '@mantine/core'
import { useEffect, useRef, useState, type DragEvent, type FormEvent, type ReactElement, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { DEFAULT_CALENDAR, localDateOfMs } from '../../../../shared/domain/calendar'
import { DELIVERY, type Delivery } from '../../../../shared/domain/application'
import { rnokppBirthDate } from '../../../../shared/domain/rnokpp'
import { Notice } from '../../components/Notice'
import { useNow } from '../../lib/clock'
import { formatPlainDate } from '../../lib/format'
import {
  addFiles,
  chooseService,
  firstInvalid,
  intakeStore,
  loadServices,
  register,
  removeFile,
  serviceOf,
  startNext,
  updateDraft,
  useIntake
} from './intake-store'
import { FIELD_ORDER, normaliseRnokpp, rnokppDateMismatch, validateDraft, type IntakeDraft, type IntakeField } from './intake-validation'
import classes from './IntakeScreen.module.css'

export interface IntakeScreenProps {
  applicationHref: (id: string) => string
  /** The receipt's print preview, when printing is available. */
  receiptHref?: ((id: string) => string) | null
}

const ACCEPT = 'application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png'

const fieldId = (f: IntakeField): string => `intake-${f}`

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

function IntakeForm(): ReactElement {
  const { t } = useTranslation()
  const today = useToday()
  const draft = useIntake((s) => s.draft)
  const errors = useIntake((s) => s.errors)
  const attempted = useIntake((s) => s.attempted)
  const submitting = useIntake((s) => s.submitting)
  const serverError = useIntake((s) => s.serverError)
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

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    const outcome = await register(today, t)
    if (outcome === 'invalid') {
      const first = firstInvalid(intakeStore.getState().errors)
      if (first) focusField(first)
    } else if (outcome === 'failed') {
      summaryRef.current?.focus()
    }
  }

  const errorList = FIELD_ORDER.filter((f) => errors[f] !== undefined)

  return (
    <form onSubmit={(e) => void submit(e)} noValidate aria-describedby="intake-required-note">
      <Text size="sm" id="intake-required-note" mb="sm">
        {t('intake.requiredNote')}
      </Text>
      {attempted && errorList.length > 0 ? (
        <div className={classes.summary}>
          <Notice kind="error" role="alert" title={t('intake.summary', { count: errorList.length })}>
            <ul className={classes.summaryList}>
              {errorList.map((f) => (
                <li key={f}>
                  <Anchor component="button" type="button" className={classes.summaryLink} onClick={() => focusField(f)}>
                    {t(`intake.fields.${f}`)}: {errors[f]}
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
              <TextInput
                id={fieldId('surname')}
                label={t('intake.fields.surname')}
                required
                autoComplete="off"
                value={draft.surname}
                error={errors.surname}
                onChange={(e) => set({ surname: e.currentTarget.value })}
                onBlur={() => blur('surname')}
              />
              <TextInput
                id={fieldId('givenName')}
                label={t('intake.fields.givenName')}
                required
                autoComplete="off"
                value={draft.givenName}
                error={errors.givenName}
                onChange={(e) => set({ givenName: e.currentTarget.value })}
                onBlur={() => blur('givenName')}
              />
              <TextInput
                id={fieldId('patronymic')}
                label={t('intake.fields.patronymic')}
                autoComplete="off"
                value={draft.patronymic}
                error={errors.patronymic}
                onChange={(e) => set({ patronymic: e.currentTarget.value })}
                onBlur={() => blur('patronymic')}
              />
            </div>
            <div className={classes.pair}>
              <RnokppInput today={today} onBlur={() => blur('rnokpp')} />
              <TextInput
                id={fieldId('birthDate')}
                type="date"
                label={t('intake.fields.birthDate')}
                required
                max={today}
                min="1900-01-01"
                value={draft.birthDate}
                error={errors.birthDate}
                description={<BirthDateHint />}
                onChange={(e) => set({ birthDate: e.currentTarget.value })}
                onBlur={() => blur('birthDate')}
              />
            </div>
            <div className={classes.pair}>
              <TextInput
                id={fieldId('phone')}
                type="tel"
                label={t('intake.fields.phone')}
                placeholder="+380XXXXXXXXX"
                autoComplete="off"
                value={draft.phone}
                error={errors.phone}
                onChange={(e) => set({ phone: e.currentTarget.value })}
                onBlur={() => blur('phone')}
              />
              <TextInput
                id={fieldId('email')}
                type="email"
                label={t('intake.fields.email')}
                autoComplete="off"
                value={draft.email}
                error={errors.email}
                onChange={(e) => set({ email: e.currentTarget.value })}
                onBlur={() => blur('email')}
              />
            </div>
            <TextInput
              id={fieldId('address')}
              label={t('intake.fields.address')}
              required
              autoComplete="off"
              value={draft.address}
              error={errors.address}
              onChange={(e) => set({ address: e.currentTarget.value })}
              onBlur={() => blur('address')}
            />
            <Textarea
              id={fieldId('details')}
              label={t('intake.fields.details')}
              description={t('intake.detailsHint')}
              rows={2}
              resize="vertical"
              value={draft.details}
              error={errors.details}
              onChange={(e) => set({ details: e.currentTarget.value })}
              onBlur={() => blur('details')}
            />
          </Block>
        </Stack>
        <Stack gap="md">
          <Checklist today={today} />
          <Files today={today} />
          <Block id="intake-delivery-title" title={t('intake.fields.delivery')}>
            <Radio.Group aria-labelledby="intake-delivery-title" value={draft.delivery} onChange={(v) => set({ delivery: v as Delivery })}>
              <Group gap="lg">
                {DELIVERY.map((d) => (
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

function isBlank(draft: IntakeDraft, field: IntakeField): boolean {
  if (field === 'serviceId') return draft.serviceId === null
  if (field === 'files') return draft.files.length === 0
  return String(draft[field]).trim() === ''
}

function focusField(field: IntakeField): void {
  const id = field === 'files' ? 'intake-files-button' : fieldId(field)
  const el = document.getElementById(id)
  el?.focus()
  el?.scrollIntoView({ block: 'center' })
}

function Block({ id, title, children, extra }: { id: string; title: string; children: ReactNode; extra?: ReactNode }): ReactElement {
  return (
    <Paper component="section" withBorder p="md" aria-labelledby={id}>
      <Group justify="space-between" mb="sm" wrap="nowrap">
        <Title order={2} size="h4" id={id}>
          {title}
        </Title>
        {extra}
      </Group>
      <Stack gap="sm">{children}</Stack>
    </Paper>
  )
}

function ServicePicker({ today, onBlur }: { today: string; onBlur: () => void }): ReactElement {
  const { t, i18n } = useTranslation()
  const en = i18n.language === 'en'
  const services = useIntake((s) => s.services)
  const servicesError = useIntake((s) => s.servicesError)
  const serviceId = useIntake((s) => s.draft.serviceId)
  const error = useIntake((s) => s.errors.serviceId)
  const groups = new Map<string, { value: string; label: string }[]>()
  for (const s of services ?? []) {
    const category = en ? s.category_en : s.category_uk
    const list = groups.get(category) ?? []
    list.push({ value: s.id, label: en ? s.name_en : s.name_uk })
    groups.set(category, list)
  }
  return (
    <Block id="intake-service-title" title={t('intake.service')}>
      {servicesError ? (
        <Notice kind="error" role="alert" title={t('intake.servicesFailed')}>
          {servicesError.message}
        </Notice>
      ) : null}
      <Select
        id={fieldId('serviceId')}
        label={t('intake.fields.serviceId')}
        placeholder={services ? t('intake.servicePlaceholder') : t('intake.servicesLoading')}
        required
        searchable
        clearable
        data={[...groups].map(([group, items]) => ({ group, items }))}
        value={serviceId}
        error={error}
        nothingFoundMessage={t('intake.serviceNothing')}
        maxDropdownHeight={340}
        onChange={(v) => chooseService(v, today, t)}
        onBlur={onBlur}
      />
    </Block>
  )
}

function RnokppInput({ today, onBlur }: { today: string; onBlur: () => void }): ReactElement {
  const { t } = useTranslation()
  const value = useIntake((s) => s.draft.rnokpp)
  const error = useIntake((s) => s.errors.rnokpp)
  return (
    <TextInput
      id={fieldId('rnokpp')}
      label={t('intake.fields.rnokpp')}
      description={t('intake.rnokppHint')}
      inputMode="numeric"
      autoComplete="off"
      maxLength={13}
      value={value}
      error={error}
      onChange={(e) => updateDraft({ rnokpp: e.currentTarget.value }, today, t)}
      onBlur={() => {
        // A valid number carries the birth date: fill it in when the field is still empty.
        const s = intakeStore.getState().draft
        const fromNumber = rnokppBirthDate(normaliseRnokpp(s.rnokpp))
        if (fromNumber && s.birthDate === '' && fromNumber <= today) updateDraft({ birthDate: fromNumber }, today, t)
        onBlur()
      }}
    />
  )
}

function BirthDateHint(): ReactElement | null {
  const { t, i18n } = useTranslation()
  const draft = useIntake((s) => s.draft)
  const mismatch = rnokppDateMismatch(draft)
  if (!mismatch) return null
  return <span className={classes.warning}>{t('intake.birthDateMismatch', { date: formatPlainDate(mismatch, i18n.language) })}</span>
}

function Checklist({ today }: { today: string }): ReactElement {
  const { t, i18n } = useTranslation()
  const en = i18n.language === 'en'
  const service = useIntake((s) => serviceOf(s))
  const received = useIntake((s) => s.draft.received)
  const docs = service?.documents ?? []
  const missing = docs.filter((d) => d.required && !received[d.name_uk]).length
  const allTicked = docs.length > 0 && docs.every((d) => received[d.name_uk])
  return (
    <Block
      id="intake-docs-title"
      title={t('intake.documents')}
      extra={
        docs.length > 0 ? (
          <Button
            size="compact-sm"
            variant="default"
            onClick={() => updateDraft({ received: Object.fromEntries(docs.map((d) => [d.name_uk, !allTicked])) }, today, t)}
          >
            {allTicked ? t('intake.untickAll') : t('intake.tickAll')}
          </Button>
        ) : null
      }
    >
      {!service ? (
        <Text size="sm">{t('intake.documentsFirst')}</Text>
      ) : docs.length === 0 ? (
        <Text size="sm">{t('application.documents.none')}</Text>
      ) : (
        <>
          <Stack gap={6} role="group" aria-labelledby="intake-docs-title">
            {docs.map((d) => (
              <Checkbox
                key={d.name_uk}
                checked={received[d.name_uk] ?? false}
                onChange={(e) => {
                  const on = e.currentTarget.checked
                  updateDraft({ received: { ...intakeStore.getState().draft.received, [d.name_uk]: on } }, today, t)
                }}
                label={
                  <>
                    {en ? d.name_en : d.name_uk}
                    <Text span size="sm" c="dimmed">
                      {' '}
                      ({d.required ? t('intake.required') : t('application.documents.optional')})
                    </Text>
                  </>
                }
              />
            ))}
          </Stack>
          <Text size="sm" role="status" className={missing > 0 ? classes.warning : undefined}>
            {missing > 0 ? t('intake.missingRequired', { count: missing }) : t('intake.allRequired')}
          </Text>
        </>
      )}
    </Block>
  )
}

function formatSize(bytes: number, language: string): string {
  const f = new Intl.NumberFormat(language === 'en' ? 'en-GB' : 'uk-UA', { maximumFractionDigits: 1 })
  return bytes >= 1024 * 1024 ? `${f.format(bytes / (1024 * 1024))} МБ` : `${f.format(Math.max(1, Math.round(bytes / 1024)))} КБ`
}

const TYPE_LABEL = { 'application/pdf': 'PDF', 'image/jpeg': 'JPEG', 'image/png': 'PNG' } as const

function Files({ today }: { today: string }): ReactElement {
  const { t, i18n } = useTranslation()
  const files = useIntake((s) => s.draft.files)
  const error = useIntake((s) => s.errors.files)
  const [over, setOver] = useState(false)
  const take = (list: FileList | readonly File[] | null): void => {
    if (list && list.length > 0) void addFiles(Array.from(list), today, t)
  }
  const onDrop = (e: DragEvent<HTMLDivElement>): void => {
    e.preventDefault()
    setOver(false)
    take(e.dataTransfer.files)
  }
  return (
    <Block id="intake-files-title" title={t('intake.files.title')}>
      <div
        className={classes.dropzone}
        data-over={over || undefined}
        onDragOver={(e) => {
          e.preventDefault()
          e.dataTransfer.dropEffect = 'copy'
          setOver(true)
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
        data-testid="intake-dropzone"
      >
        <Text size="sm">{t('intake.files.drop')}</Text>
        <FileButton onChange={(picked) => take(picked)} accept={ACCEPT} multiple>
          {(props) => (
            <Button {...props} id="intake-files-button" variant="default" aria-describedby="intake-files-rules">
              {t('intake.files.pick')}
            </Button>
          )}
        </FileButton>
        <Text size="xs" id="intake-files-rules" className={classes.rules}>
          {t('intake.files.rules')}
        </Text>
      </div>
      {error ? (
        <Text size="sm" className={classes.fieldError} role="alert">
          {error}
        </Text>
      ) : null}
      {files.length > 0 ? (
        <ul className={classes.fileList} aria-label={t('intake.files.listLabel')}>
          {files.map((f) => (
            <li key={f.id} data-error={f.error ? true : undefined}>
              <span className={classes.fileType}>{f.mediaType ? TYPE_LABEL[f.mediaType] : '?'}</span>
              <span className={classes.fileName}>
                {f.name}
                <Text span size="xs" c="dimmed">
                  {' '}
                  · {formatSize(f.size, i18n.language)}
                </Text>
                {f.error ? (
                  <Text size="sm" className={classes.fieldError}>
                    {f.error}
                  </Text>
                ) : null}
              </span>
              <Button
                size="compact-sm"
                variant="subtle"
                onClick={() => removeFile(f.id, today, t)}
                aria-label={t('intake.files.removeNamed', { name: f.name })}
              >
                {t('intake.files.remove')}
              </Button>
            </li>
          ))}
        </ul>
      ) : null}
    </Block>
  )
}

function RegisteredView({
  applicationHref,
  receiptHref
}: {
  applicationHref: (id: string) => string
  receiptHref: ((id: string) => string) | null
}): ReactElement {
  const { t, i18n } = useTranslation()
  const registered = useIntake((s) => s.registered)
  const services = useIntake((s) => s.services)
  const headingRef = useRef<HTMLHeadingElement>(null)
  useEffect(() => {
    headingRef.current?.focus()
  }, [])
  if (!registered) return <></>
  const service = services?.find((s) => s.id === registered.serviceId)
  return (
    <Paper component="section" withBorder p="xl" className={classes.registered} aria-labelledby="intake-registered-title">
      <Title order={2} size="h3" id="intake-registered-title" ref={headingRef} tabIndex={-1}>
        {t('intake.registered.title')}
      </Title>
      <Text mt="md">{t('intake.registered.number')}</Text>
      <p className={classes.orderNumber}>{registered.orderNumber}</p>
      <Text>
        {registered.applicantName}
        {service ? ` · ${i18n.language === 'en' ? service.name_en : service.name_uk}` : ''}
      </Text>
      <Text size="sm" mt="xs" c="dimmed">
        {t('intake.registered.offline')}
      </Text>
      <Group mt="lg" gap="sm">
        <Button component="a" href={applicationHref(registered.applicationId)}>
          {t('intake.registered.open')}
        </Button>
        {receiptHref ? (
          <Button component="a" variant="default" href={receiptHref(registered.applicationId)}>
            {t('intake.registered.printReceipt')}
          </Button>
        ) : null}
        <Button variant="default" onClick={() => startNext()}>
          {t('intake.registered.next')}
        </Button>
      </Group>
    </Paper>
  )
}
