import { Button, Checkbox, Group, NativeSelect, Stack, Text, TextInput, Title } from '@mantine/core'
import { useState, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { FIELD_TYPES, type FieldRules, type FieldType, type FormField } from '../../../../shared/catalogue/card'
import { isStandardFieldId } from '../../../../shared/catalogue/standard-form'
import type { ErrorLookup } from './card-errors'
import classes from './Catalogue.module.css'

/*
 * The form builder: the card's questions in order, each with its type, id, label (uk/en), hint,
 * required flag and the rules its type takes (length and pattern for text, range for numbers,
 * dates' bounds, a choice's options). Keyboard first: every control is a native input or button,
 * order changes with «Вище» / «Нижче», and focus follows the moved field. Publication errors are
 * shown beside the input they name.
 */

const TEXT_RULES: ReadonlySet<FieldType> = new Set(['short_text', 'long_text', 'address'])

export const moveItem = <T,>(list: readonly T[], from: number, to: number): T[] => {
  if (to < 0 || to >= list.length) return [...list]
  const copy = [...list]
  const [item] = copy.splice(from, 1)
  if (item !== undefined) copy.splice(to, 0, item)
  return copy
}

/** A free id for a new question: field1, field2, … */
function freeId(fields: readonly FormField[]): string {
  const taken = new Set(fields.map((f) => f.id))
  let n = 1
  while (taken.has(`field${n}`)) n++
  return `field${n}`
}

/** The rules a new type keeps: only those that apply to it (a choice starts with no options). */
function rulesFor(type: FieldType, rules: FieldRules): FieldRules {
  if (TEXT_RULES.has(type)) return { minLength: rules.minLength, maxLength: rules.maxLength, pattern: rules.pattern }
  if (type === 'number') return { min: rules.min, max: rules.max, integer: rules.integer }
  if (type === 'date') return { minDate: rules.minDate, maxDate: rules.maxDate, notAfterToday: rules.notAfterToday }
  if (type === 'choice') return { choices: rules.choices ?? [] }
  return {}
}

const clean = (rules: FieldRules): FieldRules =>
  Object.fromEntries(Object.entries(rules).filter(([, v]) => v !== undefined && v !== '' && v !== false)) as FieldRules

/** A number typed into a rule's box: empty is "no rule", anything else must be a number. */
function parseNumber(text: string): number | undefined | 'invalid' {
  const t = text.trim().replace(',', '.')
  if (t === '') return undefined
  const n = Number(t)
  return Number.isFinite(n) ? n : 'invalid'
}

export interface FormBuilderProps {
  fields: readonly FormField[]
  onChange: (fields: FormField[]) => void
  errors: ErrorLookup
  readOnly: boolean
}

export function FormBuilder({ fields, onChange, errors, readOnly }: FormBuilderProps): ReactElement {
  const { t } = useTranslation()
  const [newType, setNewType] = useState<FieldType>('short_text')
  const [focusIndex, setFocusIndex] = useState<number | null>(null)

  const setField = (i: number, f: FormField): void => onChange(fields.map((x, j) => (j === i ? f : x)))
  const move = (i: number, to: number): void => {
    onChange(moveItem(fields, i, to))
    setFocusIndex(to)
  }
  const add = (): void => {
    const id = freeId(fields)
    const field: FormField = {
      id,
      type: newType,
      label: { uk: '', en: '' },
      hint: null,
      required: false,
      rules: newType === 'choice' ? { choices: [] } : {}
    }
    onChange([...fields, field])
    setFocusIndex(fields.length)
  }

  return (
    <section aria-labelledby="form-builder-title" className={classes.panel}>
      <Title order={2} size="h4" id="form-builder-title">
        {t('catalogue.builder.title')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('catalogue.builder.hint')}
      </Text>
      {errors.at('form.fields') ? (
        <Text size="sm" className={classes.error} role="status">
          {errors.at('form.fields')}
        </Text>
      ) : null}
      <ol className={classes.fieldList}>
        {fields.map((f, i) => (
          <li key={`${i}-${f.id}`}>
            <FieldEditor
              field={f}
              index={i}
              count={fields.length}
              onChange={(nf) => setField(i, nf)}
              onMove={(to) => move(i, to)}
              onRemove={() => onChange(fields.filter((_, j) => j !== i))}
              errors={errors}
              readOnly={readOnly}
              focus={focusIndex === i}
              onFocused={() => setFocusIndex(null)}
            />
          </li>
        ))}
      </ol>
      {readOnly ? null : (
        <Group align="flex-end" gap="sm" mt="sm">
          <NativeSelect
            label={t('catalogue.builder.newType')}
            value={newType}
            onChange={(e) => setNewType(e.currentTarget.value as FieldType)}
            data={FIELD_TYPES.map((type) => ({ value: type, label: t(`catalogue.types.${type}`) }))}
          />
          <Button onClick={add} variant="light">
            {t('catalogue.builder.add')}
          </Button>
        </Group>
      )}
    </section>
  )
}

interface FieldEditorProps {
  field: FormField
  index: number
  count: number
  onChange: (f: FormField) => void
  onMove: (to: number) => void
  onRemove: () => void
  errors: ErrorLookup
  readOnly: boolean
  focus: boolean
  onFocused: () => void
}

function FieldEditor({
  field: f,
  index: i,
  count,
  onChange,
  onMove,
  onRemove,
  errors,
  readOnly,
  focus,
  onFocused
}: FieldEditorProps): ReactElement {
  const { t } = useTranslation()
  const at = `form.fields.${i}`
  const name = f.label.uk.trim() || f.id
  const standard = isStandardFieldId(f.id)
  const rules = (change: Partial<FieldRules>): void => onChange({ ...f, rules: clean({ ...f.rules, ...change }) })
  const headingRef = (el: HTMLHeadingElement | null): void => {
    if (el && focus) {
      el.focus()
      onFocused()
    }
  }
  const shown = new Set<string>()
  const err = (sub: string): string | undefined => {
    shown.add(`${at}.${sub}`)
    return errors.at(`${at}.${sub}`)
  }

  const numberRule = (key: 'minLength' | 'maxLength' | 'min' | 'max', label: string): ReactElement => (
    <NumberRule
      label={label}
      value={f.rules[key]}
      error={err(`rules.${key}`)}
      readOnly={readOnly}
      integer={key === 'minLength' || key === 'maxLength'}
      onChange={(v) => rules({ [key]: v })}
    />
  )

  const body = (
    <>
      <Group grow align="flex-start">
        <NativeSelect
          label={t('catalogue.builder.type')}
          value={f.type}
          disabled={readOnly}
          onChange={(e) => {
            const type = e.currentTarget.value as FieldType
            onChange({ ...f, type, rules: clean(rulesFor(type, f.rules)) })
          }}
          data={FIELD_TYPES.map((type) => ({ value: type, label: t(`catalogue.types.${type}`) }))}
          error={err('type')}
        />
        <TextInput
          label={t('catalogue.builder.id')}
          description={standard ? t('catalogue.builder.standardId') : t('catalogue.builder.idHint')}
          value={f.id}
          readOnly={readOnly}
          onChange={(e) => onChange({ ...f, id: e.currentTarget.value })}
          error={err('id')}
          maxLength={40}
        />
      </Group>
      <Group grow align="flex-start">
        <TextInput
          label={t('catalogue.builder.labelUk')}
          value={f.label.uk}
          readOnly={readOnly}
          onChange={(e) => onChange({ ...f, label: { ...f.label, uk: e.currentTarget.value } })}
          error={err('label.uk')}
          maxLength={300}
        />
        <TextInput
          label={t('catalogue.builder.labelEn')}
          value={f.label.en}
          readOnly={readOnly}
          onChange={(e) => onChange({ ...f, label: { ...f.label, en: e.currentTarget.value } })}
          error={err('label.en')}
          maxLength={300}
        />
      </Group>
      <Group grow align="flex-start">
        <TextInput
          label={t('catalogue.builder.hintUk')}
          value={f.hint?.uk ?? ''}
          readOnly={readOnly}
          onChange={(e) => {
            const uk = e.currentTarget.value
            const en = f.hint?.en ?? ''
            onChange({ ...f, hint: uk === '' && en === '' ? null : { uk, en } })
          }}
          maxLength={500}
        />
        <TextInput
          label={t('catalogue.builder.hintEn')}
          value={f.hint?.en ?? ''}
          readOnly={readOnly}
          onChange={(e) => {
            const en = e.currentTarget.value
            const uk = f.hint?.uk ?? ''
            onChange({ ...f, hint: uk === '' && en === '' ? null : { uk, en } })
          }}
          maxLength={500}
        />
      </Group>
      <Checkbox
        label={t('catalogue.builder.required')}
        checked={f.required}
        disabled={readOnly}
        onChange={(e) => onChange({ ...f, required: e.currentTarget.checked })}
      />
      {TEXT_RULES.has(f.type) ? (
        <Group grow align="flex-start">
          {numberRule('minLength', t('catalogue.rules.minLength'))}
          {numberRule('maxLength', t('catalogue.rules.maxLength'))}
          <TextInput
            label={t('catalogue.rules.pattern')}
            description={t('catalogue.rules.patternHint')}
            value={f.rules.pattern ?? ''}
            readOnly={readOnly}
            onChange={(e) => rules({ pattern: e.currentTarget.value })}
            error={err('rules.pattern')}
            maxLength={500}
          />
        </Group>
      ) : null}
      {f.type === 'number' ? (
        <Group grow align="flex-end">
          {numberRule('min', t('catalogue.rules.min'))}
          {numberRule('max', t('catalogue.rules.max'))}
          <Checkbox
            label={t('catalogue.rules.integer')}
            checked={f.rules.integer === true}
            disabled={readOnly}
            onChange={(e) => rules({ integer: e.currentTarget.checked })}
          />
        </Group>
      ) : null}
      {f.type === 'date' ? (
        <Group grow align="flex-end">
          <TextInput
            label={t('catalogue.rules.minDate')}
            description={t('catalogue.rules.dateHint')}
            value={f.rules.minDate ?? ''}
            readOnly={readOnly}
            onChange={(e) => rules({ minDate: e.currentTarget.value })}
            error={err('rules.minDate')}
            maxLength={10}
          />
          <TextInput
            label={t('catalogue.rules.maxDate')}
            description={t('catalogue.rules.dateHint')}
            value={f.rules.maxDate ?? ''}
            readOnly={readOnly}
            onChange={(e) => rules({ maxDate: e.currentTarget.value })}
            error={err('rules.maxDate')}
            maxLength={10}
          />
          <Checkbox
            label={t('catalogue.rules.notAfterToday')}
            checked={f.rules.notAfterToday === true}
            disabled={readOnly}
            onChange={(e) => rules({ notAfterToday: e.currentTarget.checked })}
          />
        </Group>
      ) : null}
      {f.type === 'choice' ? (
        <ChoicesEditor
          field={f}
          at={at}
          errors={errors}
          readOnly={readOnly}
          onChange={(choices) => onChange({ ...f, rules: { ...f.rules, choices } })}
        />
      ) : null}
    </>
  )
  if (f.type === 'choice') {
    shown.add(`${at}.rules.choices`)
    ;(f.rules.choices ?? []).forEach((_, j) => {
      shown.add(`${at}.rules.choices.${j}.value`)
      shown.add(`${at}.rules.choices.${j}.label`)
    })
  }
  // Errors whose input is not on screen (a rule the type does not take, an option's label…), listed under the field.
  const rest = errors.under(at).filter((m) => !Array.from(shown).some((p) => errors.at(p)?.includes(m)))

  return (
    <fieldset className={classes.fieldCard} aria-labelledby={`field-${i}-title`}>
      <Group justify="space-between" wrap="nowrap">
        <Title order={3} size="h5" id={`field-${i}-title`} tabIndex={-1} ref={headingRef}>
          {t('catalogue.builder.fieldTitle', { n: i + 1, name, type: t(`catalogue.types.${f.type}`) })}
        </Title>
        {readOnly ? null : (
          <Group gap={6} wrap="nowrap">
            <Button
              size="xs"
              variant="default"
              disabled={i === 0}
              onClick={() => onMove(i - 1)}
              aria-label={t('catalogue.builder.upLabel', { name })}
            >
              {t('catalogue.builder.up')}
            </Button>
            <Button
              size="xs"
              variant="default"
              disabled={i === count - 1}
              onClick={() => onMove(i + 1)}
              aria-label={t('catalogue.builder.downLabel', { name })}
            >
              {t('catalogue.builder.down')}
            </Button>
            <Button size="xs" variant="default" color="red.9" onClick={onRemove} aria-label={t('catalogue.builder.removeLabel', { name })}>
              {t('catalogue.builder.remove')}
            </Button>
          </Group>
        )}
      </Group>
      <Stack gap="xs">{body}</Stack>
      {rest.length > 0 ? (
        <ul className={classes.errorList}>
          {rest.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      ) : null}
    </fieldset>
  )
}

/** A number rule's box: the text as typed stays on screen; a non-number is told at once and not applied. */
function NumberRule(p: {
  label: string
  value: number | undefined
  error: string | undefined
  readOnly: boolean
  integer: boolean
  onChange: (v: number | undefined) => void
}): ReactElement {
  const { t } = useTranslation()
  const [text, setText] = useState(p.value === undefined ? '' : String(p.value))
  const [bad, setBad] = useState(false)
  return (
    <TextInput
      label={p.label}
      value={text}
      inputMode={p.integer ? 'numeric' : 'decimal'}
      readOnly={p.readOnly}
      onChange={(e) => {
        const raw = e.currentTarget.value
        setText(raw)
        const n = parseNumber(raw)
        if (n === 'invalid' || (p.integer && n !== undefined && (!Number.isInteger(n) || n < 0))) {
          setBad(true)
          return
        }
        setBad(false)
        p.onChange(n)
      }}
      error={bad ? (p.integer ? t('catalogue.rules.notWholeNumber') : t('catalogue.rules.notNumber')) : p.error}
      maxLength={20}
    />
  )
}

function ChoicesEditor(p: {
  field: FormField
  at: string
  errors: ErrorLookup
  readOnly: boolean
  onChange: (choices: NonNullable<FieldRules['choices']>) => void
}): ReactElement {
  const { t } = useTranslation()
  const choices = p.field.rules.choices ?? []
  const listError = p.errors.at(`${p.at}.rules.choices`)
  const set = (i: number, c: (typeof choices)[number]): void => p.onChange(choices.map((x, j) => (j === i ? c : x)))
  return (
    <div role="group" aria-labelledby={`${p.at}-choices`}>
      <Text size="sm" fw={600} id={`${p.at}-choices`}>
        {t('catalogue.rules.choices')}
      </Text>
      {listError ? (
        <Text size="sm" className={classes.error}>
          {listError}
        </Text>
      ) : null}
      {choices.map((c, i) => {
        return (
          <Group key={i} grow align="flex-end" gap="xs">
            <TextInput
              label={t('catalogue.rules.choiceValue', { n: i + 1 })}
              value={c.value}
              readOnly={p.readOnly}
              onChange={(e) => set(i, { ...c, value: e.currentTarget.value })}
              error={p.errors.at(`${p.at}.rules.choices.${i}.value`)}
              maxLength={40}
            />
            <TextInput
              label={t('catalogue.rules.choiceUk', { n: i + 1 })}
              value={c.label.uk}
              readOnly={p.readOnly}
              onChange={(e) => set(i, { ...c, label: { ...c.label, uk: e.currentTarget.value } })}
              error={p.errors.at(`${p.at}.rules.choices.${i}.label`)}
              maxLength={200}
            />
            <TextInput
              label={t('catalogue.rules.choiceEn', { n: i + 1 })}
              value={c.label.en}
              readOnly={p.readOnly}
              onChange={(e) => set(i, { ...c, label: { ...c.label, en: e.currentTarget.value } })}
              maxLength={200}
            />
            {p.readOnly ? null : (
              <Button variant="default" size="sm" onClick={() => p.onChange(choices.filter((_, j) => j !== i))}>
                {t('catalogue.rules.removeChoice', { n: i + 1 })}
              </Button>
            )}
          </Group>
        )
      })}
      {p.readOnly ? null : (
        <Button
          variant="subtle"
          size="xs"
          mt={6}
          onClick={() => p.onChange([...choices, { value: `option${choices.length + 1}`, label: { uk: '', en: '' } }])}
        >
          {t('catalogue.rules.addChoice')}
        </Button>
      )}
    </div>
  )
}
