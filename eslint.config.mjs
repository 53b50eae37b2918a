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
    files: ['**/*.ts', '**/*.tsx', '**/*.js', '**/*.jsx'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          allow: ['^.*/eslint(\\.base)?\\.config\\.[cm]?[jt]s$'],
          depConstraints: [
            // Apps are deployed alone: they share libraries, never each other's code.
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'] },
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
