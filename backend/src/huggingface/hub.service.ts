import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { datasetInfo, listFiles, pathsInfo } from '@huggingface/hub';
import { ErrorCode, repoIdProblem } from '@robokit/api';
import { DomainError } from '../common/domain-error';
import { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import type { HubRepoFacts } from '../datasets/dataset.entity';
import { HubCache, RepoFile } from './hub-cache';
import { checkContainer } from './container-check';
import { checkAnnouncedSize, streamVerified } from './hub-download';
import { hubError, HubContext } from './hub-errors';
import { createHubFetch } from './hub-fetch';
import { checkedListing, ListingCheck, repoFileOf } from './hub-listing';
import { HubNetworkError, HubProtocolError } from './hub-response-error';

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
export class HubService implements OnApplicationBootstrap {
  private readonly logger = new Logger('HubService');
  private readonly cache: HubCache;
  readonly fetch: typeof fetch;
  private readonly inFlight = new Map<string, Promise<string>>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.cache = new HubCache(config.hubCacheDir);
    this.fetch = createHubFetch({ hubUrl: config.hubUrl, idleTimeoutMs: config.hubTimeoutMs, localOnly: config.localOnly });
  }

  /** What downloads of a killed process left behind goes; twice the idle timeout leaves live downloads alone. */
  async onApplicationBootstrap(): Promise<void> {
    try {
      const removed = await this.cache.sweepScratch(2 * this.config.hubTimeoutMs);
      if (removed > 0) this.logger.log(`Removed ${removed} unfinished download(s) of stopped processes from the cache`);
    } catch (error) {
      // Housekeeping: a cache folder it cannot read is no reason not to start.
      this.logger.warn(`Could not sweep unfinished downloads from ${this.config.hubCacheDir}: ${(error as Error).message}`);
    }
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
      // The canonical name ends up in every later URL and in the cache folder's name.
      if (info.name && repoIdProblem(info.name)) {
        throw new DomainError(ErrorCode.HubBadResponse, `The Hub gave ${repoId} the name ${JSON.stringify(info.name)}, which is not a repo id.`, { repoId, revision });
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
    const check = new ListingCheck(repoId);
    try {
      for await (const entry of listFiles({ ...this.credentials(), repo: { type: 'dataset', name: repoId }, revision: commitSha, recursive: true })) {
        if (entry.type === 'file') files.push(check.add(repoFileOf(repoId, entry)));
      }
    } catch (error) {
      throw hubError(asUnreadableListing(error), this.context(repoId, commitSha));
    }
    files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    await this.cache.writeTree(repoId, commitSha, files);
    return files;
  }

  /** The listing an import wrote to the cache; the Hub is asked only when there is none (and it may be). */
  async cachedListing(repoId: string, commitSha: string): Promise<RepoFile[]> {
    return (await this.cachedTree(repoId, commitSha)) ?? this.listFiles(repoId, commitSha);
  }

  /** huggingface_hub before 1.22 writes no tree listing; then the snapshot folder is the best account. */
  private async offlineListing(repoId: string, commitSha: string): Promise<RepoFile[] | null> {
    return (await this.cachedTree(repoId, commitSha)) ?? (await this.cache.snapshotFiles(repoId, commitSha));
  }

  /** Other tools write trees/<commit>.json too, so what it says is checked like a listing from the Hub. */
  private async cachedTree(repoId: string, commitSha: string): Promise<RepoFile[] | null> {
    const files = await this.cache.readTree(repoId, commitSha);
    return files && checkedListing(repoId, files);
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
      if (entry.path !== path) throw new HubProtocolError('', `an answer about ${JSON.stringify(entry.path)} when asked about ${path}`);
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
    if (file.size > this.config.hubMaxFileBytes) {
      throw new DomainError(
        ErrorCode.FileTooLarge,
        `${file.path} of ${repoId} is ${file.size} bytes, more than the ${this.config.hubMaxFileBytes} bytes this installation downloads (HUB_MAX_FILE_BYTES); it was not fetched.`,
        { repoId, path: file.path, sizeBytes: file.size, limitBytes: this.config.hubMaxFileBytes },
      );
    }
    const key = `${repoId}@${commitSha}:${file.path}`;
    const running = this.inFlight.get(key);
    if (running) return running;
    const download = this.download(repoId, commitSha, file, etag, onBytes).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, download);
    return download;
  }

  /**
   * One GET of the file's resolve URL, straight through the Hub fetch rather than the library's WebBlob,
   * whose stream() hides the answer's headers (the Content-Length checked here) and its typed errors.
   */
  private async download(repoId: string, commitSha: string, file: RepoFile, etag: string, onBytes: (bytes: number) => void): Promise<string> {
    const temporary = await this.cache.temporaryBlobPath(repoId, etag);
    const url = `${this.config.hubUrl}/datasets/${repoId}/resolve/${encodeURIComponent(commitSha)}/${file.path.split('/').map(encodeURIComponent).join('/')}`;
    // identity: an encoded answer's Content-Length would not be the file's size.
    const headers: Record<string, string> = { 'accept-encoding': 'identity', ...(this.config.hubToken ? { authorization: `Bearer ${this.config.hubToken}` } : {}) };
    const deadline = this.downloadDeadline(url, file);
    try {
      const response = await this.fetch(url, { headers, signal: deadline.signal });
      let body: ReadableStream<Uint8Array>;
      try {
        body = checkAnnouncedSize(response, file);
      } catch (error) {
        await response.body?.cancel().catch(() => undefined);
        throw error;
      }
      await streamVerified(body, temporary, file, onBytes);
      await checkContainer(temporary, file.path);
      return await this.cache.commitBlob(repoId, commitSha, file.path, etag, temporary);
    } catch (error) {
      await this.cache.discard(temporary);
      throw hubError(error, this.context(repoId, commitSha, file.path));
    } finally {
      deadline.clear();
    }
  }

  /** Aborts a download that outlasts HUB_TIMEOUT_MS plus its size at HUB_MIN_BYTES_PER_S. */
  private downloadDeadline(url: string, file: RepoFile): { signal: AbortSignal; clear: () => void } {
    const limitMs = this.config.hubTimeoutMs + Math.ceil((file.size / this.config.hubMinBytesPerSecond) * 1000);
    const controller = new AbortController();
    const reason = new HubNetworkError(url, `it sent too slowly: ${file.size} bytes take at most ${limitMs} ms (HUB_TIMEOUT_MS plus the size at HUB_MIN_BYTES_PER_S)`);
    const timer = setTimeout(() => controller.abort(reason), limitMs);
    return { signal: controller.signal, clear: () => clearTimeout(timer) };
  }
}

/** The library iterates whatever JSON the tree answer held; one that is not a list of entries is refused. */
function asUnreadableListing(error: unknown): unknown {
  if ((error as Error | null)?.name === 'TypeError' && /is not iterable/.test((error as Error).message)) {
    return new HubProtocolError('', 'a file listing that is not a list of entries');
  }
  return error;
}
