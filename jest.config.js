/** Jest runs TypeScript through SWC; NestJS 12 and a few of its dependencies ship ESM only, so they are transformed too. */
const esmPackages = [
  '@nestjs',
  '@nats-io',
  '@noble',
  '@scure',
  'file-type',
  'strtok3',
  'token-types',
  '@tokenizer',
  'uint8array-extras',
  'load-esm',
  '@borewit',
];
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/test', '<rootDir>/scripts', '<rootDir>/cli', '<rootDir>/bench'],
  testMatch: ['**/*.spec.ts'],
  transform: {
    '^.+\\.(t|j|mj)s$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${esmPackages.join('|')})/)`],
  // Libs are imported by name through their public index (or their testing index); specs run on the sources.
  moduleNameMapper: {
    '^@ares/([a-z0-9-]+)/testing$': '<rootDir>/libs/$1/src/testing',
    '^@ares/(orchestrator|data-service|optimizer-service|trainer-service|validator-service)$': '<rootDir>/apps/$1/src',
    '^@ares/([a-z0-9-]+)$': '<rootDir>/libs/$1/src',
  },
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  testTimeout: 60000,
};
