// Lint rules for the TypeScript sources, tests and benchmarks; formatting is Prettier's (eslint-config-prettier).
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'coverage/', 'node_modules/', 'models/', 'src/web/public/vendor/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    rules: {
      // `_name` marks a value taken apart on purpose and not used (e.g. a field left out of a copy).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // A callback declared before the value it calls exists (main.ts: stopping when the database is lost).
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },
  // Tests and benchmarks read untyped JSON answers (GraphQL, REST, job data) and assert on their shape.
  { files: ['test/**/*.ts', 'bench/**/*.ts'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
  // The web page's script runs in the browser; the configuration files at the top are CommonJS for Node.
  { files: ['src/web/public/**/*.js'], languageOptions: { globals: globals.browser } },
  { files: ['*.js'], languageOptions: { sourceType: 'commonjs', globals: globals.node } },
);
