import { reactive } from 'vue'
import type { ApiClient } from '../api/client'

export interface ChatLine {
  role: 'user' | 'assistant' | 'error'
  text: string
}

/** The chat page's state: the exchange so far, the status line, the companion's mood, and the running request. */
export function createChatStore(api: ApiClient, sessionId = 'dashboard') {
  const state = reactive({
    lines: [] as ChatLine[],
    status: '',
    streaming: false,
    mood: '' as string,
    vibe: '' as string,
    mind: '' as string,
  })
  let controller: AbortController | null = null

  async function send(text: string): Promise<void> {
    const message = text.trim()
    if (!message || state.streaming) return
    state.lines.push({ role: 'user', text: message })
    const reply: ChatLine = reactive({ role: 'assistant', text: '' })
    state.lines.push(reply)
    state.streaming = true
    state.status = ''
    controller = new AbortController()
    try {
      await api.chat(
        { messages: [{ role: 'user', content: message }], source: 'dashboard', session_id: sessionId },
        (frame) => {
          if (frame.type === 'text') reply.text += frame.text
          else if (frame.type === 'status') state.status = frame.message
          else if (frame.type === 'triggers') {
            // {"triggers":{"state":{"mood","vibe","mind"}, "idle_messages":[…]…}}; a bare {mood…} is read too.
            const t = (frame.triggers.state ?? frame.triggers) as Record<string, unknown>
            if (typeof t.mood === 'string') state.mood = t.mood
            if (typeof t.vibe === 'string') state.vibe = t.vibe
            if (typeof t.mind === 'string') state.mind = t.mind
          }
        },
        controller.signal,
      )
    } catch (error) {
      if ((error as Error).name !== 'AbortError') state.lines.push({ role: 'error', text: (error as Error).message })
    } finally {
      state.streaming = false
      state.status = ''
      controller = null
    }
  }

  function stop(): void {
    controller?.abort()
  }

  return { state, send, stop }
}

export type ChatStore = ReturnType<typeof createChatStore>
