import { describe, expect, it } from 'vitest'
import { ApiClient } from '../src/api/client'
import { readPushEvent } from '../src/api/events'
import { createSettingsApi, parsePairs, secretField, splitCommand } from '../src/api/settings'
import { encodeWav, readVoiceFrame, toBase64, voiceUnavailableReason, voiceUrl } from '../src/api/voice'
import { createConfirmationStore, secondsLeft } from '../src/stores/confirmations'
import { createVoiceStore, type VoiceSocket } from '../src/stores/voice'

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
}

const pending = (id: string, expires: string) => ({
  id, tool: 'run_terminal_command', command: 'ls', args: ['-la', 'my folder'], cwd: '/w', risk: 'notice', reason: 'lists files', expires_at: expires,
})

describe('confirmation store', () => {
  const now = Date.parse('2026-12-02T10:00:00Z')

  it('takes requests from pushes and the list, oldest deadline first, and drops expired ones', async () => {
    const api = new ApiClient({ getKey: () => null, fetchImpl: async () => json([pending('b', '2026-12-02T10:00:30Z'), pending('c', '2026-12-02T10:00:05Z')]) })
    let clock = now
    const store = createConfirmationStore(api, () => clock)
    store.receive(readPushEvent(JSON.stringify({ id: 1, kind: 'confirmation_request', data: pending('a', '2026-12-02T10:01:00Z') }))!)
    store.receive(readPushEvent(JSON.stringify({ id: 2, kind: 'confirmation_request', data: pending('old', '2026-12-02T09:59:00Z') }))!)
    store.receive(readPushEvent(JSON.stringify({ id: 3, kind: 'reminder', data: { text: 'x' } }))!)
    expect(store.state.items.map((i) => i.id)).toEqual(['a'])

    // The server's list is the truth: 'a' was answered elsewhere, b and c are waiting.
    await store.refresh()
    expect(store.state.items.map((i) => i.id)).toEqual(['c', 'b'])
    expect(secondsLeft(store.state.items[0], clock)).toBe(5)

    clock = now + 6_000
    store.prune()
    expect(store.state.items.map((i) => i.id)).toEqual(['b'])
  })

  it('answers with approved, and a 409 drops the request and says why', async () => {
    const sent: Array<[string, unknown]> = []
    let status = 200
    const api = new ApiClient({
      getKey: () => null,
      fetchImpl: async (url, init) => {
        sent.push([String(url), JSON.parse(String(init!.body))])
        return status === 200
          ? json({ status: 'success', id: 'a', approved: true })
          : json({ title: 'Already decided', detail: 'Confirmation b was already answered or has expired.' }, 409)
      },
    })
    const store = createConfirmationStore(api, () => now)
    store.receive({ id: 1, kind: 'confirmation_request', data: pending('a', '2026-12-02T10:01:00Z'), created_at: '' })
    store.receive({ id: 2, kind: 'confirmation_request', data: pending('b', '2026-12-02T10:01:00Z'), created_at: '' })
    expect(await store.answer('a', true)).toBe(true)
    expect(sent[0]).toEqual(['/api/confirmations/a', { approved: true }])
    status = 409
    expect(await store.answer('b', false)).toBe(false)
    expect(store.state.items).toEqual([])
    expect(store.state.notice).toContain('already answered')
    expect(store.state.error).toBe('')
  })
})

describe('settings api', () => {
  it('leaves an untyped secret out so the stored one is kept, and reads KEY=value lines and command lines', () => {
    expect(secretField('api_key', '   ')).toEqual({})
    expect(secretField('api_key', ' sk-1 ')).toEqual({ api_key: 'sk-1' })
    expect(parsePairs('A=1\n\n B = two=2 ')).toEqual({ A: '1', B: 'two=2' })
    expect(() => parsePairs('oops')).toThrow('KEY=value')
    expect(splitCommand('npx -y "@scope/server x" \'a b\'')).toEqual({ command: 'npx', args: ['-y', '@scope/server x', 'a b'] })
  })

  it('switches a tool group and tests a model card through the right routes', async () => {
    const calls: string[] = []
    const api = new ApiClient({
      getKey: () => 'k',
      fetchImpl: async (url, init) => {
        calls.push(`${init?.method} ${url} ${init?.body ?? ''}`)
        return String(url).endsWith('/test')
          ? json({ ok: false, model: 'm', api_base: 'http://127.0.0.1:9/v1', key_sent: false, reply: null, elapsed_ms: 3, error: 'unreachable' })
          : json({ name: 'WebOps', category: 'web', tools: ['browser_fetch_text'], enabled: false, locked: false, configured: false })
      },
    })
    const settings = createSettingsApi(api)
    expect((await settings.switchTool('WebOps', false)).enabled).toBe(false)
    expect((await settings.testModel({ id: 3 })).error).toBe('unreachable')
    expect(calls).toEqual(['POST /api/tools/switches {"group":"WebOps","enabled":false}', 'POST /api/models/test {"id":3}'])
  })
})

describe('voice', () => {
  it('encodes 16-bit mono PCM WAV at the capture rate', () => {
    const wav = encodeWav([new Float32Array([0, 1, -1]), new Float32Array([0.5])], 48000)
    const view = new DataView(wav.buffer)
    const text = (o: number, n: number) => String.fromCharCode(...wav.subarray(o, o + n))
    expect(text(0, 4)).toBe('RIFF')
    expect(text(8, 4)).toBe('WAVE')
    expect(view.getUint16(20, true)).toBe(1)
    expect(view.getUint16(22, true)).toBe(1)
    expect(view.getUint32(24, true)).toBe(48000)
    expect(view.getUint16(34, true)).toBe(16)
    expect(view.getUint32(40, true)).toBe(8)
    expect([0, 1, 2, 3].map((i) => view.getInt16(44 + i * 2, true))).toEqual([0, 32767, -32768, 16383])
    expect(atob(toBase64(wav)).length).toBe(wav.length)
  })

  it('knows when the browser cannot record, and sends the key to the socket as access_token', () => {
    expect(voiceUnavailableReason({}, true, true)).toBe('no-media')
    expect(voiceUnavailableReason({ mediaDevices: { getUserMedia: () => 0 } }, true, false)).toBe('insecure')
    expect(voiceUnavailableReason({ mediaDevices: { getUserMedia: () => 0 } }, true, true)).toBeNull()
    expect(voiceUrl({ protocol: 'http:', host: '127.0.0.1:9120' }, 'a b')).toBe('ws://127.0.0.1:9120/ws/voice?access_token=a%20b')
    expect(readVoiceFrame('{"type":"audio_chunk"}')).toBeNull()
    expect(readVoiceFrame('nope')).toBeNull()
  })

  it('records, sends one speech_end, and shows the transcription, the answer and plays its audio', async () => {
    const sent: string[] = []
    const played: string[] = []
    const socket: VoiceSocket = {
      readyState: 0, onopen: null, onmessage: null, onclose: null, onerror: null,
      send: (d) => sent.push(d),
      close: () => undefined,
    }
    const store = createVoiceStore({
      url: () => 'ws://x/ws/voice',
      openSocket: () => {
        queueMicrotask(() => {
          socket.readyState = 1
          socket.onopen!(new Event('open'))
        })
        return socket
      },
      startRecorder: async () => ({ stop: async () => ({ chunks: [new Float32Array([0.1, -0.1])], sampleRate: 16000 }) }),
      play: (data, format) => played.push(`${format}:${data}`),
    })
    await store.start()
    expect(store.state.phase).toBe('recording')
    await store.stop()
    const frame = JSON.parse(sent[0]) as { type: string; data: string }
    expect(frame.type).toBe('speech_end')
    expect(atob(frame.data).slice(0, 4)).toBe('RIFF')
    for (const f of [
      { type: 'status', content: 'listening' }, { type: 'transcription', content: 'hello' }, { type: 'status', content: 'thinking', message: 'Thinking (1)' },
      { type: 'text_response', content: 'Hi there' }, { type: 'audio_response', data: 'QUJD', format: 'mp3' }, { type: 'status', content: 'idle' },
    ]) socket.onmessage!({ data: JSON.stringify(f) } as MessageEvent)
    expect(store.state.transcript).toBe('hello')
    expect(store.state.reply).toBe('Hi there')
    expect(played).toEqual(['mp3:QUJD'])
    expect(store.state.phase).toBe('idle')
  })

  it('says so when the microphone is refused', async () => {
    const store = createVoiceStore({
      url: () => '', openSocket: () => { throw new Error('unused') }, play: () => undefined,
      startRecorder: async () => { throw Object.assign(new Error('Permission denied'), { name: 'NotAllowedError' }) },
    })
    await store.start()
    expect(store.state.denied).toBe(true)
    expect(store.state.phase).toBe('idle')
  })
})
