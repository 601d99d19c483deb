import { ErrorCode } from '@robokit/api';
import { DomainError } from '../common/domain-error';
import { checkedListing, ListingCheck, repoFileOf } from './hub-listing';

const OID = 'a'.repeat(40);
const SHA256 = 'b'.repeat(64);

function refusal(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }
  throw new Error('expected a refusal');
}

describe('repoFileOf', () => {
  it('turns a listed file into a cache entry', () => {
    expect(repoFileOf('o/n', { path: 'meta/info.json', size: 10, oid: OID })).toEqual({ path: 'meta/info.json', size: 10, blobId: OID });
    expect(repoFileOf('o/n', { path: 'data/a.parquet', size: 9, oid: OID, lfs: { oid: SHA256 } })).toEqual({ path: 'data/a.parquet', size: 9, blobId: OID, lfsSha256: SHA256 });
  });

  it.each(['../../escape', '/etc/passwd', 'a\\..\\..\\b', 'data/nul\0.parquet', 7, undefined])('refuses the path %j as HUB_UNSAFE_PATH, permanently', (path) => {
    const error = refusal(() => repoFileOf('o/n', { path, size: 1, oid: OID }));
    expect(error.code).toBe(ErrorCode.HubUnsafePath);
    expect(error.toJobError().retryable).toBe(false);
    expect(error.message).toContain('o/n');
  });

  it.each([
    ['a blob id that is a path', { oid: '../../../x' }, /blob id "..\/..\/..\/x"/],
    ['a missing blob id', { oid: undefined }, /blob id undefined/],
    ['an LFS hash that is a path', { lfs: { oid: '../../../../x' } }, /LFS hash "..\/..\/..\/..\/x"/],
    ['an upper-case LFS hash', { lfs: { oid: SHA256.toUpperCase() } }, /LFS hash/],
    ['a negative size', { size: -1 }, /size -1/],
    ['a fractional size', { size: 1.5 }, /size 1.5/],
    ['a size beyond 2^53', { size: 2 ** 60 }, /size/],
    ['a size given as text', { size: '10' }, /size "10"/],
  ])('refuses %s as HUB_BAD_RESPONSE', (_label, fields, message) => {
    const error = refusal(() => repoFileOf('o/n', { path: 'data/a.parquet', size: 1, oid: OID, ...fields }));
    expect(error.code).toBe(ErrorCode.HubBadResponse);
    expect(error.toJobError().retryable).toBe(false);
    expect(error.message).toMatch(message);
  });
});

describe('ListingCheck', () => {
  const file = (path: string) => ({ path, size: 1, blobId: OID });

  it('accepts a tree of distinct files', () => {
    const check = new ListingCheck('o/n');
    for (const path of ['meta/info.json', 'meta/tasks.jsonl', 'data/chunk-000/a.parquet', 'README.md']) check.add(file(path));
  });

  it('refuses a path listed twice, as pages that loop would list it', () => {
    const check = new ListingCheck('o/n');
    check.add(file('meta/info.json'));
    expect(refusal(() => check.add(file('meta/info.json'))).message).toMatch(/listed meta\/info\.json twice/);
  });

  it.each([
    ['a file, then a file under it', ['data', 'data/a.parquet'], 'data'],
    ['a file under a folder, then the folder as a file', ['data/a/b.parquet', 'data/a'], 'data/a'],
  ])('refuses %s', (_label, paths, clash) => {
    const check = new ListingCheck('o/n');
    check.add(file(paths[0]));
    const error = refusal(() => check.add(file(paths[1])));
    expect(error.code).toBe(ErrorCode.HubBadResponse);
    expect(error.message).toContain(`${clash} both as a file and as a folder`);
  });

  it('holds a cached listing to the same rules', () => {
    expect(checkedListing('o/n', [file('a/b'), { ...file('c'), lfsSha256: SHA256 }])).toHaveLength(2);
    expect(refusal(() => checkedListing('o/n', [file('../x')])).code).toBe(ErrorCode.HubUnsafePath);
    expect(refusal(() => checkedListing('o/n', [{ ...file('c'), lfsSha256: '../x' }])).code).toBe(ErrorCode.HubBadResponse);
  });
});
