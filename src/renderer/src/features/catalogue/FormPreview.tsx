import { Button, Group, Radio, Stack, Text, TextInput, Textarea, Title } from '@mantine/core'
import { useState, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { answerProblem } from '../../../../shared/catalogue/answers'
import type { FormField, ServiceCard } from '../../../../shared/catalogue/card'
import { isStandardFieldId } from '../../../../shared/catalogue/standard-form'
import { parseTypedDate } from '../../lib/dates'
import classes from './Catalogue.module.css'

/*
 * The citizen's form as the draft card describes it, live: every question in order with its label,
 * hint and required mark, an input of its type, and the documents to bring. «Перевірити відповіді»
 * checks what was typed with the shared answer rules (shared/catalogue/answers.ts), the same the
 * portal's intake applies, so a rule's effect can be tried before anyone else sees the form.
 */

type Lang = 'uk' | 'en'

const kyivToday = (): string => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Kyiv' }).format(new Date())

/** The answer as the rules read it: dates typed дд.мм.рррр become YYYY-MM-DD. */
function normalised(f: FormField, raw: string): string {
  if (f.type !== 'date') return raw
  return parseTypedDate(raw) ?? raw
}

export function FormPreview({ card }: { card: ServiceCard }): ReactElement {
  const { t, i18n } = useTranslation()
  const lang: Lang = i18n.language === 'en' ? 'en' : 'uk'
  const [answers, setAnswers] = useState<Record<string, string>>({})
  const [problems, setProblems] = useState<Record<string, string> | null>(null)
  const set = (id: string, value: string): void => setAnswers((a) => ({ ...a, [id]: value }))

  const check = (): void => {
    const out: Record<string, string> = {}
    for (const f of card.form.fields) {
      const raw = (answers[f.id] ?? '').trim()
      if (raw === '') {
        if (f.required) out[f.id] = t('catalogue.preview.required')
        continue
      }
      // The standard particulars are checked by the applicant's own schema at intake; here their shape is enough.
      const p = answerProblem(f, normalised(f, raw), kyivToday())
      if (p && !(isStandardFieldId(f.id) && f.type === 'short_text')) out[f.id] = p[lang]
    }
    setProblems(out)
  }

  return (
    <section aria-labelledby="preview-title" className={classes.preview}>
      <Title order={2} size="h4" id="preview-title">
        {t('catalogue.preview.title')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('catalogue.preview.hint')}
      </Text>
      <div className={classes.previewPage}>
        <Title order={3} size="h4">
          {(lang === 'en' ? card.name_en : card.name_uk) || t('catalogue.preview.noName')}
        </Title>
        <Stack gap="sm" mt="sm">
          {card.form.fields.map((f, i) => (
            <PreviewField
              key={`${i}-${f.id}`}
              field={f}
              index={i}
              lang={lang}
              value={answers[f.id] ?? ''}
              onChange={(v) => set(f.id, v)}
              error={problems?.[f.id]}
            />
          ))}
        </Stack>
        {card.documents.length > 0 ? (
          <>
            <Title order={4} size="h5" mt="md">
              {t('catalogue.preview.documents')}
            </Title>
            <ul className={classes.docList}>
              {card.documents.map((d, i) => (
                <li key={i}>
                  {(lang === 'en' ? d.name_en : d.name_uk) || '—'}
                  {d.required ? ` — ${t('catalogue.preview.docRequired')}` : ` — ${t('catalogue.preview.docOptional')}`}
                  {d.form ? ` (${t(`catalogue.docForm.${d.form}`)})` : ''}
                </li>
              ))}
            </ul>
          </>
        ) : null}
        <Group mt="md">
          <Button variant="light" onClick={check}>
            {t('catalogue.preview.check')}
          </Button>
          {problems ? (
            <Text size="sm" role="status">
              {Object.keys(problems).length === 0
                ? t('catalogue.preview.allGood')
                : t('catalogue.preview.problems', { count: Object.keys(problems).length })}
            </Text>
          ) : null}
        </Group>
      </div>
    </section>
  )
}

function PreviewField(p: {
  field: FormField
  index: number
  lang: Lang
  value: string
  onChange: (v: string) => void
  error: string | undefined
}): ReactElement {
  const { t } = useTranslation()
  const f = p.field
  const label = f.label[p.lang] || f.label.uk || f.id
  const hint = f.hint ? f.hint[p.lang] || f.hint.uk : undefined
  const common = { label, description: hint, required: f.required, error: p.error, id: `preview-${p.index}` }
  switch (f.type) {
    case 'long_text':
    case 'address':
      return <Textarea {...common} value={p.value} onChange={(e) => p.onChange(e.currentTarget.value)} rows={3} />
    case 'choice':
    case 'yes_no': {
      const options =
        f.type === 'yes_no'
          ? [
              { value: 'yes', label: t('catalogue.preview.yes') },
              { value: 'no', label: t('catalogue.preview.no') }
            ]
          : (f.rules.choices ?? []).map((c) => ({ value: c.value, label: c.label[p.lang] || c.label.uk || c.value }))
      return (
        <Radio.Group {...common} value={p.value} onChange={p.onChange}>
          <Group mt={4}>
            {options.map((o) => (
              <Radio key={o.value} value={o.value} label={o.label} />
            ))}
          </Group>
        </Radio.Group>
      )
    }
    case 'document_upload':
      return (
        <div>
          <Text size="sm" fw={500} component="label" htmlFor={common.id}>
            {label}
            {f.required ? ' *' : ''}
          </Text>
          {hint ? (
            <Text size="xs" c="dimmed">
              {hint}
            </Text>
          ) : null}
          <input id={common.id} type="file" disabled aria-describedby={`${common.id}-note`} />
          <Text size="xs" c="dimmed" id={`${common.id}-note`}>
            {t('catalogue.preview.fileNote')}
          </Text>
          {p.error ? (
            <Text size="sm" className={classes.error}>
              {p.error}
            </Text>
          ) : null}
        </div>
      )
    default: {
      const placeholder = f.type === 'date' ? t('catalogue.preview.datePlaceholder') : f.type === 'phone' ? '+380XXXXXXXXX' : undefined
      const inputMode =
        f.type === 'number' || f.type === 'rnokpp' ? 'numeric' : f.type === 'phone' ? 'tel' : f.type === 'email' ? 'email' : undefined
      return (
        <TextInput
          {...common}
          value={p.value}
          placeholder={placeholder}
          inputMode={inputMode}
          onChange={(e) => p.onChange(e.currentTarget.value)}
        />
      )
    }
  }
}
