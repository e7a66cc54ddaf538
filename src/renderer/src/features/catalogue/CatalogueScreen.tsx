import { Button, FileButton, Group, Stack, Table, Tabs, Text, Title, VisuallyHidden } from '@mantine/core'
import { useEffect, useState, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { CARD_STAGES, type CardStage } from '../../../../shared/catalogue/card'
import type { CatalogueList } from '../../../../shared/catalogue/contract'
import { STAGE_LABELS } from '../../../../shared/catalogue/lifecycle'
import { MAX_CARD_FILE_CHARS } from '../../../../shared/catalogue-editor-contract'
import { catalogueRefusal } from '../../../../shared/domain/roles'
import type { ClerkSession } from '../../../../shared/session'
import { Notice } from '../../components/Notice'
import { PasswordGate } from '../../components/PasswordGate'
import { ScreenFrame } from '../../components/ScreenFrame'
import { formatDate } from '../../lib/format'
import { CardEditor } from './CardEditor'
import { importFile, newService, openCatalogue, openVersion, resetCatalogueStore, useCatalogue } from './catalogue-store'
import classes from './Catalogue.module.css'

/*
 * «Послуги» (issue 17 item 3): the centre's service cards by stage with the seed's progress line
 * («N опубліковано · M у тестуванні · K чернеток», countsLineUk — the portal computes it), and the
 * card editor. For administrators (supervisors see and export); the cards live on the portal, so
 * the screen opens with the person's password, and without the portal it says so — nothing else
 * on the workstation needs it.
 */

export function CatalogueScreen({ clerk }: { clerk: ClerkSession | null }): ReactElement {
  const { t } = useTranslation()
  const list = useCatalogue((s) => s.list)
  const open = useCatalogue((s) => s.open)
  // Leaving the screen (or signing out) forgets the password and everything read with it.
  useEffect(() => () => resetCatalogueStore(), [])

  if (!clerk || catalogueRefusal(clerk.role, 'view') !== null) {
    return (
      <ScreenFrame title={t('catalogue.title')} width={900}>
        <Notice kind="error" role="alert" title={t('errors.forbidden')}>
          {t('catalogue.forbidden')}
        </Notice>
      </ScreenFrame>
    )
  }
  return (
    <Stack gap="lg" maw={1400} className={classes.screen}>
      <div>
        <Title order={1} size="h2" tabIndex={-1}>
          {t('catalogue.title')}
        </Title>
        <Text size="sm" c="dimmed" maw={900} mt={4}>
          {clerk.role === 'admin' ? t('catalogue.introAdmin') : t('catalogue.introSupervisor')}
        </Text>
      </div>
      {!list ? (
        <OpenForm />
      ) : open ? (
        <CardEditor role={clerk.role} />
      ) : (
        <VersionList list={list} canEdit={catalogueRefusal(clerk.role, 'edit') === null} />
      )}
    </Stack>
  )
}

function OpenForm(): ReactElement {
  const { t } = useTranslation()
  const loading = useCatalogue((s) => s.loading)
  const error = useCatalogue((s) => s.listError)
  return (
    <PasswordGate
      id="catalogue-open"
      title={t('catalogue.open.title')}
      hint={t('catalogue.open.hint')}
      submitLabel={t('catalogue.open.submit')}
      loading={loading}
      error={error}
      onOpen={openCatalogue}
    />
  )
}

type Filter = 'all' | CardStage

function VersionList({ list, canEdit }: { list: CatalogueList; canEdit: boolean }): ReactElement {
  const { t, i18n } = useTranslation()
  const lang = i18n.language === 'en' ? 'en' : 'uk'
  const busy = useCatalogue((s) => s.busy)
  const actionError = useCatalogue((s) => s.actionError)
  const [filter, setFilter] = useState<Filter>('all')
  const [fileError, setFileError] = useState<string | null>(null)
  const countOf = (s: CardStage): number => list.versions.filter((v) => v.stage === s).length
  const rows = list.versions.filter((v) => filter === 'all' || v.stage === filter)
  const order: Record<CardStage, number> = { published: 0, testing: 1, draft: 2, withdrawn: 3 }
  const sorted = [...rows].sort((a, b) => order[a.stage] - order[b.stage] || a.name_uk.localeCompare(b.name_uk, 'uk'))

  const onFile = async (file: File | null): Promise<void> => {
    setFileError(null)
    if (!file) return
    if (file.size > MAX_CARD_FILE_CHARS) {
      setFileError(t('catalogue.import.tooLarge'))
      return
    }
    await importFile(await file.text())
  }

  return (
    <Stack gap="md">
      <Text className={classes.counts} data-testid="counts-line">
        {lang === 'en'
          ? t('catalogue.countsLine', { published: list.counts.published, testing: list.counts.testing, draft: list.counts.draft })
          : list.countsLine}
      </Text>
      {canEdit ? (
        <Group gap="sm">
          <Button onClick={newService}>{t('catalogue.actions.new')}</Button>
          <FileButton onChange={(f) => void onFile(f)} accept="application/json,.json">
            {(props) => (
              <Button variant="light" loading={busy} {...props}>
                {t('catalogue.actions.import')}
              </Button>
            )}
          </FileButton>
        </Group>
      ) : null}
      {fileError || actionError ? (
        <Notice kind="error" role="alert" title={actionError ? t(`errors.${actionError.code}`) : t('errors.invalid_input')}>
          {fileError ?? actionError?.message}
        </Notice>
      ) : null}
      <Tabs value={filter} onChange={(v) => setFilter((v as Filter | null) ?? 'all')} keepMounted={false}>
        <Tabs.List aria-label={t('catalogue.list.byStage')}>
          <Tabs.Tab value="all">{t('catalogue.list.all', { count: list.versions.length })}</Tabs.Tab>
          {CARD_STAGES.map((s) => (
            <Tabs.Tab key={s} value={s}>
              {`${STAGE_LABELS[s][lang]} (${countOf(s)})`}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      {sorted.length === 0 ? (
        <Text size="sm">{t('catalogue.list.empty')}</Text>
      ) : (
        <Table striped highlightOnHover aria-label={t('catalogue.list.label')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('catalogue.list.name')}</Table.Th>
              <Table.Th scope="col">{t('catalogue.list.stage')}</Table.Th>
              <Table.Th scope="col">{t('catalogue.list.version')}</Table.Th>
              <Table.Th scope="col">{t('catalogue.list.updated')}</Table.Th>
              <Table.Th scope="col">{t('catalogue.list.errors')}</Table.Th>
              <Table.Th scope="col">
                <VisuallyHidden>{t('catalogue.list.open')}</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {sorted.map((v) => {
              const name = lang === 'en' ? v.name_en || v.name_uk : v.name_uk
              return (
                <Table.Tr key={`${v.serviceId}-${v.version}`}>
                  <Table.Th scope="row" fw={500}>
                    {name}
                    <Text size="xs" c="dimmed">
                      {v.serviceId}
                    </Text>
                  </Table.Th>
                  <Table.Td>
                    {STAGE_LABELS[v.stage][lang]}
                    {v.live ? ` · ${t('catalogue.live')}` : ''}
                  </Table.Td>
                  <Table.Td>{v.version}</Table.Td>
                  <Table.Td>{formatDate(v.updatedAt, i18n.language)}</Table.Td>
                  <Table.Td>{v.publicationErrors === 0 ? '—' : v.publicationErrors}</Table.Td>
                  <Table.Td>
                    <Button
                      size="xs"
                      variant="default"
                      onClick={() => void openVersion(v.serviceId, v.version)}
                      aria-label={t('catalogue.list.openNamed', { name, version: v.version })}
                    >
                      {t('catalogue.list.open')}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              )
            })}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  )
}
