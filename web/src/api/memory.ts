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
