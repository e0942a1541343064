import { describe, expect, it } from 'vitest'
import { SseParser, readChatFrame } from '../src/api/sse'

describe('SseParser', () => {
  it('joins events split anywhere, including inside CRLF pairs', () => {
    const parser = new SseParser()
    const text = 'id: 7\r\nevent: reminder\r\ndata: {"a":1}\r\n\r\n: keep-alive\r\n\r\ndata: x\r\ndata: y\r\n\r\n'
    const out = []
    for (const ch of text) out.push(...parser.push(ch))
    expect(out).toEqual([
      { event: 'reminder', id: '7', data: '{"a":1}' },
      { event: 'message', id: '7', data: 'x\ny' },
    ])
  })

  it('drops an event whose blank line never came', () => {
    const parser = new SseParser()
    expect(parser.push('data: half')).toEqual([])
    parser.end()
    expect(parser.push('\n\n')).toEqual([])
  })
})

describe('readChatFrame', () => {
  it('reads the original chat frames', () => {
    expect(readChatFrame('{"choices":[{"delta":{"content":"Hi"}}]}')).toEqual({ type: 'text', text: 'Hi' })
    expect(readChatFrame('{"status":{"type":"thinking","message":"Turn 1"}}')).toEqual({ type: 'status', message: 'Turn 1' })
    expect(readChatFrame('{"triggers":{"mood":"happy"}}')).toEqual({ type: 'triggers', triggers: { mood: 'happy' } })
    expect(readChatFrame('[DONE]')).toEqual({ type: 'done' })
    expect(readChatFrame('not json')).toEqual({ type: 'unknown', raw: 'not json' })
  })
})
