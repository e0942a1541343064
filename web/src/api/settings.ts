import type { ApiClient } from './client'

/** A model card of `/api/models` (its key comes back masked, or empty when none is set). */
export interface ModelCard {
  id: number
  name: string
  model_id: string
  provider: string | null
  provider_type: string | null
  api_key: string | null
  api_base: string | null
  temperature: number
  stream: boolean
}

/** A speech configuration of `/api/voice-configs`. */
export interface VoiceConfig {
  id: number
  type: 'stt' | 'tts'
  name: string
  provider: string
  api_key: string | null
  api_base: string | null
  model: string | null
  config_json: string
  is_active: boolean
}

/** An MCP server of `/api/mcp` (env and header values masked). */
export interface McpServer {
  id: number
  name: string
  type: 'stdio' | 'sse' | 'http'
  command: string | null
  args: string
  env: string
  url: string | null
  headers: string
  enabled: boolean
}

/** `GET /api/nit/status`: the MCP servers connected now, with their tools. */
export interface NitStatus {
  mcp_servers: Array<{ name: string; type: string; tools: string[] }>
}

/** One tool group of `GET /api/tools`. */
export interface ToolGroup {
  name: string
  category: string
  tools: string[]
  enabled: boolean
  locked: boolean
  configured: boolean
}

/** `GET /api/setup`: what the first-run wizard needs to know. */
export interface SetupStatus {
  llm_configured: boolean
  llm_problem: string | null
  setup_done: boolean
  server_key_required: boolean
  llm_api_key_set: boolean
  model_count: number
}

/** `POST /api/models/test`: one tiny call to an endpoint. */
export interface ModelTestResult {
  ok: boolean
  model: string
  api_base: string
  key_sent: boolean
  reply: string | null
  elapsed_ms: number
  error: string | null
}

/** The config key of the wizard's "done" mark, the chat model, the language and the time zone. */
export const ConfigKeys = {
  setupDone: 'dashboard_setup_done',
  currentModel: 'current_model_id',
  promptLanguage: 'prompt_language',
  timeZone: 'timezone',
  ownerName: 'owner_name',
  persona: 'user_persona',
  globalKey: 'global_llm_api_key',
  globalBase: 'global_llm_api_base',
} as const

/** True when a secret came back masked or present: the page shows "set" and never the value. */
export function isSecretSet(value: string | null | undefined): boolean {
  return typeof value === 'string' && value.length > 0
}

/**
 * The fields of a secret the user may have typed: empty input means "keep the stored one", so the field is left out
 * of the request (the server keeps a value it is not sent).
 */
export function secretField(name: string, typed: string): Record<string, string> {
  return typed.trim() ? { [name]: typed.trim() } : {}
}

/** Reads a JSON object of string values typed as `KEY=value` lines (MCP env and headers). */
export function parsePairs(text: string): Record<string, string> {
  const result: Record<string, string> = {}
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim()
    if (!line) continue
    const eq = line.indexOf('=')
    if (eq <= 0) throw new Error(`"${line}" is not KEY=value`)
    result[line.slice(0, eq).trim()] = line.slice(eq + 1).trim()
  }
  return result
}

/** Splits a command line typed in one field into the program and its arguments (quotes group words). */
export function splitCommand(text: string): { command: string; args: string[] } {
  const words: string[] = []
  const pattern = /"([^"]*)"|'([^']*)'|(\S+)/g
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) words.push(m[1] ?? m[2] ?? m[3])
  return { command: words[0] ?? '', args: words.slice(1) }
}

/** The settings API the Settings page and the wizard use. */
export function createSettingsApi(api: ApiClient) {
  return {
    configs: () => api.get<Record<string, string>>('/api/configs'),
    saveConfigs: (values: Record<string, string>) => api.post<{ status: string }>('/api/configs', values),
    setup: () => api.get<SetupStatus>('/api/setup'),
    models: () => api.get<ModelCard[]>('/api/models'),
    addModel: (card: Record<string, unknown>) => api.post<ModelCard>('/api/models', card),
    updateModel: (id: number, card: Record<string, unknown>) => api.request<ModelCard>('PUT', `/api/models/${id}`, card),
    deleteModel: (id: number) => api.delete<{ status: string }>(`/api/models/${id}`),
    testModel: (body: Record<string, unknown>) => api.post<ModelTestResult>('/api/models/test', body),
    voices: () => api.get<VoiceConfig[]>('/api/voice-configs'),
    addVoice: (body: Record<string, unknown>) => api.post<VoiceConfig>('/api/voice-configs', body),
    updateVoice: (id: number, body: Record<string, unknown>) => api.request<VoiceConfig>('PUT', `/api/voice-configs/${id}`, body),
    deleteVoice: (id: number) => api.delete<{ status: string }>(`/api/voice-configs/${id}`),
    mcp: () => api.get<McpServer[]>('/api/mcp'),
    addMcp: (body: Record<string, unknown>) => api.post<McpServer>('/api/mcp', body),
    updateMcp: (id: number, body: Record<string, unknown>) => api.patch<McpServer>(`/api/mcp/${id}`, body),
    deleteMcp: (id: number) => api.delete<{ status: string }>(`/api/mcp/${id}`),
    nitStatus: () => api.get<NitStatus>('/api/nit/status'),
    tools: () => api.get<ToolGroup[]>('/api/tools'),
    switchTool: (group: string, enabled: boolean) => api.post<ToolGroup>('/api/tools/switches', { group, enabled }),
  }
}

export type SettingsApi = ReturnType<typeof createSettingsApi>
