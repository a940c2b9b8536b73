// Lint: TypeScript rules (type-aware for promises), React hooks rules, no import cycles, plus the import
// boundaries of ARCHITECTURE.md ("May import" column). Each folder lists what it must NOT reach; a
// violation fails `npm run lint`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import importX from 'eslint-plugin-import-x';
import { boundaryRules } from './eslint.boundaries.js';

// What the browser runs: the UI, the pages' own scripts of the reference server.
const browserScripts = ['renderer/**/*.{ts,tsx}', 'server/public/**/*.js'];
// The browser (renderer/tsconfig.json): the UI and the browser-safe parts of the core it imports.
const browserCode = ['renderer/**/*.{ts,tsx}', 'src/contract/**/*.ts', 'src/i18n/**/*.ts'];
// Playwright tests: Node programs whose page callbacks run in Chromium (test/e2e/tsconfig.json and
// test/electron/tsconfig.json, which extends it).
const browserDrivingTests = ['test/e2e/**/*.ts', 'test/electron/**/*.ts'];

const typeAware = (files, project) => ({
  files,
  languageOptions: { parserOptions: { project, tsconfigRootDir: import.meta.dirname } },
  rules: {
    '@typescript-eslint/no-floating-promises': 'error',
    '@typescript-eslint/no-misused-promises': 'error',
  },
});

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'renderer/dist/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
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
  // Each script sees the globals of the runtime it runs in.
  { files: browserScripts, languageOptions: { globals: globals.browser } },
  { ignores: browserScripts, languageOptions: { globals: globals.node } },
  // A promise nobody awaits, or one handed where a plain function is expected, loses its failure.
  // Type-aware, so each file is linted in the program of its runtime's tsconfig (ARCHITECTURE.md).
  typeAware([...browserCode], 'renderer/tsconfig.json'),
  typeAware([...browserDrivingTests], ['test/e2e/tsconfig.json', 'test/electron/tsconfig.json']),
  { ...typeAware(['**/*.{ts,tsx}'], 'tsconfig.json'), ignores: [...browserCode, ...browserDrivingTests] },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  // Modules that import each other in a circle have no clear layer; the boundaries below forbid the
  // cross-folder ones, this catches the rest.
  {
    files: ['{src,main,native,renderer,server}/**/*.{ts,tsx}'],
    plugins: { 'import-x': importX },
    settings: { 'import-x/extensions': ['.ts', '.tsx', '.js'], 'import-x/resolver-next': [importX.createNodeResolver()] },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  ...boundaryRules,
);
