import { Button, NativeSelect } from '@mantine/core'
import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { useShallow } from 'zustand/react/shallow'
import { STATUSES, type Status } from '../../../../shared/domain/status'
import { notify, notifyError } from '../../lib/notify'
import classes from './QueueScreen.module.css'
import { applyView, NO_FILTERS, saveCurrentView, setFilters, useQueue } from './queue-store'

/** One filter: «any» first (choosing it gives null), then the options. */
function FilterSelect(p: {
  label: string
  value: string | null
  options: { value: string; label: string }[]
  onPick: (value: string | null) => void
  wide?: boolean
}): ReactElement {
  const { t } = useTranslation()
  return (
    <NativeSelect
      size="xs"
      label={p.label}
      value={p.value ?? ''}
      data={[{ value: '', label: t('queue.filters.any') }, ...p.options]}
      onChange={(e) => p.onPick(e.currentTarget.value || null)}
      className={p.wide ? classes.wide : undefined}
    />
  )
}

/** The seven filters, the saved views (apply one, save the current one) and «clear». */
export function QueueFilters(): ReactElement {
  const { t, i18n } = useTranslation()
  const { filters, services, holders, views } = useQueue(
    useShallow((s) => ({ filters: s.filters, services: s.services, holders: s.holders, views: s.views }))
  )
  const categories = [...new Set(services.map((sv) => (i18n.language === 'en' ? sv.category_en : sv.category_uk)))].sort()

  const saveView = async (): Promise<void> => {
    const name = window.prompt(t('queue.views.namePrompt'))?.trim()
    if (!name) return
    const result = await saveCurrentView(name)
    if (result.ok) notify(t('queue.views.saved', { name }))
    else notifyError(result.error, t('queue.views.failed'))
  }

  return (
    <div className={classes.filters} role="group" aria-label={t('queue.filters.label')}>
      <FilterSelect
        label={t('queue.filters.service')}
        value={filters.serviceId}
        options={services.map((sv) => ({ value: sv.id, label: i18n.language === 'en' ? sv.name_en : sv.name_uk }))}
        onPick={(v) => void setFilters({ serviceId: v })}
        wide
      />
      <FilterSelect
        label={t('queue.filters.category')}
        value={filters.category}
        options={categories.map((c) => ({ value: c, label: c }))}
        onPick={(v) => void setFilters({ category: v })}
        wide
      />
      <FilterSelect
        label={t('queue.filters.status')}
        value={filters.status}
        options={STATUSES.map((st) => ({ value: st, label: t(`status.${st}`) }))}
        onPick={(v) => void setFilters({ status: v as Status | null })}
      />
      <FilterSelect
        label={t('queue.filters.channel')}
        value={filters.channel}
        options={[
          { value: 'portal', label: t('queue.filters.portal') },
          { value: 'walk_in', label: t('queue.filters.walk_in') }
        ]}
        onPick={(v) => void setFilters({ channel: v === 'portal' || v === 'walk_in' ? v : null })}
      />
      <FilterSelect
        label={t('queue.filters.deadline')}
        value={filters.dueWithinDays === null ? null : String(filters.dueWithinDays)}
        options={[
          { value: '0', label: t('queue.filters.due0') },
          { value: '3', label: t('queue.filters.due3') },
          { value: '7', label: t('queue.filters.due7') }
        ]}
        onPick={(v) => void setFilters({ dueWithinDays: v === null ? null : Number(v) })}
      />
      <FilterSelect
        label={t('queue.filters.holder')}
        value={filters.holderClerkId}
        options={holders.map((h) => ({ value: h.clerkId, label: h.name }))}
        onPick={(v) => void setFilters({ holderClerkId: v })}
      />
      <NativeSelect
        size="xs"
        label={t('queue.views.label')}
        value=""
        data={[{ value: '', label: t('queue.views.none') }, ...views.map((v) => ({ value: v.id, label: v.name }))]}
        onChange={(e) => {
          const view = views.find((v) => v.id === e.currentTarget.value)
          if (view) void applyView(view.view)
        }}
      />
      <Button size="xs" variant="default" onClick={() => void saveView()}>
        {t('queue.views.save')}
      </Button>
      {Object.values(filters).some((v) => v !== null) ? (
        <Button size="xs" variant="subtle" onClick={() => void setFilters(NO_FILTERS)}>
          {t('queue.filters.clear')}
        </Button>
      ) : null}
    </div>
  )
}
