import { describe, expect, it } from 'vitest'
import { ApiClient, ApiError } from '../src/api/client'
import { cursorAfter, emptyFilters, filterParams, listUrl, searchUrl } from '../src/api/memory'
import { createMaintenanceProgress } from '../src/stores/maintenance'
import { createPushStore } from '../src/stores/pushes'
import type { PushEvent } from '../src/api/events'

describe('memory filters', () => {
  it('sends only what is set, with clean comma lists', () => {
    expect(filterParams(emptyFilters()).toString()).toBe('')
    const params = filterParams({ dateStart: '2026-01-02', dateEnd: '', types: ' event ,fact,', tags: 'tea，cats', archived: 'only' })
    expect(Object.fromEntries(params)).toEqual({ date_start: '2026-01-02', type: 'event,fact', tags: 'tea,cats', archived: 'only' })
  })

  it('pages by keyset cursor and searches with the filters', () => {
    expect(cursorAfter({ timestamp: 1700000000000, id: 42 })).toBe('1700000000000:42')
    expect(listUrl(emptyFilters(), 51)).toBe('/api/memories/list?limit=51')
    expect(listUrl({ ...emptyFilters(), archived: 'include' }, 51, '17:3')).toBe('/api/memories/list?archived=include&limit=51&before=17%3A3')
    expect(searchUrl('猫 & tea', { ...emptyFilters(), tags: 'a' }, 20, 'activation')).toBe(
      '/api/memories/activation?tags=a&q=%E7%8C%AB+%26+tea&limit=20',
    )
  })
})

describe('api client files', () => {
  it('uploads a body with its media type and reads a 422 report as an answer', async () => {
    const seen: Array<{ url: string; init: RequestInit }> = []
    const api = new ApiClient({
      getKey: () => 'k',
      fetchImpl: async (url, init) => {
        seen.push({ url: String(url), init: init! })
        return new Response(JSON.stringify({ status: 'partial', written: 1, skipped: 1, errors: ['line 2: bad'] }), { status: 422 })
      },
    })
    const answer = await api.upload<{ errors: string[] }>('/api/import', '{"content":"a"}\nx\n', 'application/x-ndjson', [422])
    expect(answer.status).toBe(422)
    expect(answer.body.errors).toEqual(['line 2: bad'])
    expect(seen[0].init.headers).toEqual({ 'Content-Type': 'application/x-ndjson', Authorization: 'Bearer k' })
    expect(seen[0].init.body).toBe('{"content":"a"}\nx\n')
  })

  it('turns other statuses into problems and downloads with the server-given name', async () => {
    const api = new ApiClient({
      getKey: () => null,
      fetchImpl: async (url) =>
        String(url).endsWith('/api/import')
          ? new Response(JSON.stringify({ title: 'JSON Lines required', detail: 'send ndjson' }), { status: 415 })
          : new Response('{"a":1}\n', { status: 200, headers: { 'Content-Disposition': "attachment; filename=perocore-export-1.jsonl; filename*=UTF-8''perocore-export-1.jsonl" } }),
    })
    await expect(api.upload('/api/import', 'x', 'text/plain')).rejects.toBeInstanceOf(ApiError)
    const file = await api.download('/api/export')
    expect(file.fileName).toBe('perocore-export-1.jsonl')
    expect(await file.blob.text()).toBe('{"a":1}\n')
  })
})

const secretary = (id: number, data: Record<string, unknown>): PushEvent => ({ id, kind: 'secretary', data, created_at: '' })

describe('maintenance progress', () => {
  it('follows a run from started through its steps to completed', () => {
    const progress = createMaintenanceProgress()
    expect(progress.receive(secretary(1, { phase: 'started', record_id: 7, steps: ['dedupe', 'tag', 'clean'] }))).toBe(true)
    expect(progress.state).toMatchObject({ running: true, done: 0, total: 3, current: 'dedupe', recordId: 7 })
    progress.receive(secretary(2, { phase: 'step', record_id: 7, index: 1, total: 3, result: { step: 'dedupe', status: 'applied', count: 2 } }))
    expect(progress.state).toMatchObject({ done: 1, current: 'tag' })
    expect(progress.state.finished.map((r) => r.step)).toEqual(['dedupe'])
    // An event of another run is ignored while one is followed.
    expect(progress.receive(secretary(3, { phase: 'step', record_id: 6, index: 3, total: 3 }))).toBe(false)
    progress.receive(secretary(4, { phase: 'completed', record_id: 7 }))
    expect(progress.state).toMatchObject({ running: false, done: 3, current: null, phase: 'completed' })
  })

  it('follows a run already running when the page opened, and ignores other kinds', () => {
    const progress = createMaintenanceProgress()
    expect(progress.receive({ id: 1, kind: 'reminder', data: {}, created_at: '' })).toBe(false)
    progress.follow(9)
    expect(progress.state.running).toBe(true)
    progress.receive(secretary(5, { phase: 'step', record_id: 9, index: 2, total: 4 }))
    expect(progress.state).toMatchObject({ done: 2, total: 4 })
    progress.receive(secretary(6, { phase: 'interrupted', record_id: 9 }))
    expect(progress.state.running).toBe(false)
  })

  it('gets every secretary event from the push store, which notifies only the end of a run', () => {
    const pushes = createPushStore()
    const progress = createMaintenanceProgress()
    const stop = pushes.listen((e) => progress.receive(e))
    pushes.receive(secretary(1, { phase: 'started', record_id: 3, steps: ['a'] }))
    expect(progress.state.running).toBe(true)
    expect(pushes.state.unread).toBe(0)
    pushes.receive(secretary(2, { phase: 'completed', record_id: 3 }))
    expect(progress.state.running).toBe(false)
    expect(pushes.state.unread).toBe(1)
    stop()
    pushes.receive(secretary(3, { phase: 'started', record_id: 4, steps: ['a'] }))
    expect(progress.state.recordId).toBe(3)
  })
})

describe('maintenance progress after the end', () => {
  it('ignores late events of a finished run', () => {
    const progress = createMaintenanceProgress()
    progress.receive(secretary(1, { phase: 'started', record_id: 5, steps: ['a', 'b'] }))
    progress.finish(5)
    expect(progress.state.running).toBe(false)
    expect(progress.receive(secretary(2, { phase: 'step', record_id: 5, index: 1, total: 2 }))).toBe(false)
    expect(progress.state.running).toBe(false)
  })
})

describe('graph merge', () => {
  it('adds the activation nodes and edges the view lacks, once', async () => {
    const { mergeGraph } = await import('../src/api/graph')
    const node = (id: string) => ({ id, name: id, full_content: id, category: 'event', realTime: '' })
    const merged = mergeGraph(
      { nodes: [node('1'), node('2')], edges: [{ source: '1', target: '2', relation_type: 'temporal' }] },
      { nodes: [node('2'), node('3'), node('3')], edges: [{ source: '1', target: '2', relation_type: 'temporal' }, { source: '2', target: '3', relation_type: 'similar' }] },
    )
    expect(merged.nodes.map((n) => n.id)).toEqual(['1', '2', '3'])
    expect(merged.edges.map((e) => `${e.source}-${e.target}`)).toEqual(['1-2', '2-3'])
  })
})
