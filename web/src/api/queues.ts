/** One vector index's size: live vectors, in the HNSW graph, waiting for it, removed but not cleaned up, memory used. */
export interface IndexSize {
  count: number
  indexed: number
  pending: number
  stale: number
  memory_bytes: number
}

/** `GET /api/queues`: the background work waiting now and the index sizes. */
export interface Queues {
  idle: boolean
  scorer: { pending: number; processing: number; failed: number }
  linking: { pending: number }
  reembed: { pending: number }
  index: { memory: IndexSize; tags: IndexSize; unaudited: number; orphans: number; graph_nodes: number }
  events: { total: number; unread: number; clients: number }
}

/** One row of the status page's queue table: what waits, how many, and whether it counts as background work. */
export interface QueueRow {
  key: 'scorer' | 'linking' | 'index' | 'reembed' | 'events'
  waiting: number
  detail: Record<string, number>
}

/** The rows the status page shows, in a fixed order. */
export function queueRows(q: Queues): QueueRow[] {
  return [
    { key: 'scorer', waiting: q.scorer.pending + q.scorer.processing, detail: { pending: q.scorer.pending, processing: q.scorer.processing, failed: q.scorer.failed } },
    { key: 'linking', waiting: q.linking.pending, detail: {} },
    { key: 'index', waiting: q.index.memory.pending + q.index.tags.pending, detail: {} },
    { key: 'reembed', waiting: q.reembed.pending, detail: {} },
    { key: 'events', waiting: q.events.unread, detail: {} },
  ]
}
