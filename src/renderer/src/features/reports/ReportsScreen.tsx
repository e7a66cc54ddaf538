import { BarChart, LineChart } from '@mantine/charts'
import { ScreenFrame } from '../../components/ScreenFrame'
import { Alert, Anchor, Button, Group, NativeSelect, Progress, SimpleGrid, Table, Text, Title } from '@mantine/core'
import { useEffect, useMemo, useState, type FormEvent, type ReactElement, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import type { Service } from '../../../../shared/catalogue'
import type { ReportSlice } from '../../../../shared/reports/definitions'
import { DataTable } from '../../components/DataTable'
import { DateField } from '../../components/DateField'
import { call } from '../../lib/api'
import { formatPlainDate } from '../../lib/format'
import { notifyError } from '../../lib/notify'
import { choosePreset, downloadExportFile, loadDashboard, PRESETS, runExport, setFilters, useReports, type Preset } from './reports-store'
import classes from './ReportsScreen.module.css'

/** A number that opens the queue with exactly the applications it counts. */
type Cell = string | number | { value: number; slice: ReportSlice }

function DrillCell(p: { value: number; slice: ReportSlice; onDrill: (s: ReportSlice) => void; label: string }): ReactElement {
  return (
    <Anchor component="button" type="button" onClick={() => p.onDrill(p.slice)} aria-label={p.label} className={classes.drill}>
      {p.value}
    </Anchor>
  )
}

/** One chart with its data as a table right after it: the chart's text alternative (issue 18). */
function Figure(p: {
  title: string
  chart: ReactNode
  caption: string
  columns: string[]
  rows: Cell[][]
  onDrill: (s: ReportSlice) => void
}): ReactElement {
  const { t } = useTranslation()
  const show = (c: Cell, row: Cell[], j: number): ReactNode =>
    typeof c === 'object' ? (
      <DrillCell
        value={c.value}
        slice={c.slice}
        onDrill={p.onDrill}
        label={t('reports.drillCell', { value: c.value, row: String(row[0]), column: p.columns[j] ?? '' })}
      />
    ) : (
      c
    )
  return (
    <section className={classes.figure} aria-label={p.title}>
      <Title order={2} size="h4">
        {p.title}
      </Title>
      {/* The table below is the chart's text alternative: the picture is hidden from screen readers, and its
          charts are built without recharts' keyboard layer (a focusable element inside aria-hidden is an axe failure). */}
      <div aria-hidden="true">{p.chart}</div>
      <details>
        <summary>{t('reports.tableView')}</summary>
        <DataTable caption={p.caption} columns={p.columns}>
          {p.rows.map((r, i) => (
            <Table.Tr key={i}>
              {r.map((c, j) =>
                j === 0 ? (
                  <Table.Th key={j} scope="row">
                    {show(c, r, j)}
                  </Table.Th>
                ) : (
                  <Table.Td key={j}>{show(c, r, j)}</Table.Td>
                )
              )}
            </Table.Tr>
          ))}
        </DataTable>
      </details>
    </section>
  )
}

function Stat(p: { label: string; value: string; hint?: string | undefined; onOpen: () => void }): ReactElement {
  const { t } = useTranslation()
  return (
    <div className={classes.stat}>
      <Text size="sm" c="dimmed">
        {p.label}
      </Text>
      <Anchor
        component="button"
        type="button"
        fz="xl"
        fw={700}
        onClick={p.onOpen}
        data-testid={`stat-${p.label}`}
        aria-label={t('reports.drillStat', { value: p.value, label: p.label })}
        className={classes.drill}
      >
        {p.value}
      </Anchor>
      {p.hint ? <Text size="xs">{p.hint}</Text> : null}
    </div>
  )
}

/**
 * The centre head's figures (issue 18): how much came in, what is decided and late, who holds what.
 * Computed by the workstation from its own database, so it works offline.
 */
export function ReportsScreen({ onDrill }: { onDrill: (slice: ReportSlice) => void }): ReactElement {
  const { t, i18n } = useTranslation()
  const en = i18n.language === 'en'
  const filters = useReports((s) => s.filters)
  const data = useReports((s) => s.data)
  const loading = useReports((s) => s.loading)
  const error = useReports((s) => s.error)
  const exporting = useReports((s) => s.exporting)
  const exported = useReports((s) => s.exported)
  const exportError = useReports((s) => s.exportError)
  const progress = useReports((s) => s.exportProgress)
  const [services, setServices] = useState<Service[]>([])

  useEffect(() => {
    void call('catalogue.list', {}).then((r) => {
      if (r.ok) setServices(r.value)
    })
  }, [])
  const categories = useMemo(() => [...new Set(services.map((s) => (en ? s.category_en : s.category_uk)))].sort(), [services, en])
  const idsOfCategory = (category: string): string[] =>
    services.filter((s) => s.category_uk === category || s.category_en === category).map((s) => s.id)

  useEffect(() => {
    void loadDashboard()
  }, [])

  const submit = (e: FormEvent): void => {
    e.preventDefault()
    void loadDashboard(idsOfCategory)
  }
  const date = (d: string): string => formatPlainDate(d, i18n.language)
  const num = (n: number | null): string => (n === null ? '—' : n.toLocaleString(en ? 'en-GB' : 'uk-UA'))
  const days = data?.days ?? []
  // The chart's axis gets a short name (one line); the table below it has the full one.
  const short = (name: string): string => (name.length > 38 ? `${name.slice(0, 37)}…` : name)
  // A slice of the figures on screen: the filter they were computed with, narrowed.
  const slice = (figure: ReportSlice['figure'], narrow: Partial<ReportSlice> = {}): ReportSlice => ({
    ...(data?.filter ?? { period: filters }),
    figure,
    ...narrow
  })
  const day = (d: string): Pick<ReportSlice, 'period'> => ({ period: { from: d, to: d } })
  const cell = (value: number, s: ReportSlice): Cell => ({ value, slice: s })
  // Counts of applications: whole numbers on the axis (not 0.5 or 2.25 of an application), written the Ukrainian way.
  const withMedian = (data?.services ?? []).filter((s) => s.medianWorkingDays !== null)
  const countAxis = { yAxisProps: { allowDecimals: false }, valueFormatter: (v: number) => num(v) }

  return (
    <ScreenFrame title={t('reports.title')} width={1280}>
      <Text size="sm" c="dimmed" maw={900}>
        {t('reports.intro')}
      </Text>

      <form onSubmit={submit} aria-label={t('reports.filters')} className={classes.filters}>
        <NativeSelect
          label={t('reports.period')}
          value={filters.preset}
          onChange={(e) => choosePreset(e.currentTarget.value as Preset)}
          data={PRESETS.map((p) => ({ value: p, label: t(`reports.preset.${p}`) }))}
        />
        <DateField label={t('reports.from')} value={filters.from} onChange={(v) => v && setFilters({ from: v, preset: 'custom' })} />
        <DateField label={t('reports.to')} value={filters.to} onChange={(v) => v && setFilters({ to: v, preset: 'custom' })} />
        <NativeSelect
          label={t('reports.service')}
          value={filters.serviceId}
          onChange={(e) => setFilters({ serviceId: e.currentTarget.value })}
          data={[{ value: '', label: t('reports.all') }, ...services.map((s) => ({ value: s.id, label: en ? s.name_en : s.name_uk }))]}
        />
        <NativeSelect
          label={t('reports.category')}
          value={filters.category}
          onChange={(e) => setFilters({ category: e.currentTarget.value })}
          data={[{ value: '', label: t('reports.all') }, ...categories.map((c) => ({ value: c, label: c }))]}
        />
        <NativeSelect
          label={t('reports.channel')}
          value={filters.channel}
          onChange={(e) => setFilters({ channel: e.currentTarget.value as 'portal' | 'walk_in' | '' })}
          data={[
            { value: '', label: t('reports.all') },
            { value: 'portal', label: t('reports.channels.portal') },
            { value: 'walk_in', label: t('reports.channels.walk_in') }
          ]}
        />
        <Button type="submit" loading={loading} className={classes.apply}>
          {t('reports.apply')}
        </Button>
      </form>

      {error ? (
        <Alert color="red" title={t('reports.error')} role="alert">
          {error.message}
        </Alert>
      ) : null}

      {data ? (
        <>
          <SimpleGrid cols={{ base: 2, md: 3, lg: 6 }} aria-label={t('reports.totals')} role="group">
            <Stat
              label={t('reports.stat.received')}
              value={num(data.totals.received)}
              onOpen={() => onDrill(slice('received'))}
              hint={
                data.totals.portalShare === null
                  ? undefined
                  : t('reports.stat.portalShare', { share: Math.round(data.totals.portalShare * 100) })
              }
            />
            <Stat label={t('reports.stat.decided')} value={num(data.totals.decided)} onOpen={() => onDrill(slice('decided'))} />
            <Stat label={t('reports.stat.withinTerm')} value={num(data.totals.withinTerm)} onOpen={() => onDrill(slice('within_term'))} />
            <Stat label={t('reports.stat.overdue')} value={num(data.totals.overdue)} onOpen={() => onDrill(slice('overdue'))} />
            <Stat label={t('reports.stat.pendingNow')} value={num(data.totals.pendingNow)} onOpen={() => onDrill(slice('pending_now'))} />
            <Stat label={t('reports.stat.overdueNow')} value={num(data.totals.overdueNow)} onOpen={() => onDrill(slice('overdue_now'))} />
          </SimpleGrid>

          <div className={classes.grid}>
            <Figure
              title={t('reports.chart.received')}
              caption={t('reports.chart.received')}
              chart={
                <BarChart
                  accessibilityLayer={false}
                  h={220}
                  type="stacked"
                  dataKey="date"
                  {...countAxis}
                  data={days.map((d) => ({ date: date(d.date), portal: d.received.portal, walk_in: d.received.walk_in }))}
                  series={[
                    { name: 'portal', label: t('reports.channels.portal'), color: 'blue.6' },
                    { name: 'walk_in', label: t('reports.channels.walk_in'), color: 'teal.6' }
                  ]}
                  withLegend
                />
              }
              columns={[t('reports.col.date'), t('reports.channels.portal'), t('reports.channels.walk_in')]}
              rows={days.map((d) => [
                date(d.date),
                cell(d.received.portal, slice('received', { ...day(d.date), channels: ['portal'] })),
                cell(d.received.walk_in, slice('received', { ...day(d.date), channels: ['walk_in'] }))
              ])}
              onDrill={onDrill}
            />
            <Figure
              title={t('reports.chart.decided')}
              caption={t('reports.chart.decided')}
              chart={
                <BarChart
                  accessibilityLayer={false}
                  h={220}
                  type="stacked"
                  dataKey="date"
                  {...countAxis}
                  data={days.map((d) => ({ date: date(d.date), ...d.decided }))}
                  series={[
                    { name: 'approved', label: t('reports.outcomes.approved'), color: 'green.7' },
                    { name: 'refused', label: t('reports.outcomes.refused'), color: 'red.7' },
                    { name: 'returned', label: t('reports.outcomes.returned'), color: 'gray.6' }
                  ]}
                  withLegend
                />
              }
              columns={[
                t('reports.col.date'),
                t('reports.outcomes.approved'),
                t('reports.outcomes.refused'),
                t('reports.outcomes.returned')
              ]}
              rows={days.map((d) => [
                date(d.date),
                cell(d.decided.approved, slice('decided', { ...day(d.date), outcome: 'approved' })),
                cell(d.decided.refused, slice('decided', { ...day(d.date), outcome: 'refused' })),
                cell(d.decided.returned, slice('decided', { ...day(d.date), outcome: 'returned' }))
              ])}
              onDrill={onDrill}
            />
            <Figure
              title={t('reports.chart.backlog')}
              caption={t('reports.chart.backlog')}
              chart={
                <LineChart
                  accessibilityLayer={false}
                  h={220}
                  dataKey="date"
                  {...countAxis}
                  data={days.map((d) => ({ date: date(d.date), backlog: d.backlog, overdue: d.overdue }))}
                  series={[
                    { name: 'backlog', label: t('reports.col.backlog'), color: 'indigo.6' },
                    { name: 'overdue', label: t('reports.col.overdue'), color: 'red.7', strokeDasharray: '5 5' }
                  ]}
                  withLegend
                  curveType="linear"
                />
              }
              columns={[t('reports.col.date'), t('reports.col.backlog'), t('reports.col.overdue')]}
              rows={days.map((d) => [
                date(d.date),
                cell(d.backlog, slice('backlog_at_end', day(d.date))),
                cell(d.overdue, slice('overdue_at_end', day(d.date)))
              ])}
              onDrill={onDrill}
            />
            <Figure
              title={t('reports.chart.processing')}
              caption={t('reports.chart.processing')}
              chart={
                // Only services with a median: one with no decision in the period has no time to draw (not a time of 0).
                withMedian.length > 0 ? (
                  <BarChart
                    accessibilityLayer={false}
                    h={Math.max(160, withMedian.length * 34)}
                    orientation="vertical"
                    dataKey="name"
                    yAxisProps={{ width: 240, interval: 0, tick: { fontSize: 11 } }}
                    valueFormatter={(v) => num(v)}
                    data={withMedian.map((s) => ({ name: short(en ? s.nameEn : s.nameUk), median: s.medianWorkingDays }))}
                    series={[{ name: 'median', label: t('reports.col.median'), color: 'violet.6' }]}
                  />
                ) : (
                  <Text size="sm" c="dimmed">
                    {t('reports.noMedian')}
                  </Text>
                )
              }
              columns={[
                t('reports.col.service'),
                t('reports.col.received'),
                t('reports.col.decided'),
                t('reports.col.withinTerm'),
                t('reports.col.overdue'),
                t('reports.col.median')
              ]}
              rows={data.services.map((s) => [
                en ? s.nameEn : s.nameUk,
                cell(s.received, slice('received', { serviceIds: [s.serviceId] })),
                cell(s.decided.approved + s.decided.refused + s.decided.returned, slice('decided', { serviceIds: [s.serviceId] })),
                cell(s.withinTerm, slice('within_term', { serviceIds: [s.serviceId] })),
                cell(s.overdue, slice('overdue', { serviceIds: [s.serviceId] })),
                num(s.medianWorkingDays)
              ])}
              onDrill={onDrill}
            />
            <Figure
              title={t('reports.chart.workload')}
              caption={t('reports.chart.workload')}
              chart={
                <BarChart
                  accessibilityLayer={false}
                  h={Math.max(160, data.workload.length * 36 + 80)}
                  orientation="vertical"
                  dataKey="name"
                  yAxisProps={{ width: 160, interval: 0 }}
                  xAxisProps={{ allowDecimals: false }}
                  valueFormatter={(v) => num(v)}
                  data={data.workload.map((w) => ({ name: w.name, pending: w.pending - w.overdue, overdue: w.overdue }))}
                  type="stacked"
                  series={[
                    { name: 'pending', label: t('reports.col.onTime'), color: 'blue.6' },
                    { name: 'overdue', label: t('reports.col.overdue'), color: 'red.7' }
                  ]}
                  withLegend
                />
              }
              columns={[t('reports.col.clerk'), t('reports.col.pending'), t('reports.col.overdue')]}
              rows={data.workload.map((w) => [
                w.name,
                cell(w.pending, slice('pending_now', { holderClerkIds: [w.clerkId] })),
                cell(w.overdue, slice('overdue_now', { holderClerkIds: [w.clerkId] }))
              ])}
              onDrill={onDrill}
            />
          </div>
        </>
      ) : null}

      <section aria-label={t('reports.export.title')} className={classes.figure}>
        <Title order={2} size="h4">
          {t('reports.export.title')}
        </Title>
        <Text size="sm">{t('reports.export.intro')}</Text>
        <Group mt="sm">
          <Button variant="default" disabled={exporting} onClick={() => void runExport('quarterly', 'xlsx', idsOfCategory)}>
            {t('reports.export.quarterlyXlsx')}
          </Button>
          <Button variant="default" disabled={exporting} onClick={() => void runExport('quarterly', 'csv', idsOfCategory)}>
            {t('reports.export.quarterlyCsv')}
          </Button>
          <Button variant="default" disabled={exporting} onClick={() => void runExport('open-data', 'csv', idsOfCategory)}>
            {t('reports.export.openData')}
          </Button>
        </Group>
        {exporting ? (
          <>
            <Progress
              value={progress && progress.total ? Math.min(100, Math.round((progress.done / progress.total) * 100)) : 100}
              animated={!progress?.total}
              striped={!progress?.total}
              mt="sm"
              aria-label={t('reports.export.running')}
            />
            {progress ? (
              <Text size="sm" mt={4}>
                {t('reports.export.progress', { done: progress.done, total: progress.total ?? '?' })}
              </Text>
            ) : null}
          </>
        ) : null}
        {exported ? (
          <Alert color="green" mt="sm" title={t('reports.export.done')} role="status">
            <Text size="sm">{exported.dir}</Text>
            <Text size="sm">{exported.filters}</Text>
            <ul>
              {exported.files.map((f) => (
                <li key={f.name}>
                  {t('reports.export.file', { name: f.name, rows: f.rows })}{' '}
                  <Anchor
                    component="button"
                    type="button"
                    size="sm"
                    aria-label={t('reports.export.downloadFile', { name: f.name })}
                    onClick={() =>
                      void downloadExportFile(f.name).then((r) => {
                        if (!r.ok) notifyError(r.error, t('reports.export.downloadFailed', { name: f.name }))
                      })
                    }
                  >
                    {t('reports.export.download')}
                  </Anchor>
                </li>
              ))}
            </ul>
          </Alert>
        ) : null}
        {exportError ? (
          <Alert color="red" mt="sm" title={t('reports.export.failed')} role="alert">
            {exportError.message}
          </Alert>
        ) : null}
      </section>
    </ScreenFrame>
  )
}
