import { Button, Text } from '@mantine/core'
import { useState, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import type { ApplicationDetail } from '../../../../shared/contract'
import type { ClerkSession } from '../../../../shared/session'
import type { CommandType } from '../../../../shared/domain/commands'
import { CorrectionDialog } from './dialogs/CorrectionDialog'
import { DecideDialog } from './dialogs/DecideDialog'
import type { DialogKind } from './dialogs/dialog-props'
import { ForceReleaseDialog } from './dialogs/ForceReleaseDialog'
import { ForwardDialog } from './dialogs/ForwardDialog'
import { IssueDialog } from './dialogs/IssueDialog'
import { ReassignDialog } from './dialogs/ReassignDialog'
import { ReissueCodeDialog } from './dialogs/ReissueCodeDialog'
import classes from './ApplicationScreen.module.css'
import { submitCommand, useApplication } from './application-store'
import { notify, notifyError } from '../../lib/notify'

export type ActionKey = 'claim' | 'release' | DialogKind

export const ACTION_COMMAND: Record<ActionKey, CommandType> = {
  claim: 'claim',
  release: 'release',
  request_correction: 'request_correction',
  forward: 'forward',
  decide: 'decide',
  issue_result: 'issue_result',
  force_release: 'release',
  reissue_access_code: 'reissue_access_code',
  reassign: 'reassign'
}

export const isSupervisor = (clerk: ClerkSession | null): boolean => clerk?.role === 'supervisor' || clerk?.role === 'admin'

export function Actions({
  detail,
  clerk,
  receiptHref
}: {
  detail: ApplicationDetail
  clerk: ClerkSession | null
  /** The receipt's print page: a new access code prints on it. */
  receiptHref: string | null
}): ReactElement {
  const { t } = useTranslation()
  const submitting = useApplication((s) => s.submitting)
  const [dialog, setDialog] = useState<DialogKind | null>(null)
  const { record } = detail
  const applicationId = record.id
  const holderIsOther = record.holder !== null && record.holder.clerkId !== clerk?.clerkId

  const run = async (type: 'claim' | 'release'): Promise<void> => {
    const result =
      type === 'claim'
        ? await submitCommand({ type: 'claim', applicationId, payload: {} })
        : await submitCommand({ type: 'release', applicationId, payload: { force: false, reason: '' } })
    if (result.ok) notify(t(type === 'claim' ? 'application.actions.claimed' : 'application.actions.released'))
    else notifyError(result.error, t('application.actions.failed'))
  }

  const reasonOf = (key: ActionKey): string | null => {
    if (key === 'force_release') {
      if (!record.holder) return t('review.forceRelease.nobody')
      if (!holderIsOther) return t('review.forceRelease.yours')
      return null
    }
    return detail.actions[ACTION_COMMAND[key]]
  }

  const keys: ActionKey[] = ['claim', 'release', 'request_correction', 'forward', 'decide', 'issue_result']
  if (isSupervisor(clerk)) keys.push('force_release', 'reassign')
  keys.push('reissue_access_code')

  return (
    <section aria-labelledby="actions-title" className={classes.actions}>
      <h2 id="actions-title" className={classes.visuallyHidden}>
        {t('application.actions.title')}
      </h2>
      {keys.map((key) => {
        const reason = reasonOf(key)
        const reasonId = `action-reason-${key}`
        const direct = key === 'claim' || key === 'release'
        return (
          <div key={key} className={classes.action}>
            <Button
              variant={key === 'claim' ? 'filled' : 'default'}
              disabled={reason !== null || submitting !== null}
              loading={direct && submitting === key}
              aria-describedby={reason ? reasonId : undefined}
              aria-haspopup={direct ? undefined : 'dialog'}
              onClick={() => (direct ? void run(key) : setDialog(key))}
            >
              {key === 'claim' || key === 'release' ? t(`command.${key}`) : t(`review.actions.${key}`)}
            </Button>
            {/* A disabled button cannot be focused, so its reason is visible text, not a tooltip. */}
            {reason ? (
              <Text size="sm" id={reasonId} className={classes.reason}>
                {reason}
              </Text>
            ) : null}
          </div>
        )
      })}
      <CorrectionDialog record={record} opened={dialog === 'request_correction'} onClose={() => setDialog(null)} />
      <ForwardDialog record={record} opened={dialog === 'forward'} onClose={() => setDialog(null)} />
      <DecideDialog record={record} service={detail.service} opened={dialog === 'decide'} onClose={() => setDialog(null)} />
      <IssueDialog record={record} opened={dialog === 'issue_result'} onClose={() => setDialog(null)} />
      {isSupervisor(clerk) ? (
        <ForceReleaseDialog record={record} opened={dialog === 'force_release'} onClose={() => setDialog(null)} />
      ) : null}
      {isSupervisor(clerk) ? <ReassignDialog record={record} opened={dialog === 'reassign'} onClose={() => setDialog(null)} /> : null}
      <ReissueCodeDialog
        record={record}
        opened={dialog === 'reissue_access_code'}
        onClose={() => setDialog(null)}
        receiptHref={receiptHref}
      />
    </section>
  )
}
