import { describe, expect, it } from 'vitest'
import { ApiClient, ApiError } from '../src/api/client'
import { connectEvents, pushText, readPushEvent, type EventSourceLike } from '../src/api/events'
import { createChatStore } from '../src/stores/chat'
import { createPushStore } from '../src/stores/pushes'

function sseResponse(frames: string[]): Response {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      const encoder = new TextEncoder()
      for (const frame of frames) controller.enqueue(encoder.encode(frame))
      controller.close()
    },
  })
  return new Response(body, { status: 200, headers: { 'Content-Type': 'text/event-stream' } })
}

describe('chat store', () => {
  it('streams the reply, the status and the mood, and sends the key', async () => {
    const seen: RequestInit[] = []
    const api = new ApiClient({
      getKey: () => 'k1',
      fetchImpl: async (_url, init) => {
        seen.push(init!)
        return sseResponse([
          'data: {"status":{"type":"thinking","message":"Thinking"}}\n\n',
          'data: {"choices":[{"delta":{"content":"Hel"}}]}\n\ndata: {"choices":[{"delta":{"content":"lo"}}]}\n',
          '\ndata: {"triggers":{"state":{"mood":"happy","mind":"tea"},"idle_messages":[]}}\n\ndata: [DONE]\n\n',
        ])
      },
    })
    const chat = createChatStore(api)
    await chat.send('  hi  ')
    expect(chat.state.lines.map((l) => [l.role, l.text])).toEqual([
      ['user', 'hi'],
      ['assistant', 'Hello'],
    ])
    expect(chat.state.mood).toBe('happy')
    expect(chat.state.mind).toBe('tea')
    expect(chat.state.streaming).toBe(false)
    expect((seen[0].headers as Record<string, string>).Authorization).toBe('Bearer k1')
    expect(JSON.parse(String(seen[0].body)).messages).toEqual([{ role: 'user', content: 'hi' }])
  })

  it('shows the problem of a refused request and asks for the key on 401', async () => {
    let asked = false
    const api = new ApiClient({
      getKey: () => null,
      onUnauthorized: () => (asked = true),
      fetchImpl: async () =>
        new Response(JSON.stringify({ title: 'Unauthorized', detail: 'Send the key' }), { status: 401, headers: { 'Content-Type': 'application/problem+json' } }),
    })
    const chat = createChatStore(api)
    await chat.send('hi')
    expect(asked).toBe(true)
    expect(chat.state.lines.at(-1)).toEqual({ role: 'error', text: 'Unauthorized: Send the key' })
  })
})

describe('api client', () => {
  it('names the field of a validation problem', async () => {
    const api = new ApiClient({
      getKey: () => null,
      fetchImpl: async () => new Response(JSON.stringify({ title: 'Bad', errors: { importance: ['0-10'] } }), { status: 400 }),
    })
    const error = await api.post('/api/memories', {}).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect((error as ApiError).field).toBe('importance')
    expect((error as ApiError).status).toBe(400)
  })
})

describe('pushes', () => {
  it('counts unread notifications once per id and ignores pet state', () => {
    const store = createPushStore()
    const reminder = readPushEvent('{"id":3,"kind":"reminder","data":{"text":"Drink water"},"created_at":"x"}')!
    store.receive(reminder)
    store.receive(reminder)
    store.receive(readPushEvent('{"id":4,"kind":"pet_state","data":{}}')!)
    store.receive(readPushEvent('{"id":5,"kind":"secretary","data":{"phase":"step","index":1}}')!)
    expect(store.state.unread).toBe(1)
    expect(pushText(store.state.items[0])).toBe('Drink water')
    store.receive(readPushEvent('{"id":6,"kind":"secretary","data":{"phase":"completed","summary":"Run 2 done"}}')!)
    expect(store.state.unread).toBe(2)
    expect(pushText(store.state.items[0])).toBe('Run 2 done')
    expect(store.markAllRead()).toBe(6)
    expect(store.state.unread).toBe(0)
    expect(store.markAllRead()).toBeNull()
  })

  it('connects with the key as access_token and delivers named events once', () => {
    const listeners: Record<string, (ev: MessageEvent) => void> = {}
    let url = ''
    let closed = false
    const fake: EventSourceLike = {
      onmessage: null,
      onerror: null,
      addEventListener: (type, listener) => (listeners[type] = listener),
      close: () => (closed = true),
    }
    const got: number[] = []
    const close = connectEvents('a b', ['reminder'], (e) => got.push(e.id), (u) => ((url = u), fake))
    const frame = { data: '{"id":9,"kind":"reminder","data":{}}' } as MessageEvent
    listeners.reminder(frame)
    listeners.reminder(frame)
    fake.onmessage!({ data: 'garbage' } as MessageEvent)
    close()
    expect(url).toBe('/api/events/?access_token=a%20b')
    expect(got).toEqual([9])
    expect(closed).toBe(true)
  })
})
