/** A memory as the API returns it (the original's keys). */
export interface Memory {
  id: number
  content: string
  tags: string
  clusters: string | null
  importance: number
  access_count: number
  timestamp: number
  realTime: string
  type: string
  source: string
  sentiment: string
  archived?: boolean
}

export interface SearchHit {
  memory: Memory
  score: { semantic: number; lexical: number; activation: number; importance: number; recency: number; final: number }
  is_candidate: boolean
}

/** Splits the tags field of a memory ("a,b" or "a，b") into a clean list. */
export function splitTags(tags: string | null | undefined): string[] {
  return (tags ?? '')
    .split(/[,，、]/)
    .map((t) => t.trim())
    .filter((t) => t.length > 0)
}

/** The dashboard's memory filters (empty strings mean "not set"). */
export interface MemoryFilters {
  dateStart: string
  dateEnd: string
  types: string
  tags: string
  archived: 'exclude' | 'include' | 'only'
}

export const emptyFilters = (): MemoryFilters => ({ dateStart: '', dateEnd: '', types: '', tags: '', archived: 'exclude' })

/** The query string of the filters (only what is set), as `GET /api/memories/list`, `/search` and `/activation` read it. */
export function filterParams(filters: MemoryFilters): URLSearchParams {
  const params = new URLSearchParams()
  if (filters.dateStart) params.set('date_start', filters.dateStart)
  if (filters.dateEnd) params.set('date_end', filters.dateEnd)
  const types = splitTags(filters.types)
  if (types.length) params.set('type', types.join(','))
  const tags = splitTags(filters.tags)
  if (tags.length) params.set('tags', tags.join(','))
  if (filters.archived !== 'exclude') params.set('archived', filters.archived)
  return params
}

/** The keyset cursor of the page after `last` (the last memory shown): `TIMESTAMP:ID`. */
export function cursorAfter(last: Pick<Memory, 'timestamp' | 'id'>): string {
  return `${last.timestamp}:${last.id}`
}

/** `GET /api/memories/list` for one page: `limit` rows, after the cursor when one is given. */
export function listUrl(filters: MemoryFilters, limit: number, before: string | null = null): string {
  const params = filterParams(filters)
  params.set('limit', String(limit))
  if (before) params.set('before', before)
  return `/api/memories/list?${params}`
}

/** `GET /api/memories/search` (or `/activation`) for a query with the filters. */
export function searchUrl(query: string, filters: MemoryFilters, limit: number, path: 'search' | 'activation' = 'search'): string {
  const params = filterParams(filters)
  params.set('q', query)
  params.set('limit', String(limit))
  return `/api/memories/${path}?${params}`
}

/** What `POST /api/import` answered (200, or 422 when some lines were skipped). */
export interface ImportSummary {
  status: string
  format: string
  written: number
  memories: number
  already_present: number
  skipped: number
  errors: string[]
}
