import type { ApplicationRecord } from '../../../../../shared/domain/application'

/*
 * The application's action dialogs, one per file in this folder, each an ActionModal
 * (components/ActionModal.tsx) around its fields that sends one command (use-send.ts). A dialog
 * keeps what was typed when the back end refuses, and when it is closed and opened again; only
 * success clears it.
 */

export type DialogKind = 'request_correction' | 'forward' | 'decide' | 'issue_result' | 'force_release' | 'reissue_access_code' | 'reassign'

export interface DialogProps {
  record: ApplicationRecord
  opened: boolean
  onClose: () => void
}
