import { Badge, Button, Checkbox, Group, NativeSelect, Stack, Table, Text, TextInput, Title } from '@mantine/core'
import { useMemo, useState, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import type { CardDocument, ServiceCard } from '../../../../shared/catalogue/card'
import { diffCards } from '../../../../shared/catalogue/diff'
import { editable, STAGE_LABELS } from '../../../../shared/catalogue/lifecycle'
import { publicationErrors } from '../../../../shared/catalogue/publication'
import { DELIVERY } from '../../../../shared/domain/application'
import { catalogueRefusal, type CatalogueAction } from '../../../../shared/domain/roles'
import type { Role } from '../../../../shared/domain/application'
import { Notice } from '../../components/Notice'
import { formatDateTime } from '../../lib/format'
import { cardPathOfField, errorLookup, type ErrorLookup } from './card-errors'
import { diffInWords } from './card-diff-words'
import {
  closeEditor,
  dismissTestLink,
  editDraft,
  exportVersion,
  nextVersion,
  saveDraft,
  useCatalogue,
  type Transition
} from './catalogue-store'
import classes from './Catalogue.module.css'
import { ConfirmTransitionDialog, DeleteTestsDialog, TestLinkDialog } from './dialogs'
import { FormBuilder, moveItem } from './FormBuilder'
import { FormPreview } from './FormPreview'

/*
 * One card version in the editor: the information card's fields, the documents, the form builder
 * beside the citizen's live preview, what differs from the published version, and the lifecycle's
 * steps the signed-in role may take (catalogueRefusal, shared; the portal checks again). Only a
 * draft is edited; any other version is shown read-only with its next step.
 */

const TERM_UNITS = ['same_day', 'hours', 'working_days', 'calendar_days'] as const
const FEE_KINDS = ['free', 'fixed_uah', 'subsistence_share', 'varies'] as const

const optionalNumber = (text: string): number | null => {
  const t = text.trim().replace(',', '.')
  if (t === '') return null
  const n = Number(t)
  return Number.isFinite(n) ? n : null
}

export function CardEditor({ role }: { role: Role }): ReactElement | null {
  const { t, i18n } = useTranslation()
  const lang = i18n.language === 'en' ? 'en' : 'uk'
  const open = useCatalogue((s) => s.open)
  const live = useCatalogue((s) => s.live)
  const busy = useCatalogue((s) => s.busy)
  const actionError = useCatalogue((s) => s.actionError)
  const testLink = useCatalogue((s) => s.testLink)
  const importReport = useCatalogue((s) => s.importReport)
  const list = useCatalogue((s) => s.list)
  const testsDeleted = useCatalogue((s) => s.testsDeleted)
  const [confirm, setConfirm] = useState<Transition | 'deleteTests' | null>(null)

  const draft = open?.draft ?? null
  const errors = useMemo(() => (draft ? publicationErrors(draft) : []), [draft])
  const lookup = useMemo(() => errorLookup(errors, lang), [errors, lang])
  const diff = useMemo(() => (draft && live ? diffInWords(diffCards(live.card, draft), live.card, draft, lang) : []), [draft, live, lang])
  if (!open || !draft) return null

  const may = (a: CatalogueAction): boolean => catalogueRefusal(role, a) === null
  const stage = open.version?.stage ?? 'draft'
  const readOnly = !editable(stage) || !may('edit')
  const set = (change: (c: ServiceCard) => ServiceCard): void => editDraft(change)
  const serviceName = draft.name_uk || draft.id || t('catalogue.newService')
  const openOther = list?.versions.some((v) => v.serviceId === draft.id && (v.stage === 'draft' || v.stage === 'testing')) ?? false
  const savedField = cardPathOfField(actionError?.field)
  // A service in testing, or one that went through testing and was then published or withdrawn, may
  // have test applications (the portal counts them only when deleting).
  const mayHaveTests = stage === 'testing' || ((stage === 'published' || stage === 'withdrawn') && open.version?.testingAt != null)

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={2} size="h3" id="card-title">
            {serviceName}
          </Title>
          <Group gap="xs" mt={4}>
            <Badge variant="outline" color="dark">
              {open.version ? t('catalogue.versionN', { n: open.version.version }) : t('catalogue.notSaved')}
            </Badge>
            <Badge
              color={stage === 'published' ? '#1b5e20' : stage === 'testing' ? '#7a4a00' : stage === 'withdrawn' ? 'gray.8' : 'blue.9'}
            >
              {STAGE_LABELS[stage][lang]}
            </Badge>
            {open.version?.live ? <Badge color="#1b5e20">{t('catalogue.live')}</Badge> : null}
            {open.version ? (
              <Text size="sm" c="dimmed">
                {t('catalogue.updated', { time: formatDateTime(open.version.updatedAt, i18n.language) })}
              </Text>
            ) : null}
          </Group>
        </div>
        <Button variant="default" onClick={closeEditor}>
          {t('catalogue.backToList')}
        </Button>
      </Group>

      {importReport ? <ImportReport /> : null}

      {errors.length > 0 ? (
        <Notice kind="warning" role="status" title={t('catalogue.errorsTitle', { count: errors.length })}>
          <ul className={classes.docList}>
            {errors.map((e, i) => (
              <li key={`${e.path}-${i}`}>{lang === 'en' ? e.en : e.uk}</li>
            ))}
          </ul>
        </Notice>
      ) : (
        <Notice kind="info" role="status">
          {t('catalogue.publishable')}
        </Notice>
      )}

      <InfoCard
        card={draft}
        set={set}
        errors={lookup}
        readOnly={readOnly}
        isNew={open.version === null}
        savedField={savedField}
        savedMessage={actionError?.message}
      />
      <Documents
        documents={draft.documents}
        onChange={(documents) => set((c) => ({ ...c, documents }))}
        errors={lookup}
        readOnly={readOnly}
      />

      <div className={classes.layout}>
        <FormBuilder
          fields={draft.form.fields}
          onChange={(fields) => set((c) => ({ ...c, form: { fields } }))}
          errors={lookup}
          readOnly={readOnly}
        />
        <div className={classes.sticky}>
          <FormPreview card={draft} />
        </div>
      </div>

      {live ? (
        <section aria-labelledby="diff-title" className={classes.panel}>
          <Title order={2} size="h4" id="diff-title">
            {t('catalogue.diff.title', { version: live.version })}
          </Title>
          {diff.length === 0 ? (
            <Text size="sm">{t('catalogue.diff.none')}</Text>
          ) : (
            <Table className={classes.diffTable} striped aria-labelledby="diff-title">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('catalogue.diff.place')}</Table.Th>
                  <Table.Th scope="col">{t('catalogue.diff.before', { version: live.version })}</Table.Th>
                  <Table.Th scope="col">{t('catalogue.diff.after')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {diff.map((d) => (
                  <Table.Tr key={d.path}>
                    <Table.Td>{d.place}</Table.Td>
                    <Table.Td>{d.before}</Table.Td>
                    <Table.Td>{d.after}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </section>
      ) : null}

      {actionError && !savedField ? (
        <Notice kind="error" role="alert" title={t(`errors.${actionError.code}`)}>
          {actionError.message}
        </Notice>
      ) : null}

      <Group className={classes.actions} gap="sm">
        {stage === 'draft' && may('edit') ? (
          <Button onClick={() => void saveDraft()} loading={busy} disabled={!open.dirty}>
            {t('catalogue.actions.save')}
          </Button>
        ) : null}
        {stage === 'draft' && open.version && may('to_testing') ? (
          <Button variant="light" disabled={open.dirty || errors.length > 0 || busy} onClick={() => setConfirm('toTesting')}>
            {t('catalogue.actions.toTesting')}
          </Button>
        ) : null}
        {stage === 'testing' && may('publish') ? (
          <Button color="#1b5e20" disabled={busy} onClick={() => setConfirm('publish')}>
            {t('catalogue.actions.publish')}
          </Button>
        ) : null}
        {stage === 'testing' && may('back_to_draft') ? (
          <Button variant="default" disabled={busy} onClick={() => setConfirm('backToDraft')}>
            {t('catalogue.actions.backToDraft')}
          </Button>
        ) : null}
        {stage === 'published' && may('withdraw') ? (
          <Button color="red.9" variant="outline" disabled={busy} onClick={() => setConfirm('withdraw')}>
            {t('catalogue.actions.withdraw')}
          </Button>
        ) : null}
        {(stage === 'published' || stage === 'withdrawn') && may('edit') && !openOther && open.version ? (
          <Button variant="light" disabled={busy} onClick={() => void nextVersion(draft.id)}>
            {t('catalogue.actions.next')}
          </Button>
        ) : null}
        {open.version && may('export') ? (
          <Button
            variant="default"
            disabled={busy}
            onClick={() => void exportVersion(open.version?.serviceId ?? '', open.version?.version ?? 1)}
          >
            {t('catalogue.actions.export')}
          </Button>
        ) : null}
        {mayHaveTests && may('delete_tests') ? (
          <Button color="red.9" variant="outline" disabled={busy} onClick={() => setConfirm('deleteTests')}>
            {t('catalogue.actions.deleteTests')}
          </Button>
        ) : null}
        {stage === 'draft' && open.dirty ? (
          <Text size="sm" c="dimmed">
            {t('catalogue.unsaved')}
          </Text>
        ) : null}
      </Group>
      <Text size="sm" role="status" aria-live="polite" data-testid="tests-deleted">
        {testsDeleted === null
          ? ''
          : testsDeleted.deleted === 0
            ? t('catalogue.testsDeletedNone')
            : t('catalogue.testsDeleted', { count: testsDeleted.deleted })}
      </Text>

      {confirm === 'deleteTests' ? (
        <DeleteTestsDialog serviceName={serviceName} onClose={() => setConfirm(null)} />
      ) : confirm ? (
        <ConfirmTransitionDialog kind={confirm} serviceName={serviceName} onClose={() => setConfirm(null)} />
      ) : null}
      {testLink ? <TestLinkDialog url={testLink.url} expiresAt={testLink.expiresAt} onClose={dismissTestLink} /> : null}
    </Stack>
  )
}

function InfoCard(p: {
  card: ServiceCard
  set: (change: (c: ServiceCard) => ServiceCard) => void
  errors: ErrorLookup
  readOnly: boolean
  isNew: boolean
  /** A field the back end refused on saving (its card path) and its message. */
  savedField: string | null
  savedMessage: string | undefined
}): ReactElement {
  const { t } = useTranslation()
  const { card, set, errors, readOnly } = p
  const err = (path: string): string | undefined => (p.savedField === path ? p.savedMessage : undefined) ?? errors.at(path)
  const text = (key: 'name_uk' | 'name_en' | 'category_uk' | 'category_en', max: number): ReactElement => (
    <TextInput
      label={t(`catalogue.info.${key}`)}
      value={card[key]}
      readOnly={readOnly}
      onChange={(e) => {
        const v = e.currentTarget.value
        set((c) => ({ ...c, [key]: v }))
      }}
      error={err(key)}
      maxLength={max}
    />
  )
  return (
    <section aria-labelledby="info-title" className={classes.panel}>
      <Title order={2} size="h4" id="info-title" mb="xs">
        {t('catalogue.info.title')}
      </Title>
      <Stack gap="xs">
        <TextInput
          label={t('catalogue.info.id')}
          description={t('catalogue.info.idHint')}
          value={card.id}
          readOnly={readOnly || !p.isNew}
          onChange={(e) => {
            const v = e.currentTarget.value
            set((c) => ({ ...c, id: v }))
          }}
          error={err('id')}
          maxLength={80}
        />
        <Group grow align="flex-start">
          {text('name_uk', 300)}
          {text('name_en', 300)}
        </Group>
        <Group grow align="flex-start">
          {text('category_uk', 200)}
          {text('category_en', 200)}
        </Group>
        <Group grow align="flex-start">
          <NativeSelect
            label={t('catalogue.info.termUnit')}
            value={card.term.unit ?? ''}
            disabled={readOnly}
            onChange={(e) => {
              const v = e.currentTarget.value
              set((c) => ({ ...c, term: { ...c.term, unit: v === '' ? null : (v as (typeof TERM_UNITS)[number]) } }))
            }}
            data={[
              { value: '', label: t('catalogue.info.notSet') },
              ...TERM_UNITS.map((u) => ({ value: u, label: t(`catalogue.termUnits.${u}`) }))
            ]}
            error={err('term.unit')}
          />
          <TextInput
            label={t('catalogue.info.termValue')}
            inputMode="numeric"
            value={card.term.value === null ? '' : String(card.term.value)}
            readOnly={readOnly}
            onChange={(e) => {
              const n = optionalNumber(e.currentTarget.value)
              set((c) => ({ ...c, term: { ...c.term, value: n === null ? null : Math.max(0, Math.round(n)) } }))
            }}
            error={err('term.value')}
            maxLength={5}
          />
        </Group>
        <Group grow align="flex-start">
          <NativeSelect
            label={t('catalogue.info.feeKind')}
            value={card.fee.kind ?? ''}
            disabled={readOnly}
            onChange={(e) => {
              const v = e.currentTarget.value
              set((c) => ({ ...c, fee: { ...c.fee, kind: v === '' ? null : (v as (typeof FEE_KINDS)[number]) } }))
            }}
            data={[
              { value: '', label: t('catalogue.info.notSet') },
              ...FEE_KINDS.map((k) => ({ value: k, label: t(`catalogue.feeKinds.${k}`) }))
            ]}
            error={err('fee.kind')}
          />
          {card.fee.kind === 'fixed_uah' ? (
            <TextInput
              label={t('catalogue.info.feeAmount')}
              inputMode="decimal"
              value={card.fee.amount_uah === null ? '' : String(card.fee.amount_uah)}
              readOnly={readOnly}
              onChange={(e) => {
                const n = optionalNumber(e.currentTarget.value)
                set((c) => ({ ...c, fee: { ...c.fee, amount_uah: n } }))
              }}
              error={err('fee.amount_uah')}
              maxLength={12}
            />
          ) : card.fee.kind === 'subsistence_share' ? (
            <TextInput
              label={t('catalogue.info.feeShare')}
              inputMode="decimal"
              value={card.fee.share_of_subsistence === null ? '' : String(card.fee.share_of_subsistence)}
              readOnly={readOnly}
              onChange={(e) => {
                const n = optionalNumber(e.currentTarget.value)
                set((c) => ({ ...c, fee: { ...c.fee, share_of_subsistence: n } }))
              }}
              error={err('fee.share_of_subsistence')}
              maxLength={6}
            />
          ) : (
            <div />
          )}
        </Group>
        <Group grow align="flex-start">
          <TextInput
            label={t('catalogue.info.result_uk')}
            value={card.result_uk ?? ''}
            readOnly={readOnly}
            onChange={(e) => {
              const v = e.currentTarget.value
              set((c) => ({ ...c, result_uk: v === '' ? null : v }))
            }}
            maxLength={1000}
          />
          <TextInput
            label={t('catalogue.info.result_en')}
            value={card.result_en ?? ''}
            readOnly={readOnly}
            onChange={(e) => {
              const v = e.currentTarget.value
              set((c) => ({ ...c, result_en: v === '' ? null : v }))
            }}
            maxLength={1000}
          />
        </Group>
        <Checkbox.Group
          label={t('catalogue.info.delivery')}
          value={card.delivery}
          onChange={(v) => set((c) => ({ ...c, delivery: DELIVERY.filter((d) => v.includes(d)) }))}
          error={err('delivery')}
        >
          <Group mt={4}>
            {DELIVERY.map((d) => (
              <Checkbox key={d} value={d} label={t(`catalogue.delivery.${d}`)} disabled={readOnly} />
            ))}
          </Group>
        </Checkbox.Group>
      </Stack>
    </section>
  )
}

function Documents(p: {
  documents: readonly CardDocument[]
  onChange: (d: CardDocument[]) => void
  errors: ErrorLookup
  readOnly: boolean
}): ReactElement {
  const { t } = useTranslation()
  const set = (i: number, d: CardDocument): void => p.onChange(p.documents.map((x, j) => (j === i ? d : x)))
  return (
    <section aria-labelledby="docs-title" className={classes.panel}>
      <Title order={2} size="h4" id="docs-title">
        {t('catalogue.docs.title')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('catalogue.docs.hint')}
      </Text>
      <ol className={classes.fieldList}>
        {p.documents.map((d, i) => {
          const name = d.name_uk.trim() || t('catalogue.docs.nth', { n: i + 1 })
          return (
            <li key={i}>
              <fieldset className={classes.fieldCard} aria-label={t('catalogue.docs.nthNamed', { n: i + 1, name })}>
                <Group grow align="flex-start">
                  <TextInput
                    label={t('catalogue.docs.nameUk')}
                    value={d.name_uk}
                    readOnly={p.readOnly}
                    onChange={(e) => set(i, { ...d, name_uk: e.currentTarget.value })}
                    error={p.errors.at(`documents.${i}.name_uk`)}
                    maxLength={500}
                  />
                  <TextInput
                    label={t('catalogue.docs.nameEn')}
                    value={d.name_en}
                    readOnly={p.readOnly}
                    onChange={(e) => set(i, { ...d, name_en: e.currentTarget.value })}
                    error={p.errors.at(`documents.${i}.name_en`)}
                    maxLength={500}
                  />
                </Group>
                <Group mt="xs" align="flex-end">
                  <Checkbox
                    label={t('catalogue.docs.required')}
                    checked={d.required}
                    disabled={p.readOnly}
                    onChange={(e) => set(i, { ...d, required: e.currentTarget.checked })}
                  />
                  <NativeSelect
                    label={t('catalogue.docs.form')}
                    value={d.form ?? ''}
                    disabled={p.readOnly}
                    onChange={(e) => {
                      const v = e.currentTarget.value
                      set(i, { ...d, form: v === 'original' || v === 'copy' ? v : null })
                    }}
                    data={[
                      { value: '', label: t('catalogue.info.notSet') },
                      { value: 'original', label: t('catalogue.docForm.original') },
                      { value: 'copy', label: t('catalogue.docForm.copy') }
                    ]}
                  />
                  {p.readOnly ? null : (
                    <Group gap={6}>
                      <Button
                        size="xs"
                        variant="default"
                        disabled={i === 0}
                        onClick={() => p.onChange(moveItem(p.documents, i, i - 1))}
                        aria-label={t('catalogue.builder.upLabel', { name })}
                      >
                        {t('catalogue.builder.up')}
                      </Button>
                      <Button
                        size="xs"
                        variant="default"
                        disabled={i === p.documents.length - 1}
                        onClick={() => p.onChange(moveItem(p.documents, i, i + 1))}
                        aria-label={t('catalogue.builder.downLabel', { name })}
                      >
                        {t('catalogue.builder.down')}
                      </Button>
                      <Button
                        size="xs"
                        variant="default"
                        onClick={() => p.onChange(p.documents.filter((_, j) => j !== i))}
                        aria-label={t('catalogue.builder.removeLabel', { name })}
                      >
                        {t('catalogue.builder.remove')}
                      </Button>
                    </Group>
                  )}
                </Group>
              </fieldset>
            </li>
          )
        })}
      </ol>
      {p.readOnly ? null : (
        <Button
          variant="light"
          mt="sm"
          onClick={() => p.onChange([...p.documents, { name_uk: '', name_en: '', required: true, form: null }])}
        >
          {t('catalogue.docs.add')}
        </Button>
      )}
    </section>
  )
}

function ImportReport(): ReactElement | null {
  const { t, i18n } = useTranslation()
  const lang = i18n.language === 'en' ? 'en' : 'uk'
  const report = useCatalogue((s) => s.importReport)
  const live = useCatalogue((s) => s.live)
  if (!report) return null
  const lines = diffInWords(report.diff, live?.card ?? null, report.version.card, lang)
  return (
    <Notice kind="info" role="status" title={t('catalogue.import.done', { id: report.version.serviceId, version: report.version.version })}>
      {report.againstLiveVersion === null ? (
        <Text size="sm">{t('catalogue.import.noLive')}</Text>
      ) : lines.length === 0 ? (
        <Text size="sm">{t('catalogue.import.same', { version: report.againstLiveVersion })}</Text>
      ) : (
        <>
          <Text size="sm">{t('catalogue.import.differs', { version: report.againstLiveVersion, count: lines.length })}</Text>
          <ul className={classes.docList}>
            {lines.map((l) => (
              <li key={l.path}>
                {l.place}: {l.before} → {l.after}
              </li>
            ))}
          </ul>
        </>
      )}
    </Notice>
  )
}
