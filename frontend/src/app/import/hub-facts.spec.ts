import { lerobotVersionOf } from './hub-facts';

const ref = (name: string) => ({ name, ref: `refs/x/${name}`, targetCommit: 'a'.repeat(40) });

describe('lerobotVersionOf', () => {
  it('takes the newest vX.Y ref, tags and branches alike, compared as numbers', () => {
    expect(lerobotVersionOf({ branches: [ref('main'), ref('v1.6')], tags: [ref('v2.1'), ref('v2.10'), ref('v3.0')], converts: [] })).toBe('v3.0');
    expect(lerobotVersionOf({ branches: [ref('v2.0')], tags: [ref('v2.10'), ref('v2.9')], converts: [] })).toBe('v2.10');
  });

  it('says nothing when no ref is named after a version', () => {
    expect(lerobotVersionOf({ branches: [ref('main')], tags: [ref('release'), ref('v3')], converts: [] })).toBeNull();
  });
});
