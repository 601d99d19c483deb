// Browser tests: the built dashboard in Debian's Chromium, against the real API, worker, PostgreSQL,
// Redis and the stand-in Hub (started once for all specs by global-setup.ts).
module.exports = {
  ...require('../../jest.base.js')(__dirname),
  testMatch: ['<rootDir>/specs/**/*.e2e-spec.ts'],
  globalSetup: '<rootDir>/support/global-setup.ts',
  globalTeardown: '<rootDir>/support/global-teardown.ts',
  testSequencer: '<rootDir>/support/name-order-sequencer.js',
  testTimeout: 120000,
};
