import { SseParser, readChatFrame, type ChatFrame } from './sse'

/** An error the API answered with: its status and the problem-details body (title, detail, the field at fault). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string | null,
    readonly field: string | null = null,
  ) {
    super(detail ? `${title}: ${detail}` : title)
  }
}

export interface ApiClientOptions {
  /** The server's address; empty means the page's own origin. */
  baseUrl?: string
  /** The API key to send, or null when the server has none. */
  getKey: () => string | null
  /** Called when the server refuses the key (401), so the page can ask for it. */
  onUnauthorized?: () => void
  fetchImpl?: typeof fetch
}

/** A small client of the PeroCore REST API that sends the API key and turns problem details into ApiError. */
export class ApiClient {
  constructor(private readonly options: ApiClientOptions) {}

  private get fetch(): typeof fetch {
    return this.options.fetchImpl ?? globalThis.fetch.bind(globalThis)
  }

  headers(extra: Record<string, string> = {}): Record<string, string> {
    const key = this.options.getKey()
    return key ? { ...extra, Authorization: `Bearer ${key}` } : extra
  }

  url(path: string): string {
    return (this.options.baseUrl ?? '') + path
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const init: RequestInit = { method, headers: this.headers(body === undefined ? {} : { 'Content-Type': 'application/json' }) }
    if (body !== undefined) init.body = JSON.stringify(body)
    const response = await this.fetch(this.url(path), init)
    if (!response.ok) throw await this.error(response)
    if (response.status === 204) return undefined as T
    const text = await response.text()
    return (text ? JSON.parse(text) : undefined) as T
  }

  get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path)
  }

  post<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('POST', path, body)
  }

  patch<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PATCH', path, body)
  }

  delete<T>(path: string): Promise<T> {
    return this.request<T>('DELETE', path)
  }

  /**
   * Sends a raw body (a file) with its media type and reads the JSON answer. `acceptStatuses` lists error statuses whose
   * body is still the answer (e.g. 422 from an import that skipped lines) rather than a problem.
   */
  async upload<T>(path: string, body: Blob | string, contentType: string, acceptStatuses: number[] = []): Promise<{ status: number; body: T }> {
    const response = await this.fetch(this.url(path), { method: 'POST', headers: this.headers({ 'Content-Type': contentType }), body })
    if (!response.ok && !acceptStatuses.includes(response.status)) throw await this.error(response)
    return { status: response.status, body: (await response.json()) as T }
  }

  /** Fetches a file (with the API key, which a plain link cannot send): its content and the name the server gave it. */
  async download(path: string): Promise<{ blob: Blob; fileName: string | null }> {
    const response = await this.fetch(this.url(path), { headers: this.headers() })
    if (!response.ok) throw await this.error(response)
    const disposition = response.headers.get('Content-Disposition') ?? ''
    const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition)
    return { blob: await response.blob(), fileName: match ? decodeURIComponent(match[1]) : null }
  }

  /** Streams `POST /api/chat`, calling onFrame for each frame until [DONE], the end of the stream or the signal. */
  async chat(body: unknown, onFrame: (frame: ChatFrame) => void, signal?: AbortSignal): Promise<void> {
    const response = await this.fetch(this.url('/api/chat'), {
      method: 'POST',
      headers: this.headers({ 'Content-Type': 'application/json', Accept: 'text/event-stream' }),
      body: JSON.stringify(body),
      signal,
    })
    if (!response.ok || !response.body) throw await this.error(response)
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader()
    const parser = new SseParser()
    for (;;) {
      const { value, done } = await reader.read()
      if (done) break
      for (const message of parser.push(value)) {
        const frame = readChatFrame(message.data)
        onFrame(frame)
        if (frame.type === 'done') return
      }
    }
    parser.end()
  }

  private async error(response: Response): Promise<ApiError> {
    if (response.status === 401) this.options.onUnauthorized?.()
    let title = response.statusText || `HTTP ${response.status}`
    let detail: string | null = null
    let field: string | null = null
    try {
      const problem = (await response.json()) as { title?: string; detail?: string; errors?: Record<string, unknown> }
      title = problem.title ?? title
      detail = problem.detail ?? null
      field = problem.errors ? (Object.keys(problem.errors)[0] ?? null) : null
    } catch {
      // not a problem-details body
    }
    return new ApiError(response.status, title, detail, field)
  }
}
