import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ErrorCode } from '@robokit/api';
import { DomainError } from '../common/domain-error';
import { RepoFile } from './hub-cache';
import { HubNetworkError } from './hub-response-error';

/**
 * A size that differs from the listing's is a Hub that lies about the file: asking again gets the same
 * answer, so it is permanent. A hash mismatch at the right size is a corrupted transfer, worth a retry.
 */
function sizeLie(file: RepoFile, what: string): DomainError {
  return new DomainError(
    ErrorCode.DownloadIntegrity,
    `The Hub sent ${what} for ${file.path}, whose listing says ${file.size} bytes; the download was refused and discarded.`,
    { path: file.path, listedBytes: file.size },
    false,
  );
}

function corrupted(file: RepoFile, what: string): DomainError {
  return new DomainError(ErrorCode.DownloadIntegrity, `Download of ${file.path} was corrupted (${what}); it was discarded.`, { path: file.path });
}

/**
 * The content answer of a download, checked before a byte is read: no body at all, or a Content-Length
 * other than the listed size, is refused at once. (Only an unencoded length is comparable; downloads ask
 * for `identity`, so an encoded answer is rare and checked by counting instead.)
 */
export function checkAnnouncedSize(response: Response, file: RepoFile): ReadableStream<Uint8Array> {
  if (!response.body) throw sizeLie(file, 'an answer without a body');
  const encoding = response.headers.get('content-encoding');
  const length = response.headers.get('content-length');
  if (length !== null && (encoding === null || encoding === 'identity') && Number(length) !== file.size) {
    throw sizeLie(file, `Content-Length ${length}`);
  }
  return response.body;
}

/**
 * Streams a download to `destination` while counting and hashing it, and refuses it unless the size and
 * the hash are what the tree listing promised (sha256 for LFS files, the git blob id for the others): a
 * truncated, padded or corrupted answer never lands in the cache.
 */
export async function streamVerified(source: ReadableStream<Uint8Array>, destination: string, expected: RepoFile, onBytes: (bytes: number) => void): Promise<void> {
  const lfs = expected.lfsSha256 !== undefined;
  const hash = lfs ? createHash('sha256') : createHash('sha1').update(`blob ${expected.size}\0`);
  let received = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      received += chunk.length;
      if (received > expected.size) {
        callback(sizeLie(expected, `more than ${expected.size} bytes`));
        return;
      }
      hash.update(chunk);
      onBytes(chunk.length);
      callback(null, chunk);
    },
  });
  try {
    await pipeline(Readable.fromWeb(source as import('node:stream/web').ReadableStream), meter, createWriteStream(destination));
  } catch (error) {
    throw asNetworkFailure(error);
  }
  if (received !== expected.size) throw sizeLie(expected, `${received} bytes and ended the answer`);
  const digest = hash.digest('hex');
  const wanted = lfs ? expected.lfsSha256 : expected.blobId;
  if (digest !== wanted) throw corrupted(expected, `${lfs ? 'sha256' : 'git blob id'} ${digest} instead of ${wanted}`);
}

/**
 * A body stream that breaks (socket closed mid-body) surfaces as undici's bare TypeError "terminated";
 * it is recognised by its message, since undici's errors may come from another realm than our Error.
 */
function asNetworkFailure(error: unknown): unknown {
  const message = (error as { message?: unknown } | null)?.message;
  if (typeof message === 'string' && /terminated|ECONNRESET|socket/i.test(message)) {
    return new HubNetworkError('', `the connection broke mid-download: ${message}`);
  }
  return error;
}
