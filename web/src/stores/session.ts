import { reactive } from 'vue'
import { ApiClient } from '../api/client'

const KeyStorage = 'perocore.apiKey'

/** Who the dashboard talks to: the API key (kept in this browser's local storage) and whether the server wants one. */
export const session = reactive({
  key: localStorage.getItem(KeyStorage) as string | null,
  needsKey: false,
})

export function setKey(key: string | null): void {
  session.key = key && key.trim() ? key.trim() : null
  if (session.key) localStorage.setItem(KeyStorage, session.key)
  else localStorage.removeItem(KeyStorage)
  session.needsKey = false
}

export const api = new ApiClient({
  getKey: () => session.key,
  onUnauthorized: () => {
    session.needsKey = true
  },
})
