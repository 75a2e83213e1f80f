// ESLint (flat config): JavaScript's and typescript-eslint's recommended rules (no type information
// needed), plus a few rules that do need the types, about promises and throws: a promise nobody
// awaits or handles is how a wait without a timeout or an unhandled rejection gets in. Formatting
// is Prettier's job (.prettierrc.json), not ESLint's. `npm run lint`; `npm test` runs it too
// (test/lint.test.ts).
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'reports/', 'vectors/', 'baselines/'] },
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/only-throw-error': 'error',
    },
  },
  {
    rules: {
      // a leading underscore marks a binding kept on purpose (an unused parameter, a property left out of a rest)
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // XML, JID and terminal-output code matches control characters on purpose (RFC 6120 §11, RFC 7622, ANSI escapes)
      'no-control-regex': 'off',
      // literal indentation in expected YAML and XML reads better as written than as ` {4}`
      'no-regex-spaces': 'off',
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      // chai's property assertions (`expect(x).to.be.empty`) are expressions by design
      '@typescript-eslint/no-unused-expressions': 'off',
    },
  },
);
