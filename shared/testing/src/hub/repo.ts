import { createHash } from 'node:crypto';
import { RepoBlob } from './blob';
import type { RepoFileSource, StandInRepoOptions } from './types';

export interface Commit {
  readonly sha: string;
  readonly parent: Commit | undefined;
  readonly title: string;
  readonly date: string;
  /** Full snapshot of the tree at this commit. */
  readonly files: ReadonlyMap<string, RepoBlob>;
  /** Paths added, modified or deleted relative to the parent; answers `lastCommit`. */
  readonly changed: ReadonlySet<string>;
}

export interface RefInfo {
  name: string;
  ref: string;
  targetCommit: string;
}

const SHA_PATTERN = /^[0-9a-f]{40}$/;
const DEFAULT_MESSAGE = 'Upload folder using huggingface_hub';
/** The Hub turns these README header keys into `key:value` tags. */
const CARD_TAG_KEYS = ['task_categories', 'task_ids', 'language', 'license', 'size_categories', 'modality'];

/**
 * A dataset repo as git sees it: commits holding full snapshots, and refs stored under their full names
 * (refs/heads/x, refs/tags/x, refs/convert/x, refs/pr/n) so every revision form resolves the same way.
 */
export class StandInRepo {
  readonly id: string;
  readonly mongoId: string;
  tags: string[];
  cardData: Record<string, unknown> | undefined;
  gated: false | 'auto' | 'manual';
  private: boolean;
  disabled: boolean;
  allowedTokens: string[];
  downloads: number;
  likes: number;
  createdAt: string;
  private readonly commits = new Map<string, Commit>();
  private readonly refs = new Map<string, string>();

  constructor(options: StandInRepoOptions) {
    this.id = options.id;
    this.mongoId = createHash('sha1').update(options.id).digest('hex').slice(0, 24);
    this.cardData = options.cardData;
    this.tags = options.tags ?? tagsFromCard(options.cardData);
    this.gated = options.gated ?? false;
    this.private = options.private ?? false;
    this.disabled = options.disabled ?? false;
    this.allowedTokens = options.allowedTokens ?? [];
    this.downloads = options.downloads ?? 0;
    this.likes = options.likes ?? 0;
    const first = this.addCommit(undefined, 'refs/heads/main', options.files, DEFAULT_MESSAGE, options.lastModified);
    this.createdAt = options.createdAt ?? first.date;
    if (options.versionTag) this.tag(options.versionTag, first.sha);
  }

  /**
   * A new commit on `branch` (default main) on top of its head; `null` deletes a path. A branch that does not
   * exist yet starts from main, except refs/convert/* branches, which the Hub keeps as orphans.
   */
  commit(files: Record<string, RepoFileSource | null>, opts: { branch?: string; message?: string } = {}): string {
    const ref = branchRef(opts.branch ?? 'main');
    const baseSha = this.refs.get(ref) ?? (ref.startsWith('refs/convert/') ? undefined : this.headSha());
    const base = baseSha === undefined ? undefined : this.commits.get(baseSha);
    return this.addCommit(base, ref, files, opts.message ?? DEFAULT_MESSAGE).sha;
  }

  tag(name: string, sha?: string): void {
    this.refs.set(`refs/tags/${name}`, this.existingSha(sha));
  }

  /** Names starting with refs/ (refs/convert/parquet, refs/pr/1) are kept as given. */
  createBranch(name: string, sha?: string): void {
    this.refs.set(branchRef(name), this.existingSha(sha));
  }

  headSha(branch = 'main'): string {
    const sha = this.refs.get(branchRef(branch));
    if (!sha) throw new Error(`${this.id} has no branch ${branch}`);
    return sha;
  }

  /** HEAD, a branch, a tag, a full ref name or a full commit sha (short shas are not supported, as on the Hub). */
  resolveRevision(revision: string): Commit | undefined {
    const sha =
      revision === 'HEAD'
        ? this.refs.get('refs/heads/main')
        : revision.startsWith('refs/')
          ? this.refs.get(revision)
          : (this.refs.get(`refs/heads/${revision}`) ??
            this.refs.get(`refs/tags/${revision}`) ??
            (SHA_PATTERN.test(revision) ? revision : undefined));
    return sha === undefined ? undefined : this.commits.get(sha);
  }

  listRefs(): { branches: RefInfo[]; tags: RefInfo[]; converts: RefInfo[]; pullRequests: RefInfo[] } {
    const pick = (prefix: string, keepPrefix = ''): RefInfo[] =>
      [...this.refs]
        .filter(([ref]) => ref.startsWith(prefix))
        .map(([ref, targetCommit]) => ({ name: keepPrefix + ref.slice(prefix.length), ref, targetCommit }));
    return {
      branches: pick('refs/heads/'),
      tags: pick('refs/tags/'),
      converts: pick('refs/convert/'),
      pullRequests: pick('refs/pr/', 'pr/'),
    };
  }

  /** The newest commit at or before `commit` that touched `path` (a file, a directory, or '' for the root). */
  lastCommitOf(commit: Commit, path: string): Commit {
    const prefix = path === '' ? '' : `${path}/`;
    for (let c: Commit | undefined = commit; c; c = c.parent) {
      for (const changed of c.changed) {
        if (changed === path || changed.startsWith(prefix)) return c;
      }
    }
    return commit;
  }

  /** Every distinct content ever committed: what the Hub reports as `usedStorage`. */
  usedStorage(): number {
    const blobs = new Set<RepoBlob>();
    for (const commit of this.commits.values()) for (const blob of commit.files.values()) blobs.add(blob);
    return [...blobs].reduce((sum, blob) => sum + blob.size, 0);
  }

  private existingSha(sha: string | undefined): string {
    const target = sha ?? this.headSha();
    if (!this.commits.has(target)) throw new Error(`${this.id} has no commit ${target}`);
    return target;
  }

  private addCommit(
    base: Commit | undefined,
    ref: string,
    changes: Record<string, RepoFileSource | null>,
    title: string,
    date = new Date().toISOString(),
  ): Commit {
    const files = new Map(base?.files);
    for (const [path, source] of Object.entries(changes)) {
      checkPath(path);
      if (source === null) files.delete(path);
      else files.set(path, RepoBlob.fromSource(source));
    }
    checkNoFileIsAlsoADirectory(files);
    // Deterministic, so two runs of the same fixture setup see the same shas.
    const sha = createHash('sha1')
      .update(JSON.stringify([this.id, base?.sha, ref, title, this.commits.size, Object.keys(changes).sort()]))
      .digest('hex');
    const commit: Commit = { sha, parent: base, title, date, files, changed: new Set(Object.keys(changes)) };
    this.commits.set(sha, commit);
    this.refs.set(ref, sha);
    return commit;
  }
}

function branchRef(name: string): string {
  return name.startsWith('refs/') ? name : `refs/heads/${name}`;
}

function checkPath(path: string): void {
  if (path === '' || path.startsWith('/') || path.split('/').some((part) => part === '' || part === '.' || part === '..')) {
    throw new Error(`Invalid repo path: ${JSON.stringify(path)}`);
  }
}

function checkNoFileIsAlsoADirectory(files: ReadonlyMap<string, RepoBlob>): void {
  for (const path of files.keys()) {
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i++) {
      const parent = parts.slice(0, i).join('/');
      if (files.has(parent)) throw new Error(`${parent} is both a file and a directory`);
    }
  }
}

function tagsFromCard(card: Record<string, unknown> | undefined): string[] {
  if (!card) return [];
  const strings = (value: unknown): string[] =>
    (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
  return [...strings(card['tags']), ...CARD_TAG_KEYS.flatMap((key) => strings(card[key]).map((v) => `${key}:${v}`))];
}
