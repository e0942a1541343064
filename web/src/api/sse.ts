/** One server-sent event: its `event:` name (default "message"), its `id:` and its joined `data:` lines. */
export interface SseMessage {
  event: string
  id: string | null
  data: string
}

/**
 * An incremental parser of the text/event-stream format: feed it chunks as they arrive (split anywhere, even inside a
 * line or a CRLF pair) and it returns the events completed by each chunk. Comments (`:` lines) are skipped.
 */
export class SseParser {
  private buffer = ''
  private data: string[] = []
  private event = ''
  private id: string | null = null
  private pendingCr = false

  push(chunk: string): SseMessage[] {
    let text = chunk
    if (this.pendingCr && text.startsWith('\n')) text = text.slice(1)
    this.pendingCr = text.endsWith('\r')
    this.buffer += text
    const out: SseMessage[] = []
    for (;;) {
      const match = /\r\n|\r|\n/.exec(this.buffer)
      if (!match) break
      // A lone CR at the very end may be the first half of CRLF: wait for the next chunk unless it is complete.
      const line = this.buffer.slice(0, match.index)
      this.buffer = this.buffer.slice(match.index + match[0].length)
      const message = this.line(line)
      if (message) out.push(message)
    }
    return out
  }

  /** Ends the stream: an event without its closing blank line is dropped, as the format says. */
  end(): void {
    this.buffer = ''
    this.data = []
    this.event = ''
  }

  private line(line: string): SseMessage | null {
    if (line === '') {
      if (this.data.length === 0) {
        this.event = ''
        return null
      }
      const message = { event: this.event || 'message', id: this.id, data: this.data.join('\n') }
      this.data = []
      this.event = ''
      return message
    }
    if (line.startsWith(':')) return null
    const colon = line.indexOf(':')
    const field = colon < 0 ? line : line.slice(0, colon)
    let value = colon < 0 ? '' : line.slice(colon + 1)
    if (value.startsWith(' ')) value = value.slice(1)
    if (field === 'data') this.data.push(value)
    else if (field === 'event') this.event = value
    else if (field === 'id' && !value.includes('\0')) this.id = value
    return null
  }
}

/** What one frame of `POST /api/chat` means to the chat page. */
export type ChatFrame =
  | { type: 'text'; text: string }
  | { type: 'status'; message: string }
  | { type: 'triggers'; triggers: Record<string, unknown> }
  | { type: 'done' }
  | { type: 'unknown'; raw: string }

/** Reads one `data:` payload of the chat stream (the original's OpenAI-like frames). */
export function readChatFrame(data: string): ChatFrame {
  if (data.trim() === '[DONE]') return { type: 'done' }
  try {
    const json = JSON.parse(data) as Record<string, unknown>
    const choices = json.choices as Array<{ delta?: { content?: string } }> | undefined
    if (Array.isArray(choices)) {
      return { type: 'text', text: choices.map((c) => c.delta?.content ?? '').join('') }
    }
    const status = json.status as { message?: string } | undefined
    if (status && typeof status === 'object') return { type: 'status', message: status.message ?? '' }
    if (json.triggers && typeof json.triggers === 'object') {
      return { type: 'triggers', triggers: json.triggers as Record<string, unknown> }
    }
  } catch {
    // not JSON: reported as unknown below
  }
  return { type: 'unknown', raw: data }
}
