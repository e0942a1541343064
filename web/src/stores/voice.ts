import { reactive } from 'vue'
import { encodeWav, readVoiceFrame, toBase64, type VoiceFrame } from '../api/voice'

/** The part of a WebSocket the voice store uses. */
export interface VoiceSocket {
  readyState: number
  onopen: ((ev: Event) => void) | null
  onmessage: ((ev: MessageEvent) => void) | null
  onclose: ((ev: CloseEvent) => void) | null
  onerror: ((ev: Event) => void) | null
  send(data: string): void
  close(): void
}

/** A running capture of the microphone. */
export interface Recorder {
  stop(): Promise<{ chunks: Float32Array[]; sampleRate: number }>
}

export interface VoiceDeps {
  url: () => string
  openSocket: (url: string) => VoiceSocket
  startRecorder: () => Promise<Recorder>
  play: (data: string, format: string) => void
}

export type VoicePhase = 'idle' | 'recording' | 'listening' | 'thinking' | 'speaking'

/**
 * The Chat page's voice button: records while on, then sends the utterance as one `speech_end` WAV over `/ws/voice`
 * and shows what the server says back (status, transcription, the answer's text) and plays its audio.
 */
export function createVoiceStore(deps: VoiceDeps) {
  const state = reactive({ phase: 'idle' as VoicePhase, transcript: '', reply: '', message: '', error: '', denied: false, mood: '' })
  let socket: VoiceSocket | null = null
  let recorder: Recorder | null = null

  function handle(frame: VoiceFrame): void {
    switch (frame.type) {
      case 'status':
        state.phase = frame.content === 'idle' ? 'idle' : (frame.content as VoicePhase)
        state.message = frame.message ?? ''
        break
      case 'transcription':
        state.transcript = frame.content
        state.reply = ''
        break
      case 'text_response':
        state.reply = frame.content
        break
      case 'audio_response':
        deps.play(frame.data, frame.format)
        break
      case 'triggers': {
        const s = (frame.data.state ?? {}) as Record<string, unknown>
        if (typeof s.mood === 'string') state.mood = s.mood
        break
      }
      case 'error':
        state.error = frame.content
        break
    }
  }

  function connect(): Promise<VoiceSocket> {
    if (socket && socket.readyState === 1) return Promise.resolve(socket)
    return new Promise((resolve, reject) => {
      const s = deps.openSocket(deps.url())
      socket = s
      s.onmessage = (ev) => {
        const frame = readVoiceFrame(String(ev.data))
        if (frame) handle(frame)
      }
      s.onopen = () => resolve(s)
      s.onerror = () => reject(new Error('voice socket failed'))
      s.onclose = () => {
        if (socket === s) socket = null
        if (state.phase !== 'recording') state.phase = 'idle'
      }
    })
  }

  return {
    state,
    handle,
    /** Starts recording (asks for the microphone the first time). */
    async start(): Promise<void> {
      if (recorder || state.phase === 'recording') return
      state.error = ''
      try {
        recorder = await deps.startRecorder()
        state.phase = 'recording'
      } catch (error) {
        const name = (error as { name?: string }).name
        state.denied = name === 'NotAllowedError' || name === 'SecurityError'
        state.error = (error as Error).message
        recorder = null
      }
    },
    /** Stops recording and sends the utterance. */
    async stop(): Promise<void> {
      const running = recorder
      if (!running) return
      recorder = null
      try {
        const { chunks, sampleRate } = await running.stop()
        state.phase = 'listening'
        const wav = encodeWav(chunks, sampleRate)
        const s = await connect()
        s.send(JSON.stringify({ type: 'speech_end', data: toBase64(wav) }))
      } catch (error) {
        state.phase = 'idle'
        state.error = (error as Error).message
      }
    },
    /** Closes the socket (leaving the page). */
    close(): void {
      socket?.close()
      socket = null
    },
  }
}

export type VoiceStore = ReturnType<typeof createVoiceStore>

/** Records the microphone in the browser: mono float samples at the audio context's rate. */
export async function startBrowserRecorder(): Promise<Recorder> {
  const stream = await navigator.mediaDevices.getUserMedia({ audio: { channelCount: 1, echoCancellation: true, noiseSuppression: true } })
  const context = new AudioContext()
  const source = context.createMediaStreamSource(stream)
  const processor = context.createScriptProcessor(4096, 1, 1)
  const chunks: Float32Array[] = []
  processor.onaudioprocess = (event) => chunks.push(new Float32Array(event.inputBuffer.getChannelData(0)))
  source.connect(processor)
  processor.connect(context.destination)
  return {
    async stop() {
      processor.disconnect()
      source.disconnect()
      stream.getTracks().forEach((track) => track.stop())
      const sampleRate = context.sampleRate
      await context.close()
      return { chunks, sampleRate }
    },
  }
}

/** Plays the answer's audio; a format the browser cannot play is skipped (the text is on screen). */
export function playBase64(data: string, format: string): void {
  const type = format === 'wav' ? 'audio/wav' : format === 'ogg' ? 'audio/ogg' : 'audio/mpeg'
  const audio = new Audio(`data:${type};base64,${data}`)
  void audio.play().catch(() => undefined)
}
