// @ts-check
import tseslint from 'typescript-eslint'
import vikno from './lint/vikno-layers.js'

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.vikno-data/**', 'test-results/**', 'playwright-report/**', 'lint/fixtures/**'] },
  ...tseslint.configs.recommended,
  {
    plugins: { vikno },
    rules: {
      'vikno/layers': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: 'Citizen-supplied text is data, never markup.' }
      ]
    }
  }
)
