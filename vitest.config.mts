import { defineConfig } from 'vitest/config'
import react from '@vitejs/plugin-react'

// Two projects: back end and shared code in plain Node, renderer components in happy-dom.
// Slow suites (simulation, PostgreSQL) are their own scripts, see scripts/test-all.ts.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          environment: 'node',
          include: [
            'src/shared/**/*.test.ts',
            'src/main/**/*.test.{ts,tsx}',
            'src/print/**/*.test.ts',
            'src/portal/**/*.test.ts',
            'src/sim/**/*.test.ts',
            // Across programs (a workstation's handlers against a real portal): outside every layer (lint/vikno-layers.js).
            'src/integration/**/*.test.ts',
            'lint/**/*.test.ts',
            'scripts/**/*.test.ts'
          ],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          pool: 'forks'
        }
      },
      {
        plugins: [react()],
        test: {
          name: 'renderer',
          environment: 'happy-dom',
          include: ['src/renderer/**/*.test.{ts,tsx}'],
          setupFiles: ['src/renderer/src/test-setup.ts']
        }
      }
    ]
  }
})
