// Flat config shared by every workspace package (each runs `eslint .` from its own folder).
// TypeScript is linted with type information: each file is checked against the program of
// the nearest tsconfig.json (its package's), found by the typescript-eslint project service.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['site/**', '**/dist/**', '**/node_modules/**', '**/coverage/**', '**/.turbo/**', 'packages/site/.snippets/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setImmediate: 'readonly',
        URL: 'readonly',
        __dirname: 'readonly',
        require: 'readonly',
        module: 'writable',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
      // `AuthProvider.authorize` answers at once or with a promise by design: Promise.all over
      // such values is intended.
      '@typescript-eslint/await-thenable': ['error', { allowMixedPromiseArrays: true }],
    },
  },
  {
    files: ['**/test/**/*.ts'],
    rules: {
      // jest's asymmetric matchers (`expect.any(String)`, `expect.objectContaining`) are typed `any`.
      '@typescript-eslint/no-unsafe-assignment': 'off',
    },
  },
  {
    // Plain JavaScript (jest configs, the docs generator, bench children) and the tsup configs
    // are in no tsconfig: linted without type information.
    files: ['**/*.js', '**/*.cjs', '**/*.mjs', '**/tsup.config.ts'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
