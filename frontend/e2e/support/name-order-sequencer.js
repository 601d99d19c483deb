// The specs share one stack (and its Hub cache), so they run in file-name order: the same order on every
// machine, so a failure that depends on what an earlier spec left behind reproduces.
const Sequencer = require('@jest/test-sequencer').default;

module.exports = class NameOrderSequencer extends Sequencer {
  sort(tests) {
    return [...tests].sort((a, b) => a.path.localeCompare(b.path));
  }
};
