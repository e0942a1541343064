/** A node of `GET /api/memories/graph` (the original's ECharts shape). */
export interface GraphNode {
  id: string
  name: string
  full_content: string
  category: string
  realTime: string
  symbolSize?: number
  [key: string]: unknown
}

/** An edge of the graph (a relation, or a time-axis link with relation_type "temporal"). */
export interface GraphEdge {
  source: string
  target: string
  relation_type?: string
  [key: string]: unknown
}

/** One memory a recall returned: a candidate (vector or full-text hit) or reached only by spreading. */
export interface ActivatedMemory {
  id: number
  is_candidate: boolean
  activation: number
  semantic: number
  lexical: number
  final: number
}

/** `GET /api/memories/activation`. */
export interface ActivationResponse {
  query: string
  vector_hits: number
  lexical_hits: number
  activated: number
  memories: ActivatedMemory[]
  nodes: GraphNode[]
  edges: GraphEdge[]
}

/** The graph with the activation's nodes and edges added where missing (nothing is duplicated, nothing removed). */
export function mergeGraph(graph: { nodes: GraphNode[]; edges: GraphEdge[] }, extra: { nodes: GraphNode[]; edges: GraphEdge[] }) {
  const ids = new Set(graph.nodes.map((n) => n.id))
  const key = (e: GraphEdge) => `${e.source}>${e.target}>${e.relation_type ?? ''}`
  const keys = new Set(graph.edges.map(key))
  const nodes = [...graph.nodes, ...extra.nodes.filter((n) => !ids.has(n.id) && (ids.add(n.id), true))]
  const edges = [...graph.edges, ...extra.edges.filter((e) => !keys.has(key(e)) && (keys.add(key(e)), true))]
  return { nodes, edges }
}
