export * from './lib/principal';
export * from './lib/auth.options';
export * from './lib/jwt-verifier';
export * from './lib/jwt-auth.guard';
export * from './lib/required-scopes.metadata';
export * from './lib/require-scopes.decorator';
export * from './lib/auth.module';
export * from './lib/auth-options.from-env';
