// Lint: TypeScript rules plus the import boundaries of ARCHITECTURE.md ("May import" column).
// Each folder lists what it must NOT reach; a violation fails `npm run lint`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { boundaryRules } from './eslint.boundaries.js';

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'renderer/dist/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-syntax': ['error',
        { selector: "Property[key.name='webSecurity'][value.value=false]", message: 'Never turn off webSecurity.' },
        { selector: "Property[key.name='nodeIntegration'][value.value=true]", message: 'No Node integration in renderers.' },
        { selector: "Property[key.name='contextIsolation'][value.value=false]", message: 'Context isolation stays on.' },
        { selector: "Property[key.name='sandbox'][value.value=false]", message: 'The renderer sandbox stays on.' },
      ],
    },
  },
  ...boundaryRules,
);
