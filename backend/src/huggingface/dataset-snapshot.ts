import { Injectable } from '@nestjs/common';
import { RepoFileInfo } from '@robokit/api';
import { DatasetFiles, directoryFiles } from '@robokit/lerobot';
import { RepoFile } from './hub-cache';
import { HubService } from './hub.service';

const META = /^meta\//;
const DATA = /^data\//;
const VIDEOS = /^videos\//;

/** Which parts of the dataset a job reads: the meta files always; frame data and videos when it needs them. */
export interface SnapshotParts {
  data: boolean;
  videos: boolean;
}
const PARALLEL_DOWNLOADS = 4;

export interface LocalSnapshot {
  files: DatasetFiles;
  listing: RepoFileInfo[];
}

/** Brings a dataset commit into the local cache (what a job needs of it) and opens it for the format core. */
@Injectable()
export class DatasetSnapshot {
  constructor(private readonly hub: HubService) {}

  async prepare(repoId: string, commitSha: string, parts: SnapshotParts, report: (fraction: number) => Promise<void>): Promise<LocalSnapshot> {
    const files = await this.hub.listFiles(repoId, commitSha);
    const wanted = files.filter((file) => META.test(file.path) || (parts.data && DATA.test(file.path)) || (parts.videos && VIDEOS.test(file.path)));
    await this.download(repoId, commitSha, wanted, report);
    return this.view(repoId, commitSha, files);
  }

  /**
   * The meta files only, and `fetch` for the data and video files a job picks once it has read them: a job
   * that reads a sample of the episodes downloads only theirs.
   */
  async prepareMeta(repoId: string, commitSha: string): Promise<LocalSnapshot & { fetch: (paths: string[], report: (fraction: number) => Promise<void>) => Promise<void> }> {
    const files = await this.hub.listFiles(repoId, commitSha);
    await this.download(repoId, commitSha, files.filter((file) => META.test(file.path)), async () => undefined);
    const fetch = (paths: string[], report: (fraction: number) => Promise<void>) => {
      const chosen = new Set(paths);
      return this.download(repoId, commitSha, files.filter((file) => chosen.has(file.path)), report);
    };
    return { ...this.view(repoId, commitSha, files), fetch };
  }

  /**
   * Opens what an earlier job brought into the cache, asking the Hub nothing when the listing is cached, and
   * downloading just `needed` (e.g. the one data file a plot reads) when it is missing.
   */
  async open(repoId: string, commitSha: string, needed: string[] = []): Promise<LocalSnapshot> {
    const files = await this.hub.cachedListing(repoId, commitSha);
    const byPath = new Map(files.map((file) => [file.path, file]));
    for (const path of needed) {
      const file = byPath.get(path);
      if (file) await this.hub.ensureLocal(repoId, commitSha, file);
    }
    return this.view(repoId, commitSha, files);
  }

  private view(repoId: string, commitSha: string, files: RepoFile[]): LocalSnapshot {
    return {
      files: directoryFiles(this.hub.snapshotDir(repoId, commitSha), files.map((file) => file.path)),
      listing: files.map((file) => ({ path: file.path, size: file.size, lfs: file.lfsSha256 !== undefined })),
    };
  }

  /**
   * A few files at a time, reporting the share of bytes done. The first failure stops the other lanes from
   * starting new files, and is thrown once they have finished theirs: a failed job leaves no download of
   * its own still writing into the cache.
   */
  private async download(repoId: string, commitSha: string, files: RepoFile[], report: (fraction: number) => Promise<void>): Promise<void> {
    const total = files.reduce((sum, file) => sum + file.size, 0) || 1;
    let done = 0;
    const pending = [...files];
    let failure: { error: unknown } | undefined;
    const lane = async () => {
      try {
        for (let file = pending.shift(); file; file = pending.shift()) {
          await this.hub.ensureLocal(repoId, commitSha, file, (bytes) => (done += bytes));
          await report(done / total);
        }
      } catch (error) {
        pending.length = 0;
        failure ??= { error };
      }
    };
    await Promise.all(Array.from({ length: PARALLEL_DOWNLOADS }, lane));
    if (failure) throw failure.error;
  }
}
