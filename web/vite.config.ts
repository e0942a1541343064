import { defineConfig } from 'vitest/config'
import vue from '@vitejs/plugin-vue'

// The server serves the built files from its output folder; every asset is bundled (no CDN).
export default defineConfig({
  plugins: [vue()],
  base: '/',
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1500 },
  server: { proxy: { '/api': 'http://127.0.0.1:9120', '/ws': { target: 'ws://127.0.0.1:9120', ws: true } } },
  test: { environment: 'jsdom', include: ['tests/**/*.test.ts'] },
})
