import { describe, expect, it } from 'vitest'
import catalogueJson from '../../../resources/catalog/services.json'
import { catalogueFileSchema } from '../catalogue'
import { applicantSchema } from '../domain/application'
import { catalogueRefusal, type CatalogueAction } from '../domain/roles'
import { ROLES, type Role } from '../domain/application'
import { CARD_STAGES, serviceCardSchema, type CardStage, type FormField, type ServiceCard } from './card'
import { cardFromCatalogueService, serviceFromCard } from './from-file'
import { CARD_TRANSITIONS, countsLineUk, editable, nextVersionRefusal, transitionRefusal, type CardTransition } from './lifecycle'
import { patternProblem, publicationErrors } from './publication'
import { answerProblem, answerProblems } from './answers'
import { COMMENT_MAX, STANDARD_FIELD_IDS, standardForm } from './standard-form'

const file = catalogueFileSchema.parse(catalogueJson)
const base = (): ServiceCard => cardFromCatalogueService(file.services.find((s) => s.id === 'residence-registration') ?? file.services[0]!)

const field = (over: Partial<FormField>): FormField => ({
  id: 'extra',
  type: 'short_text',
  label: { uk: 'Поле', en: 'Field' },
  hint: null,
  required: false,
  rules: {},
  ...over
})
const withField = (f: FormField): ServiceCard => {
  const c = base()
  c.form.fields.push(f)
  return c
}

describe('the catalogue file as version-1 cards', () => {
  it('converts every service, and the card keeps what the decision, checklist and deadline read', () => {
    for (const s of file.services) {
      const card = cardFromCatalogueService(s)
      expect(serviceCardSchema.safeParse(card).success).toBe(true)
      const back = serviceFromCard(card)
      expect(back.term).toEqual({ value: s.term.value, unit: s.term.unit, note_en: s.term.note_en ?? null })
      expect(back.documents).toEqual(s.documents)
      expect(back.refusal_grounds_uk).toEqual(s.refusal_grounds_uk)
      expect(back.outcomes).toEqual(s.outcomes)
    }
  })

  it('gives every card today’s form: the applicant, delivery and comment, optional exactly where the applicant schema allows null', () => {
    const form = base().form.fields
    expect(form.map((f) => f.id)).toEqual([...STANDARD_FIELD_IDS])
    const req = Object.fromEntries(form.map((f) => [f.id, f.required]))
    expect(req).toMatchObject({
      surname: true,
      givenName: true,
      patronymic: false,
      rnokpp: false,
      birthDate: true,
      phone: false,
      email: false
    })
    expect(req).toMatchObject({ address: true, delivery: true, comment: false })
    // The rules come from the applicant schema, not from a second copy.
    expect(form.find((f) => f.id === 'surname')?.rules.maxLength).toBe(applicantSchema.shape.surname.maxLength)
    expect(form.find((f) => f.id === 'address')?.rules.maxLength).toBe(300)
    expect(form.find((f) => f.id === 'comment')?.rules.maxLength).toBe(COMMENT_MAX)
    expect(form.find((f) => f.id === 'delivery')?.rules.choices?.map((c) => c.value)).toEqual(['in_person', 'post', 'electronic'])
    // A fresh copy each time: editing one card's form does not change another's.
    const a = standardForm()
    a.fields.pop()
    expect(standardForm().fields).toHaveLength(STANDARD_FIELD_IDS.length)
  })

  it('a converted card with a term and a fee is publishable; one the file leaves without a term is not', () => {
    expect(publicationErrors(base())).toEqual([])
    const noTerm = file.services.find((s) => s.term.unit === null)
    if (noTerm) expect(publicationErrors(cardFromCatalogueService(noTerm)).map((e) => e.code)).toContain('no_term')
  })
})

describe('publicationErrors', () => {
  const cases: [string, () => ServiceCard, string, string][] = [
    ['no term', () => ({ ...base(), term: { ...base().term, unit: null } }), 'term.unit', 'no_term'],
    [
      'a zero term in working days',
      () => ({ ...base(), term: { ...base().term, unit: 'working_days', value: 0 } }),
      'term.value',
      'no_term'
    ],
    ['no fee kind', () => ({ ...base(), fee: { ...base().fee, kind: null } }), 'fee.kind', 'no_fee'],
    [
      'a fixed fee without an amount',
      () => ({ ...base(), fee: { ...base().fee, kind: 'fixed_uah', amount_uah: null } }),
      'fee.amount_uah',
      'no_fee'
    ],
    ['no Ukrainian name', () => ({ ...base(), name_uk: '  ' }), 'name_uk', 'empty'],
    ['no way to receive the result', () => ({ ...base(), delivery: [] }), 'delivery', 'no_delivery'],
    ['no fields', () => ({ ...base(), form: { fields: [] } }), 'form.fields', 'no_fields'],
    [
      'a choice without options',
      () => withField(field({ type: 'choice', rules: { choices: [] } })),
      'form.fields.10.rules.choices',
      'no_choices'
    ],
    ['a choice with no choices rule at all', () => withField(field({ type: 'choice' })), 'form.fields.10.rules.choices', 'no_choices'],
    [
      'a repeated option',
      () =>
        withField(
          field({
            type: 'choice',
            rules: {
              choices: [
                { value: 'a', label: { uk: 'А', en: 'A' } },
                { value: 'a', label: { uk: 'Б', en: 'B' } }
              ]
            }
          })
        ),
      'form.fields.10.rules.choices.1.value',
      'duplicate_choice'
    ],
    [
      'min length over max length',
      () => withField(field({ rules: { minLength: 10, maxLength: 5 } })),
      'form.fields.10.rules.minLength',
      'min_over_max'
    ],
    ['min over max', () => withField(field({ type: 'number', rules: { min: 5, max: 1 } })), 'form.fields.10.rules.min', 'min_over_max'],
    ['an invalid regex', () => withField(field({ rules: { pattern: '([a-z' } })), 'form.fields.10.rules.pattern', 'invalid_pattern'],
    [
      'a length rule on a number',
      () => withField(field({ type: 'number', rules: { maxLength: 3 } })),
      'form.fields.10.rules.maxLength',
      'rule_not_for_type'
    ],
    [
      'choices on a text field',
      () => withField(field({ rules: { choices: [{ value: 'a', label: { uk: 'А', en: 'A' } }] } })),
      'form.fields.10.rules.choices',
      'rule_not_for_type'
    ],
    [
      'a date that does not exist',
      () => withField(field({ type: 'date', rules: { minDate: '2026-02-30' } })),
      'form.fields.10.rules.minDate',
      'empty'
    ],
    ['a duplicate field id', () => withField(field({ id: 'surname' })), 'form.fields.10.id', 'duplicate_field_id'],
    [
      'a standard id with another type',
      () => ({ ...base(), form: { fields: [field({ id: 'rnokpp', type: 'number' })] } }),
      'form.fields.0.type',
      'standard_field_type'
    ],
    ['a field without an English label', () => withField(field({ label: { uk: 'Поле', en: '' } })), 'form.fields.10.label.en', 'empty'],
    [
      'a document listed twice',
      () => ({ ...base(), documents: [...base().documents, { ...base().documents[0]! }] }),
      `documents.${base().documents.length}.name_uk`,
      'duplicate_document'
    ]
  ]
  it.each(cases)('%s', (_name, make, path, code) => {
    const errors = publicationErrors(make())
    expect(errors).toContainEqual(expect.objectContaining({ path, code }))
    for (const e of errors) {
      expect(e.uk.length).toBeGreaterThan(5)
      expect(e.en.length).toBeGreaterThan(5)
    }
  })

  it('valid rules of every kind pass', () => {
    const card = base()
    card.form.fields.push(
      field({ id: 'area', type: 'number', rules: { min: 0, max: 100, integer: true } }),
      field({ id: 'plot', type: 'short_text', rules: { minLength: 2, maxLength: 20, pattern: '\\d{10}:\\d{2}:\\d{3}:\\d{4}' } }),
      field({ id: 'since', type: 'date', rules: { minDate: '2000-01-01', maxDate: '2030-12-31', notAfterToday: true } }),
      field({ id: 'kind', type: 'choice', required: true, rules: { choices: [{ value: 'a', label: { uk: 'А', en: 'A' } }] } }),
      field({ id: 'agree', type: 'yes_no' }),
      field({ id: 'plan', type: 'document_upload' })
    )
    expect(publicationErrors(card)).toEqual([])
  })

  it('patternProblem names the syntax error, and accepts a sound pattern', () => {
    expect(patternProblem('[')).not.toBeNull()
    expect(patternProblem('\\p{L}+')).toBeNull()
  })
})

describe('lifecycle', () => {
  const allowed: Record<CardTransition, CardStage> = {
    to_testing: 'draft',
    publish: 'testing',
    back_to_draft: 'testing',
    withdraw: 'published'
  }
  const table = CARD_TRANSITIONS.flatMap((t) => CARD_STAGES.map((s) => [t, s, allowed[t] === s] as const))
  it.each(table)('%s from %s → allowed: %s', (transition, stage, ok) => {
    const refusal = transitionRefusal(transition, stage, base())
    if (ok) expect(refusal).toBeNull()
    else expect(refusal).toMatchObject({ kind: 'illegal' })
  })

  it('moving to testing and publishing need a publishable card; going back to draft and withdrawing do not', () => {
    const broken = { ...base(), term: { ...base().term, unit: null } }
    expect(transitionRefusal('to_testing', 'draft', broken)).toMatchObject({
      kind: 'not_publishable',
      errors: [expect.objectContaining({ path: 'term.unit' })]
    })
    expect(transitionRefusal('publish', 'testing', broken)).toMatchObject({ kind: 'not_publishable' })
    expect(transitionRefusal('back_to_draft', 'testing', broken)).toBeNull()
    expect(transitionRefusal('withdraw', 'published', broken)).toBeNull()
  })

  it('only a draft is edited; a next version is refused while a draft or a test version exists', () => {
    expect(CARD_STAGES.filter(editable)).toEqual(['draft'])
    expect(nextVersionRefusal(['published'])).toBeNull()
    expect(nextVersionRefusal(['published', 'withdrawn'])).toBeNull()
    expect(nextVersionRefusal(['published', 'draft'])).not.toBeNull()
    expect(nextVersionRefusal(['testing'])).not.toBeNull()
  })

  it('the count line', () => {
    expect(countsLineUk({ published: 12, testing: 38, draft: 5, withdrawn: 0 })).toBe('12 опубліковано · 38 у тестуванні · 5 чернеток')
    expect(countsLineUk({ published: 1, testing: 0, draft: 2, withdrawn: 1 })).toBe('1 опубліковано · 0 у тестуванні · 2 чернетки')
    expect(countsLineUk({ published: 0, testing: 0, draft: 21, withdrawn: 0 })).toBe('0 опубліковано · 0 у тестуванні · 21 чернетка')
  })
})

describe('the catalogue role matrix', () => {
  const actions: CatalogueAction[] = ['view', 'edit', 'to_testing', 'publish', 'back_to_draft', 'withdraw', 'export', 'import']
  const may: Record<Role, CatalogueAction[]> = {
    admin: actions,
    supervisor: ['view', 'export'],
    clerk: [],
    back_office: []
  }
  const table = ROLES.flatMap((r) => actions.map((a) => [r, a, may[r].includes(a)] as const))
  it.each(table)('%s %s → %s', (role, action, ok) => {
    expect(catalogueRefusal(role, action) === null).toBe(ok)
  })
})

describe('answers to a card’s own questions', () => {
  const f = (over: Partial<FormField>): FormField => field({ id: 'q', label: { uk: 'Питання', en: 'Question' }, ...over })
  const cases: [string, FormField, string, boolean][] = [
    ['text within length', f({ rules: { minLength: 2, maxLength: 5 } }), 'abc', true],
    ['text too short', f({ rules: { minLength: 2 } }), 'a', false],
    ['text too long', f({ rules: { maxLength: 3 } }), 'abcd', false],
    ['pattern matches the whole answer', f({ rules: { pattern: '\\d{3}' } }), '123', true],
    ['pattern does not match a longer answer', f({ rules: { pattern: '\\d{3}' } }), '1234', false],
    ['a number in range', f({ type: 'number', rules: { min: 1, max: 5 } }), '5', true],
    ['a number over the maximum', f({ type: 'number', rules: { max: 5 } }), '6', false],
    ['not a number', f({ type: 'number' }), 'five', false],
    ['a fraction where whole numbers are asked', f({ type: 'number', rules: { integer: true } }), '1.5', false],
    ['a date that exists', f({ type: 'date' }), '2024-02-29', true],
    ['a date that does not', f({ type: 'date' }), '2023-02-29', false],
    ['a future date refused', f({ type: 'date', rules: { notAfterToday: true } }), '2026-12-08', false],
    ['today accepted', f({ type: 'date', rules: { notAfterToday: true } }), '2026-12-07', true],
    ['a listed choice', f({ type: 'choice', rules: { choices: [{ value: 'a', label: { uk: 'А', en: 'A' } }] } }), 'a', true],
    ['an unlisted choice', f({ type: 'choice', rules: { choices: [{ value: 'a', label: { uk: 'А', en: 'A' } }] } }), 'b', false],
    ['yes', f({ type: 'yes_no' }), 'yes', true],
    ['maybe', f({ type: 'yes_no' }), 'maybe', false],
    ['a phone', f({ type: 'phone' }), '+380 67 123 45 67', true],
    ['a short phone', f({ type: 'phone' }), '+38067', false],
    ['an upload by its hash', f({ type: 'document_upload' }), 'a'.repeat(64), true],
    ['an upload without a file', f({ type: 'document_upload' }), 'scan.pdf', false]
  ]
  it.each(cases)('%s', (_name, question, answer, fine) => {
    expect(answerProblem(question, answer, '2026-12-07') === null).toBe(fine)
  })

  it('a required own question unanswered is named by its path; standard ids and other keys are not checked here', () => {
    const fields = [...standardForm().fields, f({ id: 'trees', type: 'number', required: true, rules: { min: 1 } })]
    expect(answerProblems(fields, {}, '2026-12-07')).toEqual([expect.objectContaining({ field: 'fields.trees' })])
    expect(answerProblems(fields, { trees: '2', note: 'будь-що' }, '2026-12-07')).toEqual([])
    expect(answerProblems(fields, { trees: '0' }, '2026-12-07')[0]?.uk).toContain('Не менше 1')
  })
})
