import { Select } from '@mantine/core'
import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { Notice } from '../../components/Notice'
import { chooseService, useIntake } from './intake-store'
import { Block } from './Block'
import { fieldId } from './intake-fields'

export function ServicePicker({ today, onBlur }: { today: string; onBlur: () => void }): ReactElement {
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
