// @ts-check
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

/** Library boundaries: a lib is imported by its name through its public index (or its testing index), never through its files. */
const libraryBoundaries = {
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        {
          regex: '(^|/)(libs|apps)/|^(\\.\\./)+[a-z0-9-]+/src(/|$)',
          message: 'Import another lib or app by its name (@ares/<name>) through its public index, not by a path into its files.',
        },
        {
          regex: '^@ares/[a-z0-9-]+/(?!testing$)',
          message: 'Import @ares/<lib> (or @ares/<lib>/testing) only: deep imports reach into a lib’s internals.',
        },
      ],
    },
  ],
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', '**/*-wasm.ts', 'bin/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    files: ['**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly', __dirname: 'readonly', process: 'readonly' } },
  },
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      ...libraryBoundaries,
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
);
