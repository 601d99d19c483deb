import { Inject, Injectable } from '@nestjs/common';
import { datasetInfo, downloadFile, listFiles, ListFileEntry, pathsInfo } from '@huggingface/hub';
import { ErrorCode } from '@robokit/api';
import { DomainError } from '../common/domain-error';
import { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import type { HubRepoFacts } from '../datasets/dataset.entity';
import { HubCache, isSafeRepoPath, RepoFile } from './hub-cache';
import { streamVerified } from './hub-download';
import { hubError, HubContext } from './hub-errors';
import { createHubFetch } from './hub-fetch';
import { HubNetworkError } from './hub-response-error';

export interface ResolvedRevision {
  /** The repo id as the Hub spells it (it also answers for other casings and renamed repos). */
  repoId: string;
  commitSha: string;
  /** null offline: the cache does not keep what the Hub said about the repo. */
  facts: HubRepoFacts | null;
}

const FULL_SHA = /^[0-9a-f]{40}$/;

function notInCache(repoId: string, revision: string, what: string, path?: string): DomainError {
  return new DomainError(
    ErrorCode.NotInLocalCache,
    `${what} of ${repoId} is not in the local cache, and ROBOKIT_HF_LOCAL_ONLY=1 forbids asking the Hub. Import it once with Hub access, or unset ROBOKIT_HF_LOCAL_ONLY.`,
    { repoId, revision, ...(path ? { path } : {}) },
  );
}

/**
 * Every read of a Hub dataset: online through @huggingface/hub into the shared cache, or, with
 * ROBOKIT_HF_LOCAL_ONLY=1, from that cache alone.
 */
@Injectable()
export class HubService {
  private readonly cache: HubCache;
  readonly fetch: typeof fetch;
  private readonly inFlight = new Map<string, Promise<string>>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.cache = new HubCache(config.hubCacheDir);
    this.fetch = createHubFetch({ idleTimeoutMs: config.hubTimeoutMs, localOnly: config.localOnly });
  }

  private credentials() {
    return { hubUrl: this.config.hubUrl, fetch: this.fetch, accessToken: this.config.hubToken };
  }

  private context(repoId: string, revision?: string, path?: string): HubContext {
    return { repoId, revision, path, hubUrl: this.config.hubUrl };
  }

  /** Branch, tag or sha to the commit it names now; the branch's ref is written to the cache for offline use. */
  async resolveRevision(repoId: string, revision: string): Promise<ResolvedRevision> {
    if (this.config.localOnly) return { repoId, commitSha: await this.resolveOffline(repoId, revision), facts: null };
    try {
      const info = await datasetInfo({ ...this.credentials(), name: repoId, revision, additionalFields: ['sha', 'tags'] });
      if (!info.sha || !FULL_SHA.test(info.sha)) {
        throw new DomainError(ErrorCode.HubBadResponse, `The Hub did not say which commit ${revision} of ${repoId} is.`, { repoId, revision });
      }
      await this.cache.writeRef(repoId, revision, info.sha);
      const facts: HubRepoFacts = {
        gated: info.gated,
        private: info.private,
        tags: info.tags ?? [],
        lastModified: info.updatedAt ? new Date(info.updatedAt).toISOString() : null,
        downloads: info.downloads,
        likes: info.likes,
      };
      return { repoId: info.name || repoId, commitSha: info.sha, facts };
    } catch (error) {
      throw hubError(error, this.context(repoId, revision));
    }
  }

  private async resolveOffline(repoId: string, revision: string): Promise<string> {
    const commit = FULL_SHA.test(revision) ? revision : await this.cache.readRef(repoId, revision);
    if (!commit || !(await this.cache.hasSnapshot(repoId, commit))) {
      throw notInCache(repoId, revision, `Revision "${revision}"`);
    }
    return commit;
  }

  /** The folder where the files of a commit appear once downloaded (huggingface_hub's snapshot folder). */
  snapshotDir(repoId: string, commitSha: string): string {
    return this.cache.snapshotPath(repoId, commitSha);
  }

  /** The whole repo at a commit with one recursive tree listing (paged by the library), never a request per file. */
  async listFiles(repoId: string, commitSha: string): Promise<RepoFile[]> {
    if (this.config.localOnly) {
      const cached = await this.offlineListing(repoId, commitSha);
      if (!cached) throw notInCache(repoId, commitSha, `The file list at ${commitSha}`);
      return cached;
    }
    const files: RepoFile[] = [];
    try {
      for await (const entry of listFiles({ ...this.credentials(), repo: { type: 'dataset', name: repoId }, revision: commitSha, recursive: true })) {
        if (entry.type === 'file') files.push(repoFileOf(repoId, entry));
      }
    } catch (error) {
      throw hubError(error, this.context(repoId, commitSha));
    }
    files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    await this.cache.writeTree(repoId, commitSha, files);
    return files;
  }

  /** The listing an import wrote to the cache; the Hub is asked only when there is none (and it may be). */
  async cachedListing(repoId: string, commitSha: string): Promise<RepoFile[]> {
    return (await this.cache.readTree(repoId, commitSha)) ?? this.listFiles(repoId, commitSha);
  }

  /** huggingface_hub before 1.22 writes no tree listing; then the snapshot folder is the best account. */
  private async offlineListing(repoId: string, commitSha: string): Promise<RepoFile[] | null> {
    return (await this.cache.readTree(repoId, commitSha)) ?? (await this.cache.snapshotFiles(repoId, commitSha));
  }

  /** One file's listing entry without listing the repo, or null when the file does not exist at that commit. */
  async statFile(repoId: string, commitSha: string, path: string): Promise<RepoFile | null> {
    if (this.config.localOnly) return this.statOffline(repoId, commitSha, path);
    try {
      const [entry] = await pathsInfo({ ...this.credentials(), repo: { type: 'dataset', name: repoId }, revision: commitSha, paths: [path] });
      if (!entry || entry.type !== 'file') {
        await this.cache.markMissing(repoId, commitSha, path);
        return null;
      }
      return repoFileOf(repoId, entry);
    } catch (error) {
      throw hubError(error, this.context(repoId, commitSha, path));
    }
  }

  private async statOffline(repoId: string, commitSha: string, path: string): Promise<RepoFile | null> {
    const listed = (await this.offlineListing(repoId, commitSha))?.find((file) => file.path === path);
    if (listed) return listed;
    if (await this.cache.isMarkedMissing(repoId, commitSha, path)) return null;
    throw notInCache(repoId, commitSha, `${path} at ${commitSha}`, path);
  }

  /** The local path of a file, downloaded (verified) into the cache when it is not there yet. */
  async ensureLocal(repoId: string, commitSha: string, file: RepoFile, onBytes: (bytes: number) => void = () => undefined): Promise<string> {
    const cached = await this.cache.cachedFile(repoId, commitSha, file);
    if (cached) {
      onBytes(file.size);
      return cached;
    }
    const etag = file.lfsSha256 ?? file.blobId;
    if (await this.cache.hasBlob(repoId, etag, file.size)) {
      onBytes(file.size);
      return this.cache.link(repoId, commitSha, file.path, etag);
    }
    if (this.config.localOnly) {
      throw notInCache(repoId, commitSha, `${file.path} at ${commitSha}`, file.path);
    }
    const key = `${repoId}@${commitSha}:${file.path}`;
    const running = this.inFlight.get(key);
    if (running) return running;
    const download = this.download(repoId, commitSha, file, etag, onBytes).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, download);
    return download;
  }

  private async download(repoId: string, commitSha: string, file: RepoFile, etag: string, onBytes: (bytes: number) => void): Promise<string> {
    const temporary = await this.cache.temporaryBlobPath(repoId, etag);
    // WebBlob.stream() reports a failed request by its message only; keep the typed error it came from.
    let requestFailure: unknown;
    const fetch: typeof globalThis.fetch = (input, init) =>
      this.fetch(input, init).catch((error: unknown) => {
        requestFailure = error;
        throw error;
      });
    try {
      const url = `${this.config.hubUrl}/datasets/${repoId}/resolve/${encodeURIComponent(commitSha)}/${file.path.split('/').map(encodeURIComponent).join('/')}`;
      // The listing already gave size and etag, so the library's probe request is skipped.
      const blob = await downloadFile({ ...this.credentials(), fetch, repo: { type: 'dataset', name: repoId }, revision: commitSha, path: file.path, downloadInfo: { size: file.size, etag: `"${etag}"`, url } });
      if (!blob) throw new DomainError(ErrorCode.FileNotFound, `File ${file.path} vanished from ${repoId} at ${commitSha}.`, { repoId, path: file.path });
      await streamVerified(blob.stream(), temporary, file, onBytes);
      return await this.cache.commitBlob(repoId, commitSha, file.path, etag, temporary);
    } catch (error) {
      await this.cache.discard(temporary);
      throw hubError(asNetworkFailure(requestFailure ?? error), this.context(repoId, commitSha, file.path));
    }
  }
}

/** A listing entry as a cache entry; an entry that could write outside the cache is refused. */
function repoFileOf(repoId: string, entry: Pick<ListFileEntry, 'path' | 'size' | 'oid' | 'lfs'>): RepoFile {
  if (!entry.oid || !isSafeRepoPath(entry.path)) {
    throw new DomainError(ErrorCode.HubBadResponse, `The Hub listed a file without a blob id or with an unsafe path (${JSON.stringify(entry.path)}); refusing to import ${repoId}.`, { repoId, path: entry.path });
  }
  return { path: entry.path, size: entry.size, blobId: entry.oid, ...(entry.lfs ? { lfsSha256: entry.lfs.oid } : {}) };
}

// A body stream that breaks (socket closed, watchdog abort) surfaces as a bare TypeError/AbortError.
function asNetworkFailure(error: unknown): unknown {
  if (typeof error === 'string') return new HubNetworkError('', `connection lost mid-download: ${error}`);
  if (error instanceof Error && (error.name === 'AbortError' || /terminated|aborted|ECONNRESET|socket/i.test(error.message))) {
    return new HubNetworkError('', `connection lost mid-download: ${error.message}`);
  }
  return error;
}
