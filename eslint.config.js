import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const HTTP_MESSAGE = 'Services never see HTTP: the route in src/http calls the service.';
const HTTP_PACKAGES = ['express', 'express-session', 'passport', 'passport-local', 'helmet', 'compression', 'pino-http'].map((name) => ({ name, message: HTTP_MESSAGE }));
const HTTP_EDGE = { group: ['**/http/**'], message: HTTP_MESSAGE };
const DRIVER_MESSAGE = 'Services get their adapters passed in: PostgreSQL through Kysely (src/db), images through the image adapter (src/media/image-adapter.ts).';
const DRIVER_PACKAGES = ['pg', 'pg-boss', 'sharp'].map((name) => ({ name, message: DRIVER_MESSAGE }));

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'dist/', 'test-results/', 'bench/results/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  // ---- Boundaries (issue #13). Services are everything under src/ except the HTTP edge
  // (src/http), the composition root (src/app.ts, src/main.ts) and the adapters named below: they
  // get their adapters passed in, so they never import Express, a PostgreSQL driver or sharp.
  {
    files: ['src/**/*.ts'],
    ignores: ['src/http/**', 'src/app.ts', 'src/main.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: HTTP_PACKAGES, patterns: [HTTP_EDGE] }],
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: [
      'src/http/**',
      'src/app.ts',
      'src/main.ts',
      // The PostgreSQL adapter: connections, migrations, the embedded server, LISTEN connections.
      'src/db/**',
      // The one image adapter over sharp and its two parts (the input gate, the derivatives).
      'src/media/image-adapter.ts',
      'src/media/image-input.ts',
      'src/media/image-pipeline.ts',
      // The generation queue over pg-boss, behind the GenerationQueue interface.
      'src/generation/generation-queue.ts',
      // Image makers, not image handlers: they draw their own SVG into the pictures a remote
      // generator or a crawled site would serve (the offline provider, the demo set's images).
      'src/generation/providers/offline-provider.ts',
      'src/demo/demo-images.ts',
    ],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { paths: DRIVER_PACKAGES }],
    },
  },
  // The crawler works through what it is given: from src/ it may import types and interfaces (the
  // artwork service, Db, Config, Logger…) and, as values, only the artwork input contract and the
  // typed domain errors; never src/takedowns (the blocklist rule reaches it as an interface,
  // crawlers/runner/takedown-blocklist.ts), the HTTP edge, or the drivers services may not use.
  {
    files: ['crawlers/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [...HTTP_PACKAGES, ...DRIVER_PACKAGES],
          patterns: [
            { group: ['**/src/takedowns/**', '**/src/http/**'], message: 'The crawler sees takedowns only through crawlers/runner/takedown-blocklist.ts and never the HTTP edge.' },
            {
              group: ['**/src/**/*.ts', '!**/src/artworks/artwork-input.ts', '!**/src/errors.ts', '!**/src/takedowns/**', '!**/src/http/**'],
              allowTypeImports: true,
              message: 'Crawlers import types and interfaces from src/ (values only from artworks/artwork-input.ts and errors.ts): take the implementation as a dependency.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['web/static/**/*.js'],
    languageOptions: { globals: { ...globals.browser } },
  },
);
