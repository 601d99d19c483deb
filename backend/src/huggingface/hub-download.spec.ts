import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ErrorCode } from '@robokit/api';
import { DomainError } from '../common/domain-error';
import { RepoFile } from './hub-cache';
import { checkAnnouncedSize, streamVerified } from './hub-download';

const content = Buffer.from('PAR1 some episode data PAR1');
const gitOid = createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex');
const sha256 = createHash('sha256').update(content).digest('hex');
const regular: RepoFile = { path: 'meta/info.json', size: content.length, blobId: gitOid };
const lfs: RepoFile = { path: 'data/a.parquet', size: content.length, blobId: 'f'.repeat(40), lfsSha256: sha256 };

function streamOf(...chunks: Buffer[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(new Uint8Array(chunk));
      controller.close();
    },
  });
}

async function failure(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe(ErrorCode.DownloadIntegrity);
  return error as DomainError;
}

describe('streamVerified', () => {
  const destination = () => join(mkdtempSync(join(tmpdir(), 'rk-download-')), 'scratch');

  it.each([
    ['a regular file, by its git blob id', regular],
    ['an LFS file, by its sha256', lfs],
  ])('keeps %s when size and hash match', async (_label, file) => {
    const target = destination();
    let counted = 0;
    await streamVerified(streamOf(content.subarray(0, 5), content.subarray(5)), target, file, (bytes) => (counted += bytes));
    expect(readFileSync(target).equals(content)).toBe(true);
    expect(counted).toBe(content.length);
  });

  it.each([regular, lfs])('refuses bytes beyond the listed size at once, permanently ($path)', async (file) => {
    const error = await failure(streamVerified(streamOf(content, Buffer.from('x')), destination(), file, () => undefined));
    expect(error.message).toMatch(/more than \d+ bytes/);
    expect(error.toJobError().retryable).toBe(false);
  });

  it('refuses an answer that ends cleanly short of the listed size, permanently', async () => {
    const error = await failure(streamVerified(streamOf(content.subarray(0, 10)), destination(), lfs, () => undefined));
    expect(error.message).toContain('10 bytes and ended the answer');
    expect(error.toJobError().retryable).toBe(false);
  });

  it.each([regular, lfs])('refuses corrupted bytes of the right length, as a transfer worth retrying ($path)', async (file) => {
    const corrupted = Buffer.from(content.map((byte) => byte ^ 0xff));
    const error = await failure(streamVerified(streamOf(corrupted), destination(), file, () => undefined));
    expect(error.message).toMatch(file.lfsSha256 ? /sha256 [0-9a-f]{64} instead of/ : /git blob id [0-9a-f]{40} instead of/);
    expect(error.toJobError().retryable).toBe(true);
  });
});

describe('checkAnnouncedSize', () => {
  it('passes the body of an answer whose Content-Length is the listed size', () => {
    const response = new Response(content, { headers: { 'content-length': String(content.length) } });
    expect(checkAnnouncedSize(response, lfs)).toBe(response.body);
  });

  it.each([content.length - 1, content.length + 1])('refuses Content-Length %i before reading, permanently', async (length) => {
    const response = new Response(content, { headers: { 'content-length': String(length) } });
    const error = await failure(Promise.resolve().then(() => checkAnnouncedSize(response, lfs)));
    expect(error.message).toContain(`Content-Length ${length} for data/a.parquet, whose listing says ${content.length} bytes`);
    expect(error.toJobError().retryable).toBe(false);
  });

  it('leaves an encoded length to the byte count, and refuses an answer without a body', async () => {
    const encoded = new Response(content, { headers: { 'content-length': '3', 'content-encoding': 'gzip' } });
    expect(checkAnnouncedSize(encoded, lfs)).toBe(encoded.body);
    await failure(Promise.resolve().then(() => checkAnnouncedSize(new Response(null, { status: 200 }), lfs)));
  });
});
