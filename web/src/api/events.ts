/** One push of the events channel (`/api/events`): reminders, secretary reports, pet state... */
export interface PushEvent {
  id: number
  kind: string
  data: Record<string, unknown>
  created_at: string
}

/** Reads the JSON of one events-channel frame; null when it is not an event. */
export function readPushEvent(data: string): PushEvent | null {
  try {
    const json = JSON.parse(data) as Partial<PushEvent>
    if (typeof json.id !== 'number' || typeof json.kind !== 'string') return null
    return { id: json.id, kind: json.kind, data: (json.data ?? {}) as Record<string, unknown>, created_at: json.created_at ?? '' }
  } catch {
    return null
  }
}

/** The text a person reads for a push: its text, content, message or summary, else its kind. */
export function pushText(event: PushEvent): string {
  for (const key of ['text', 'content', 'message', 'summary']) {
    const value = event.data[key]
    if (typeof value === 'string' && value.trim()) return value
  }
  return event.kind
}

export interface EventSourceLike {
  onmessage: ((ev: MessageEvent) => void) | null
  onerror: ((ev: Event) => void) | null
  addEventListener(type: string, listener: (ev: MessageEvent) => void): void
  close(): void
}

/**
 * Opens the events channel as server-sent events (the browser's EventSource resumes from the last id it saw by
 * itself). EventSource cannot send headers, so the key goes as `access_token`. Every event kind is delivered to onEvent.
 */
export function connectEvents(
  key: string | null,
  kinds: string[],
  onEvent: (event: PushEvent) => void,
  open: (url: string) => EventSourceLike = (url) => new EventSource(url) as unknown as EventSourceLike,
): () => void {
  const url = '/api/events/' + (key ? `?access_token=${encodeURIComponent(key)}` : '')
  const source = open(url)
  const seen = new Set<number>()
  const handle = (ev: MessageEvent) => {
    const event = readPushEvent(String(ev.data))
    if (event && !seen.has(event.id)) {
      seen.add(event.id)
      onEvent(event)
    }
  }
  source.onmessage = handle
  for (const kind of kinds) source.addEventListener(kind, handle)
  return () => source.close()
}
