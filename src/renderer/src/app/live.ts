import { startApplicationUpdates } from '../features/application/application-store'
import { showArrivalToast } from '../features/queue/arrival-toast'
import { startLiveUpdates } from '../features/queue/queue-store'
import { onSessionChange } from '../features/session/session-store'
import { adoptLanguage } from '../features/settings/settings-store'
import { loadStatus, startSyncUpdates } from '../features/sync-status/sync-store'
import { loadAppInfo } from './app-info-store'
import { navigate, startRouting } from './routes'

/**
 * Wires the features to the back end's events once, for the whole life of the window: the
 * features never import each other, so this is where "a new application arrived" meets the toast,
 * and where the language the back end remembers reaches the settings.
 */
export function startLive(): () => void {
  let lastClerkId: string | null = null
  const stops = [
    startRouting(),
    startSyncUpdates(),
    startLiveUpdates({ onArrived: showArrivalToast }),
    startApplicationUpdates(),
    // Someone signed in, out or unlocked: the header's clerk and the sync figures are read again
    // (they were refused while nobody was signed in or the desk was locked).
    onSessionChange((session) => {
      void loadAppInfo()
      if (session.clerk && !session.locked) void loadStatus()
      // Another clerk at the desk starts at the queue, not on the application the last one had open.
      const id = session.clerk?.clerkId ?? null
      if (id !== null && lastClerkId !== null && id !== lastClerkId) navigate({ name: 'queue' })
      if (id !== null) lastClerkId = id
    })
  ]
  void loadAppInfo().then((info) => {
    if (info) adoptLanguage(info.language)
  })
  return () => {
    for (const stop of stops) stop()
  }
}
