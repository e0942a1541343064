import { reactive } from 'vue'
import type { PushEvent } from '../api/events'

/** The kinds shown to the owner as notifications (pet state changes update the avatar instead). */
export const NotifiedKinds = ['reminder', 'companion_message', 'secretary', 'task_result', 'confirmation_request']

/** Pushes received while the dashboard is open, newest first, with an unread count. */
export function createPushStore() {
  const state = reactive({ items: [] as PushEvent[], unread: 0, lastId: 0 })
  const listeners = new Set<(event: PushEvent) => void>()
  return {
    state,
    /** Calls `listener` with every event received (any kind or phase) until the returned function is called. */
    listen(listener: (event: PushEvent) => void): () => void {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    receive(event: PushEvent): void {
      if (state.items.some((e) => e.id === event.id)) return
      for (const listener of listeners) listener(event)
      state.lastId = Math.max(state.lastId, event.id)
      if (!NotifiedKinds.includes(event.kind)) return
      // The secretary reports each step as it goes; only the end of a run (or its undo) is news for the owner.
      if (event.kind === 'secretary' && !['completed', 'interrupted', 'undone'].includes(String(event.data.phase ?? 'completed'))) return
      state.items.unshift(event)
      state.unread++
      if (state.items.length > 200) state.items.length = 200
    },
    /** Marks everything read locally; returns the id to send as `up_to`, or null when nothing was unread. */
    markAllRead(): number | null {
      if (state.unread === 0) return null
      state.unread = 0
      return state.lastId
    },
  }
}

export type PushStore = ReturnType<typeof createPushStore>
export const pushes = createPushStore()
