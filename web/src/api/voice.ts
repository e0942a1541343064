/** A frame the server sends on `/ws/voice`. */
export type VoiceFrame =
  | { type: 'status'; content: string; message?: string }
  | { type: 'transcription'; content: string }
  | { type: 'text_response'; content: string }
  | { type: 'audio_response'; data: string; format: string }
  | { type: 'triggers'; data: Record<string, unknown> }
  | { type: 'error'; content: string }

/** Reads one text frame of `/ws/voice`; null when it is not JSON or of a kind the page does not show. */
export function readVoiceFrame(text: string): VoiceFrame | null {
  try {
    const json = JSON.parse(text) as Record<string, unknown>
    switch (json.type) {
      case 'status':
      case 'transcription':
      case 'text_response':
      case 'error':
        return typeof json.content === 'string' ? (json as VoiceFrame) : null
      case 'audio_response':
        return typeof json.data === 'string' ? { type: 'audio_response', data: json.data, format: String(json.format ?? 'mp3') } : null
      case 'triggers':
        return { type: 'triggers', data: (json.data ?? {}) as Record<string, unknown> }
      default:
        return null
    }
  } catch {
    return null
  }
}

/**
 * Encodes recorded samples (mono, -1..1) as the WAV the server accepts: RIFF/WAVE, PCM 16-bit, one channel, at the
 * capture's own sample rate (as the original's pet view sends it).
 */
export function encodeWav(chunks: Float32Array[], sampleRate: number): Uint8Array {
  const count = chunks.reduce((n, c) => n + c.length, 0)
  const buffer = new ArrayBuffer(44 + count * 2)
  const view = new DataView(buffer)
  const ascii = (offset: number, text: string) => {
    for (let i = 0; i < text.length; i++) view.setUint8(offset + i, text.charCodeAt(i))
  }
  ascii(0, 'RIFF')
  view.setUint32(4, 36 + count * 2, true)
  ascii(8, 'WAVE')
  ascii(12, 'fmt ')
  view.setUint32(16, 16, true) // fmt chunk size
  view.setUint16(20, 1, true) // PCM
  view.setUint16(22, 1, true) // mono
  view.setUint32(24, sampleRate, true)
  view.setUint32(28, sampleRate * 2, true) // byte rate
  view.setUint16(32, 2, true) // block align
  view.setUint16(34, 16, true) // bits per sample
  ascii(36, 'data')
  view.setUint32(40, count * 2, true)
  let offset = 44
  for (const chunk of chunks) {
    for (let i = 0; i < chunk.length; i++, offset += 2) {
      const s = Math.max(-1, Math.min(1, chunk[i]))
      view.setInt16(offset, s < 0 ? s * 0x8000 : s * 0x7fff, true)
    }
  }
  return new Uint8Array(buffer)
}

/** Base64 of bytes (chunked, so a long recording does not overflow the argument list). */
export function toBase64(bytes: Uint8Array): string {
  let binary = ''
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(binary)
}

/** The address of `/ws/voice` on this page's server, with the key as `access_token` (a browser socket sends no headers). */
export function voiceUrl(origin: { protocol: string; host: string }, key: string | null): string {
  const scheme = origin.protocol === 'https:' ? 'wss' : 'ws'
  return `${scheme}://${origin.host}/ws/voice` + (key ? `?access_token=${encodeURIComponent(key)}` : '')
}

/** Why the voice button cannot work in this browser, or null when it can (the microphone still needs permission). */
export function voiceUnavailableReason(nav: { mediaDevices?: { getUserMedia?: unknown } } | undefined, hasAudioContext: boolean, secure: boolean): string | null {
  if (!secure) return 'insecure'
  if (!nav?.mediaDevices || typeof nav.mediaDevices.getUserMedia !== 'function') return 'no-media'
  if (!hasAudioContext) return 'no-audio'
  return null
}
