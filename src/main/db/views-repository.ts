import { queueViewSchema, type QueueView, type SavedQueueView } from '../../shared/queue'
import { prepared, type Db } from './sql'

/** A clerk's saved queue views, by name. */
export function listViews(db: Db, clerkId: string): SavedQueueView[] {
  return prepared<{ id: string; name: string; view_json: string; updated_at: string }>(
    db,
    'SELECT id, name, view_json, updated_at FROM queue_views WHERE clerk_id = ? ORDER BY name'
  )
    .all(clerkId)
    .flatMap((r) => {
      // A view saved by a newer version with a filter this one does not know is left out, not fatal.
      const view = queueViewSchema.safeParse(JSON.parse(r.view_json))
      return view.success ? [{ id: r.id, name: r.name, view: view.data, updatedAt: r.updated_at }] : []
    })
}

/** Saves a view under its name; saving the same name again replaces it (and keeps its id). */
export function saveView(db: Db, clerkId: string, id: string, name: string, view: QueueView, now: string): SavedQueueView {
  const row = prepared<{ id: string }>(
    db,
    `INSERT INTO queue_views (id, clerk_id, name, view_json, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT(clerk_id, name) DO UPDATE SET view_json = excluded.view_json, updated_at = excluded.updated_at
     RETURNING id`
  ).get(id, clerkId, name, JSON.stringify(view), now)
  return { id: row?.id ?? id, name, view, updatedAt: now }
}

/** False when the clerk has no view with this id (another clerk's views are out of reach). */
export function deleteView(db: Db, clerkId: string, id: string): boolean {
  return prepared(db, 'DELETE FROM queue_views WHERE id = ? AND clerk_id = ?').run(id, clerkId).changes === 1
}
