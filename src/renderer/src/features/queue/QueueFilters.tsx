import { Button, NativeSelect } from '@mantine/core'
import type { ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { useShallow } from 'zustand/react/shallow'
import { STATUSES, type Status } from '../../../../shared/domain/status'
import { notify, notifyError } from '../../lib/notify'
import classes from './QueueScreen.module.css'
import { applyView, NO_FILTERS, saveCurrentView, setFilters, useQueue } from './queue-store'

/** The seven filters, the saved views (apply one, save the current one) and «clear». */
export function QueueFilters(): ReactElement {
  const { t, i18n } = useTranslation()
  const { filters, services, holders, views } = useQueue(
    useShallow((s) => ({ filters: s.filters, services: s.services, holders: s.holders, views: s.views }))
  )
  const categories = [...new Set(services.map((sv) => (i18n.language === 'en' ? sv.category_en : sv.category_uk)))].sort()
  const any = { value: '', label: t('queue.filters.any') }

  const saveView = async (): Promise<void> => {
    const name = window.prompt(t('queue.views.namePrompt'))?.trim()
    if (!name) return
    const result = await saveCurrentView(name)
    if (result.ok) notify(t('queue.views.saved', { name }))
    else notifyError(result.error, t('queue.views.failed'))
  }

  return (
    <div className={classes.filters} role="group" aria-label={t('queue.filters.label')}>
      <NativeSelect
        size="xs"
        label={t('queue.filters.service')}
        value={filters.serviceId ?? ''}
        data={[any, ...services.map((sv) => ({ value: sv.id, label: i18n.language === 'en' ? sv.name_en : sv.name_uk }))]}
        onChange={(e) => void setFilters({ serviceId: e.currentTarget.value || null })}
        className={classes.wide}
      />
      <NativeSelect
        size="xs"
        label={t('queue.filters.category')}
        value={filters.category ?? ''}
        data={[any, ...categories.map((c) => ({ value: c, label: c }))]}
        onChange={(e) => void setFilters({ category: e.currentTarget.value || null })}
        className={classes.wide}
      />
      <NativeSelect
        size="xs"
        label={t('queue.filters.status')}
        value={filters.status ?? ''}
        data={[any, ...STATUSES.map((st) => ({ value: st, label: t(`status.${st}`) }))]}
        onChange={(e) => void setFilters({ status: (e.currentTarget.value || null) as Status | null })}
      />
      <NativeSelect
        size="xs"
        label={t('queue.filters.channel')}
        value={filters.channel ?? ''}
        data={[any, { value: 'portal', label: t('queue.filters.portal') }, { value: 'walk_in', label: t('queue.filters.walk_in') }]}
        onChange={(e) =>
          void setFilters({
            channel: e.currentTarget.value === 'portal' || e.currentTarget.value === 'walk_in' ? e.currentTarget.value : null
          })
        }
      />
      <NativeSelect
        size="xs"
        label={t('queue.filters.deadline')}
        value={filters.dueWithinDays === null ? '' : String(filters.dueWithinDays)}
        data={[
          any,
          { value: '0', label: t('queue.filters.due0') },
          { value: '3', label: t('queue.filters.due3') },
          { value: '7', label: t('queue.filters.due7') }
        ]}
        onChange={(e) => void setFilters({ dueWithinDays: e.currentTarget.value === '' ? null : Number(e.currentTarget.value) })}
      />
      <NativeSelect
        size="xs"
        label={t('queue.filters.holder')}
        value={filters.holderClerkId ?? ''}
        data={[any, ...holders.map((h) => ({ value: h.clerkId, label: h.name }))]}
        onChange={(e) => void setFilters({ holderClerkId: e.currentTarget.value || null })}
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
