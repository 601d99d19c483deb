// One jest setup for every project: TypeScript through ts-jest, workspace libraries from source.
const path = require('node:path');

const root = __dirname;

module.exports = (projectDir) => ({
  rootDir: projectDir,
  testEnvironment: 'node',
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: path.join(root, 'tsconfig.spec.json') }],
  },
  // hyparquet ships ES modules only; jest runs CommonJS, so they are transpiled too.
  transformIgnorePatterns: ['/node_modules/(?!(hyparquet|hyparquet-writer)/)'],
  moduleNameMapper: {
    '^@robokit/api$': path.join(root, 'shared/api/src/index.ts'),
    '^@robokit/testing$': path.join(root, 'shared/testing/src/index.ts'),
    '^@robokit/lerobot$': path.join(root, 'shared/lerobot/src/index.ts'),
  },
});
