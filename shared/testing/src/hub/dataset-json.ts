import { createHash } from 'node:crypto';
import { hubErrors } from './errors';
import type { Commit, StandInRepo } from './repo';
import { storedFile } from './snapshot';

/** What `expand` accepts for datasets on the Hub (plus gitalyUid, which the JS client may ask for). */
const EXPANDABLE = [
  'author',
  'cardData',
  'citation',
  'createdAt',
  'description',
  'disabled',
  'downloads',
  'downloadsAllTime',
  'gated',
  'gitalyUid',
  'lastModified',
  'likes',
  'mainSize',
  'paperswithcode_id',
  'private',
  'resourceGroup',
  'sha',
  'siblings',
  'tags',
  'trendingScore',
  'usedStorage',
] as const;
type Field = (typeof EXPANDABLE)[number];

export const INFO_FIELDS: readonly Field[] = [
  'author', 'sha', 'lastModified', 'private', 'gated', 'disabled', 'downloads', 'likes', 'tags', 'cardData',
  'description', 'siblings', 'createdAt', 'usedStorage',
];
export const LIST_FIELDS: readonly Field[] = [
  'author', 'sha', 'lastModified', 'private', 'gated', 'disabled', 'downloads', 'likes', 'tags', 'createdAt',
  'description', 'trendingScore',
];
export const FULL_LIST_FIELDS: readonly Field[] = [...LIST_FIELDS, 'cardData', 'siblings'];

/** `expand` and `expand[]` (the form repoExists sends), repeatable; unknown values are a 400 as on the Hub. */
export function expandParam(query: URLSearchParams): Field[] {
  const values = [...query.getAll('expand'), ...query.getAll('expand[]')];
  for (const value of values) {
    if (!(EXPANDABLE as readonly string[]).includes(value)) {
      throw hubErrors.badRequest(`"expand" must be one of [${EXPANDABLE.join(', ')}], got "${value}"`);
    }
  }
  return values as Field[];
}

/** `{_id, id}` plus exactly `fields`, computed for `commit`. With `blobs`, siblings carry sizes and hashes. */
export async function datasetJson(
  repo: StandInRepo,
  commit: Commit,
  fields: readonly Field[],
  blobs = false,
): Promise<Record<string, unknown>> {
  const json: Record<string, unknown> = { _id: repo.mongoId, id: repo.id };
  for (const field of fields) json[field] = await fieldValue(repo, commit, field, blobs);
  return json;
}

async function fieldValue(repo: StandInRepo, commit: Commit, field: Field, blobs: boolean): Promise<unknown> {
  switch (field) {
    case 'author':
      return repo.id.includes('/') ? repo.id.split('/')[0] : undefined;
    case 'sha':
      return commit.sha;
    case 'lastModified':
      return commit.date;
    case 'siblings':
      return siblings(commit, blobs);
    case 'description':
      return description(commit);
    case 'mainSize':
      return [...commit.files.values()].reduce((sum, blob) => sum + blob.size, 0);
    case 'usedStorage':
      return repo.usedStorage();
    case 'downloadsAllTime':
      return repo.downloads;
    case 'trendingScore':
      return 0;
    case 'gitalyUid':
      return createHash('sha256').update(repo.id).digest('hex');
    case 'citation':
    case 'paperswithcode_id':
    case 'resourceGroup':
      return null;
    default:
      return repo[field];
  }
}

async function siblings(commit: Commit, blobs: boolean): Promise<unknown[]> {
  const paths = [...commit.files.keys()].sort();
  if (!blobs) return paths.map((rfilename) => ({ rfilename }));
  const result: unknown[] = [];
  // One file at a time: hashing hundreds of fixture files in parallel would exhaust file descriptors.
  for (const path of paths) {
    const file = await storedFile(path, commit.files.get(path)!);
    result.push({
      rfilename: path,
      size: file.size,
      blobId: file.oid,
      ...(file.lfs ? { lfs: { sha256: file.lfs.sha256, size: file.lfs.size, pointerSize: file.lfs.pointer.length } } : {}),
    });
  }
  return result;
}

/** The Hub's description is the start of the README text below its YAML header. */
async function description(commit: Commit): Promise<string> {
  const readme = commit.files.get('README.md');
  if (!readme) return '';
  const text = (await readme.text()).replace(/^---\r?\n[\s\S]*?\r?\n---\r?\n?/, '');
  return text.replace(/\s+/g, ' ').trim().slice(0, 300);
}
