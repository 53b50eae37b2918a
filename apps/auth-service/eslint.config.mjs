import baseConfig from '../../eslint.config.mjs';

export default [
  ...baseConfig,
  {
    // The root rule's `apps/*/src/domain/**` glob is resolved against this folder when lint runs
    // here, so it would not match: restate it for this app's domain.
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/infra/**', '**/interfaces/**', '**/application/**'], message: 'domain/ must not depend on outer layers' },
            { group: ['@nestjs/*', 'kafkajs', '@aws-sdk/*', '@prisma/*', 'express'], message: 'domain/ is framework-free' },
          ],
        },
      ],
    },
  },
];
