import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { Readable } from 'node:stream';
import type { RepoFileSource } from './types';

/** Extensions the Hub's default .gitattributes sends to LFS (the subset a dataset can plausibly hold). */
const LFS_EXTENSIONS =
  /\.(parquet|arrow|mp4|webm|avi|mkv|mov|png|jpe?g|webp|gif|tiff?|bmp|npy|npz|safetensors|pt|pth|ckpt|bin|h5|pkl|pickle|zip|tar|gz|tgz|bz2|xz|zst|7z|wav|mp3|flac|ogg)$/i;
/** The Hub refuses non-LFS files above 10 MB, so anything bigger is necessarily LFS. */
const LFS_MIN_SIZE = 10 * 1024 * 1024;

export interface BlobDigests {
  /** Git blob sha1 of the content itself. */
  gitOid: string;
  sha256: string;
}

const diskBlobs = new Map<string, RepoBlob>();

/** One file content. Disk files are streamed, and hashed once, lazily, on first need. */
export class RepoBlob {
  private digestsPromise?: Promise<BlobDigests>;

  private constructor(
    readonly size: number,
    private readonly bytes: Buffer | undefined,
    private readonly filePath: string | undefined,
  ) {}

  static fromBytes(bytes: Buffer): RepoBlob {
    return new RepoBlob(bytes.length, bytes, undefined);
  }

  static fromSource(source: RepoFileSource): RepoBlob {
    if (typeof source === 'string') return RepoBlob.fromBytes(Buffer.from(source, 'utf8'));
    if (Buffer.isBuffer(source)) return RepoBlob.fromBytes(source);
    return RepoBlob.fromDisk(resolve(source.path));
  }

  /** Repos built from the same fixture files share one blob, so each file is hashed once per process. */
  private static fromDisk(absolutePath: string): RepoBlob {
    const stat = statSync(absolutePath);
    if (!stat.isFile()) throw new Error(`Not a regular file: ${absolutePath}`);
    const key = `${absolutePath}\0${stat.size}\0${stat.mtimeMs}`;
    let blob = diskBlobs.get(key);
    if (!blob) {
      blob = new RepoBlob(stat.size, undefined, absolutePath);
      diskBlobs.set(key, blob);
    }
    return blob;
  }

  /** Bytes [start, end] inclusive. */
  stream(start = 0, end = this.size - 1): Readable {
    if (end < start) return Readable.from([]);
    if (this.bytes) return Readable.from([this.bytes.subarray(start, end + 1)]);
    return createReadStream(this.filePath as string, { start, end });
  }

  /** Whole content in memory; only for small files such as a README. */
  async text(): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const chunk of this.stream()) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }

  digests(): Promise<BlobDigests> {
    this.digestsPromise ??= this.computeDigests();
    return this.digestsPromise;
  }

  private async computeDigests(): Promise<BlobDigests> {
    const sha1 = createHash('sha1').update(`blob ${this.size}\0`);
    const sha256 = createHash('sha256');
    for await (const chunk of this.stream()) {
      sha1.update(chunk as Buffer);
      sha256.update(chunk as Buffer);
    }
    return { gitOid: sha1.digest('hex'), sha256: sha256.digest('hex') };
  }
}

export function isLfsPath(path: string, size: number): boolean {
  return LFS_EXTENSIONS.test(path) || size > LFS_MIN_SIZE;
}

export function gitBlobOid(content: Buffer): string {
  return createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex');
}

export function lfsPointer(sha256: string, size: number): string {
  return `version https://git-lfs.github.com/spec/v1\noid sha256:${sha256}\nsize ${size}\n`;
}
