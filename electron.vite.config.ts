import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'

// Entries: src/main/index.ts (+ two worker threads: src/main/db/db-worker.ts, src/main/sync/pull-decoder.ts), src/preload/index.ts,
// src/renderer/index.html.
// The preload must be ONE CommonJS bundle importing only `electron` and our own files, so that it
// runs in a sandboxed renderer (sandbox: true) — electron-vite's template turns the sandbox off; we do not.
export default defineConfig({
  main: {
    build: {
      externalizeDeps: true,
      rollupOptions: {
        // The worker threads, found next to index.js (src/main/db/worker-entry.ts): db-worker, the database's second
        // thread; pull-decoder, which turns pulled pages into rows.
        input: {
          index: resolve('src/main/index.ts'),
          'db-worker': resolve('src/main/db/db-worker.ts'),
          'pull-decoder': resolve('src/main/sync/pull-decoder.ts')
        },
        external: ['better-sqlite3-multiple-ciphers', 'electron']
      }
    }
  },
  preload: {
    build: {
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve('src/preload/index.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs' }
      }
    }
  },
  renderer: {
    root: resolve('src/renderer'),
    plugins: [react()],
    build: {
      rollupOptions: { input: { index: resolve('src/renderer/index.html') } }
    }
  }
})
