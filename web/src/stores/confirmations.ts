import { reactive } from 'vue'
import { ApiError, type ApiClient } from '../api/client'
import type { PushEvent } from '../api/events'

/** An action a tool waits for the owner to approve (the terminal tool's commands). */
export interface Confirmation {
  id: string
  tool: string
  command: string
  args: string[]
  cwd: string
  risk: string
  reason: string
  expires_at: string
}

/** Reads a confirmation from a `confirmation_request` push or a `GET /api/confirmations` row; null when it is not one. */
export function readConfirmation(data: Record<string, unknown>): Confirmation | null {
  if (typeof data.id !== 'string' || typeof data.command !== 'string' || typeof data.expires_at !== 'string') return null
  return {
    id: data.id,
    tool: String(data.tool ?? ''),
    command: data.command,
    args: Array.isArray(data.args) ? data.args.map(String) : [],
    cwd: String(data.cwd ?? ''),
    risk: String(data.risk ?? ''),
    reason: String(data.reason ?? ''),
    expires_at: data.expires_at,
  }
}

/** Whole seconds left before the request is refused on its own (never negative). */
export function secondsLeft(item: Confirmation, now: number): number {
  return Math.max(0, Math.round((Date.parse(item.expires_at) - now) / 1000))
}

/**
 * The confirmations waiting for an answer, oldest first: filled from the events channel and from
 * `GET /api/confirmations` (a page opened after the push), answered with `POST /api/confirmations/{id}`. A 409 (already
 * answered elsewhere, or expired) drops the request and says so; expired ones drop on their own.
 */
export function createConfirmationStore(api: ApiClient, clock: () => number = Date.now) {
  const state = reactive({ items: [] as Confirmation[], notice: '', error: '', busy: false })

  function add(item: Confirmation): void {
    if (secondsLeft(item, clock()) <= 0 || state.items.some((i) => i.id === item.id)) return
    state.items.push(item)
    state.items.sort((a, b) => Date.parse(a.expires_at) - Date.parse(b.expires_at))
  }

  function drop(id: string): void {
    const index = state.items.findIndex((i) => i.id === id)
    if (index >= 0) state.items.splice(index, 1)
  }

  return {
    state,
    /** Takes a push of the events channel (other kinds are ignored). */
    receive(event: PushEvent): void {
      if (event.kind !== 'confirmation_request') return
      const item = readConfirmation(event.data)
      if (item) add(item)
    },
    /** Reads the pending list from the server (it holds only the ones still waiting). */
    async refresh(): Promise<void> {
      const rows = await api.get<Array<Record<string, unknown>>>('/api/confirmations')
      const pending = new Set<string>()
      for (const row of rows) {
        const item = readConfirmation(row)
        if (item) {
          pending.add(item.id)
          add(item)
        }
      }
      for (const item of [...state.items]) if (!pending.has(item.id)) drop(item.id)
    },
    /** Drops the requests whose time ran out (the server has refused them). */
    prune(): void {
      const now = clock()
      for (const item of [...state.items]) if (secondsLeft(item, now) <= 0) drop(item.id)
    },
    /** Approves or denies one; true when the server took the answer. */
    async answer(id: string, approved: boolean): Promise<boolean> {
      state.busy = true
      state.error = ''
      state.notice = ''
      try {
        await api.post(`/api/confirmations/${encodeURIComponent(id)}`, { approved })
        drop(id)
        return true
      } catch (error) {
        if (error instanceof ApiError && (error.status === 409 || error.status === 404)) {
          drop(id)
          state.notice = error.detail ?? error.title
        } else {
          state.error = (error as Error).message
        }
        return false
      } finally {
        state.busy = false
      }
    },
  }
}

export type ConfirmationStore = ReturnType<typeof createConfirmationStore>
