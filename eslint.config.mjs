import nx from '@nx/eslint-plugin';

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  {
    ignores: [
      '**/dist',
      '**/generated/**',
      '.stack/**',
      'site/**',
      'coverage/**',
    ],
  },
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.js', '**/*.jsx', '**/*.mjs'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          // The root configs each project's config extends: eslint's and Jest's (jest.shared.js).
          allow: [
            '^.*/eslint(\\.base)?\\.config\\.[cm]?[jt]s$',
            '^.*/jest\\.shared\\.js$',
          ],
          depConstraints: [
            // Apps are deployed alone: they share libraries, never each other's code.
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'] },
            // tools/ (the stack, the CLIs, the benches, CI) and the e2e suite drive the apps from
            // outside (HTTP, processes, the built dist/): they import libraries and each other, never
            // an app's code.
            {
              sourceTag: 'type:tool',
              onlyDependOnLibsWithTags: ['type:tool', 'type:lib'],
            },
            {
              sourceTag: 'type:e2e',
              onlyDependOnLibsWithTags: ['type:tool', 'type:lib'],
            },
            {
              sourceTag: 'scope:auth',
              onlyDependOnLibsWithTags: ['scope:auth', 'scope:shared'],
            },
            {
              sourceTag: 'scope:stream',
              onlyDependOnLibsWithTags: ['scope:stream', 'scope:shared'],
            },
            {
              sourceTag: 'scope:access-log',
              onlyDependOnLibsWithTags: ['scope:access-log', 'scope:shared'],
            },
            {
              sourceTag: 'scope:transcode',
              onlyDependOnLibsWithTags: ['scope:transcode', 'scope:shared'],
            },
            {
              sourceTag: 'scope:shared',
              onlyDependOnLibsWithTags: ['scope:shared'],
            },
            // The event contract is plain TypeScript and zod: no Nest, no I/O.
            {
              sourceTag: 'platform:pure',
              onlyDependOnLibsWithTags: ['platform:pure'],
              bannedExternalImports: [
                '@nestjs/*',
                'kafkajs',
                '@aws-sdk/*',
                '@prisma/*',
                'pg',
                'express',
              ],
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': [
        'error',
        { checksVoidReturn: { attributes: false } },
      ],
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    // The dev stack's ports and dev credentials are for tests and tools: production code reads its
    // configuration, never the address book.
    files: ['apps/*/src/**/*.ts', 'libs/*/src/**/*.ts'],
    ignores: [
      'apps/system-e2e/**',
      'libs/dev-stack/**',
      '**/*.spec.ts',
      '**/*.fixtures.ts',
      '**/testing/**',
      '**/testing.ts',
    ],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "ImportDeclaration[source.value='@video-streaming/dev-stack']",
          message:
            '@video-streaming/dev-stack (dev ports and credentials) is for tests and tools, not production code',
        },
      ],
    },
  },
  {
    // Use cases see the domain and its ports, never an adapter or a controller.
    files: ['**/src/application/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/infra/**', '**/interfaces/**'],
              message:
                'application/ depends on domain/ ports, not on adapters or controllers',
            },
          ],
        },
      ],
    },
  },
  {
    // Controllers and handlers call use cases and ports; adapters are wired in the app module only.
    files: ['**/src/interfaces/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/infra/**'],
              message:
                'interfaces/ reaches adapters through domain/ ports, wired in the app module',
            },
          ],
        },
      ],
    },
  },
  {
    // Inside an app, the domain depends on nothing outside itself.
    files: ['**/src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/infra/**', '**/interfaces/**', '**/application/**'],
              message: 'domain/ must not depend on outer layers',
            },
            {
              group: [
                '@nestjs/*',
                'kafkajs',
                '@aws-sdk/*',
                '@prisma/*',
                'express',
              ],
              message: 'domain/ is framework-free',
            },
            {
              group: [
                '@video-streaming/platform',
                '@video-streaming/telemetry',
              ],
              message:
                'domain/ is framework-free: DomainError comes from @video-streaming/core',
            },
          ],
        },
      ],
    },
  },
];
