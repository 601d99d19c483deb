import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ErrorCode } from '@robokit/api';
import { DomainError } from '../common/domain-error';
import { RepoFile } from './hub-cache';

/**
 * Streams a download to `destination` while counting and hashing it, and refuses it unless the size (and
 * the sha256, for LFS files) is what the tree listing promised: a truncated or corrupted answer never
 * lands in the cache.
 */
export async function streamVerified(
  source: ReadableStream<Uint8Array>,
  destination: string,
  expected: RepoFile,
  onBytes: (bytes: number) => void,
): Promise<void> {
  const sha256 = createHash('sha256');
  let received = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      received += chunk.length;
      if (received > expected.size) {
        callback(integrityError(expected, `more than the ${expected.size} bytes listed`));
        return;
      }
      sha256.update(chunk);
      onBytes(chunk.length);
      callback(null, chunk);
    },
  });
  await pipeline(Readable.fromWeb(source as import('node:stream/web').ReadableStream), meter, createWriteStream(destination));
  if (received !== expected.size) {
    throw integrityError(expected, `${received} of ${expected.size} bytes`);
  }
  const digest = sha256.digest('hex');
  if (expected.lfsSha256 && digest !== expected.lfsSha256) {
    throw integrityError(expected, `sha256 ${digest} instead of ${expected.lfsSha256}`);
  }
}

function integrityError(file: RepoFile, what: string): DomainError {
  return new DomainError(ErrorCode.DownloadIntegrity, `Download of ${file.path} was incomplete or corrupted (${what}); it was discarded.`, { path: file.path });
}
