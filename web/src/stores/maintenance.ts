import { reactive } from 'vue'
import type { PushEvent } from '../api/events'

/** One step's outcome as the secretary reports it in a `step` event. */
export interface StepResult {
  step: string
  status: string
  count?: number
  message?: string | null
}

/**
 * The progress of a running secretary run, built from the events channel's `secretary` events: `started` (with the
 * step names), `step` (index n of total, the step just finished), then `completed`, `interrupted` or `undone`.
 */
export function createMaintenanceProgress() {
  const state = reactive({
    recordId: null as number | null,
    running: false,
    steps: [] as string[],
    done: 0,
    total: 0,
    current: null as string | null,
    finished: [] as StepResult[],
    phase: '' as string,
  })
  // Runs known to be over: their late or replayed events never make the page think they run again.
  const closed = new Set<number>()

  function receive(event: PushEvent): boolean {
    if (event.kind !== 'secretary') return false
    const data = event.data
    const phase = String(data.phase ?? '')
    const recordId = typeof data.record_id === 'number' ? data.record_id : null
    if (recordId !== null && closed.has(recordId)) return false
    if (phase === 'started') {
      const steps = Array.isArray(data.steps) ? data.steps.map(String) : []
      Object.assign(state, { recordId, running: true, steps, done: 0, total: steps.length, current: steps[0] ?? null, finished: [], phase })
      return true
    }
    // Events of another run than the one followed (an old replayed one) are ignored, unless none is followed yet.
    if (state.recordId !== null && recordId !== state.recordId) return false
    if (phase === 'step') {
      const index = Number(data.index ?? 0)
      const total = Number(data.total ?? state.total)
      if (state.recordId === null) state.recordId = recordId
      state.running = true
      state.done = Math.max(state.done, index)
      state.total = total
      state.current = state.steps[index] ?? null
      const result = data.result as StepResult | undefined
      if (result && typeof result.step === 'string' && !state.finished.some((r) => r.step === result.step)) state.finished.push(result)
      state.phase = phase
      return true
    }
    if (phase === 'completed' || phase === 'interrupted') {
      if (state.recordId === null) return false
      closed.add(state.recordId)
      state.running = false
      state.current = null
      if (phase === 'completed') state.done = state.total
      state.phase = phase
      return true
    }
    return false
  }

  /** Follows a run known to be running (from the records list) before any of its events arrived. */
  function follow(recordId: number): void {
    if (state.recordId === recordId && state.running) return
    Object.assign(state, { recordId, running: true, steps: [], done: 0, total: 0, current: null, finished: [], phase: 'running' })
  }

  /** Marks a run over (its POST answered, or the records list says it is no longer running). */
  function finish(recordId: number): void {
    closed.add(recordId)
    if (state.recordId !== recordId) return
    state.running = false
    state.current = null
    state.done = state.total
    state.phase = 'completed'
  }

  function reset(): void {
    Object.assign(state, { recordId: null, running: false, steps: [], done: 0, total: 0, current: null, finished: [], phase: '' })
  }

  return { state, receive, follow, finish, reset }
}

export type MaintenanceProgress = ReturnType<typeof createMaintenanceProgress>
