import js from '@eslint/js'
import prettier from 'eslint-config-prettier'
import reactHooks from 'eslint-plugin-react-hooks'
import tseslint from 'typescript-eslint'

/**
 * Lint rules. Formatting is Prettier's job (`npm run format:check`); import rules between
 * folders are dependency-cruiser's (`npm run lint:deps`). The rules below add what those
 * cannot see: routes never call Prisma, and only the env module reads process.env.
 */
const prismaCallInRoute = [
  {
    selector: "MemberExpression[object.type='MemberExpression'][object.object.name=/^(db|tx|prisma)$/]",
    message: 'Routes call services; move this Prisma query into a use case in app/services/<feature>/.',
  },
  {
    selector: "MemberExpression[object.type='MemberExpression'][object.object.type='CallExpression'][object.object.callee.name='getDb']",
    message: 'Routes call services; move this Prisma query into a use case in app/services/<feature>/.',
  },
  {
    selector: 'MemberExpression[object.name=/^(db|tx|prisma)$/][property.name=/^\\$(transaction|queryRaw|executeRaw|queryRawUnsafe|executeRawUnsafe)$/]',
    message: 'Routes call services; move this query into a use case in app/services/<feature>/.',
  },
]

export default tseslint.config(
  { ignores: ['build/**', 'node_modules/**', 'app/generated/**', '.data/**', '.cache/**', 'public/build/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: { console: 'readonly', process: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-undef': 'off',
      eqeqeq: ['error', 'smart'],
      // Comments may show the Unicode white space that code handles (certificate-code.ts).
      'no-irregular-whitespace': ['error', { skipComments: true }],
      'no-console': 'off',
    },
  },
  {
    // Tests read loosely typed JSON and socket replies.
    files: ['tests/**/*.ts', 'bench/**/*.ts', '**/*.test.{ts,tsx}'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['app/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    // Configuration resolves once, in app/utils/env.server.ts; nothing else in the app reads process.env.
    files: ['app/**/*.{ts,tsx}', 'media-server/**/*.ts', 'server.ts'],
    ignores: ['app/utils/env.server.ts', '**/*.test.{ts,tsx}'],
    rules: {
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read configuration through getEnv() (app/utils/env.server.ts).' }],
    },
  },
  {
    files: ['app/routes/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-syntax': ['error', ...prismaCallInRoute],
      'no-restricted-imports': ['error', { patterns: [{ group: ['~/generated/prisma/*', '@prisma/*'], message: 'Routes never import Prisma; call a service.' }] }],
    },
  },
  prettier,
)
