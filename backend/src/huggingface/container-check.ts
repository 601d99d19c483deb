import { open } from 'node:fs/promises';
import { ErrorCode } from '@robokit/api';
import { DomainError } from '../common/domain-error';

const PARQUET_MAGIC = 'PAR1';
// Footer: a 4-byte metadata length, then the magic again.
const PARQUET_TAIL = 8;
// An mp4 box header: 32-bit size and type, then a 64-bit size when the 32-bit one is 1.
const BOX_HEADER = 16;
const BOX_TYPE = /^[\x20-\x7e]{4}$/;
// What a repo holds in place of a file that was pushed without its LFS content.
const LFS_POINTER = 'version https://git-lfs';

function corrupt(path: string, what: string): DomainError {
  return new DomainError(
    ErrorCode.FileCorrupt,
    `${path} on the Hub is ${what}, so it cannot be read; it was not stored. The dataset itself holds a broken file: upload it again and run the job on the new revision.`,
    { path },
  );
}

/**
 * The container frame of a downloaded parquet or mp4, checked before it enters the cache: a file its own
 * Hub listing vouches for (right size and hash) can still be truncated or garbage at the source, and the
 * job that needs it ends there, naming it, rather than half-reading it later. Only the frame is read (the
 * parquet magic and footer length, the mp4 top-level boxes), never the data.
 */
export async function checkContainer(localPath: string, repoPath: string): Promise<void> {
  const kind = repoPath.endsWith('.parquet') ? 'parquet' : repoPath.endsWith('.mp4') ? 'mp4' : null;
  if (!kind) return;
  const handle = await open(localPath, 'r');
  try {
    const { size } = await handle.stat();
    const read = async (position: number, length: number): Promise<Buffer> => {
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buffer, 0, length, position);
      return buffer.subarray(0, bytesRead);
    };
    if ((await read(0, LFS_POINTER.length)).toString('latin1') === LFS_POINTER) {
      throw corrupt(repoPath, 'a Git LFS pointer, not the file itself (it was pushed without its LFS content)');
    }
    if (kind === 'parquet') checkParquet(repoPath, size, await read(0, 4), await read(Math.max(0, size - PARQUET_TAIL), PARQUET_TAIL));
    else await checkMp4(repoPath, size, read);
  } finally {
    await handle.close();
  }
}

function checkParquet(path: string, size: number, head: Buffer, tail: Buffer): void {
  if (size < 4 + PARQUET_TAIL || head.toString('latin1') !== PARQUET_MAGIC) throw corrupt(path, 'not a parquet file (it does not start with PAR1)');
  if (tail.subarray(4).toString('latin1') !== PARQUET_MAGIC) throw corrupt(path, 'a truncated parquet file (it does not end with the PAR1 footer)');
  const footer = tail.readUInt32LE(0);
  if (footer > size - 4 - PARQUET_TAIL) throw corrupt(path, `a broken parquet file (its footer claims ${footer} bytes of a ${size}-byte file)`);
}

async function checkMp4(path: string, size: number, read: (position: number, length: number) => Promise<Buffer>): Promise<void> {
  const types = new Set<string>();
  for (let offset = 0; offset < size; ) {
    const header = await read(offset, BOX_HEADER);
    const type = header.subarray(4, 8).toString('latin1');
    if (header.length < 8 || !BOX_TYPE.test(type)) throw corrupt(path, `not an mp4 file (no box at byte ${offset})`);
    const short = header.readUInt32BE(0);
    const length = short === 1 ? (header.length < BOX_HEADER ? 0 : Number(header.readBigUInt64BE(8))) : short === 0 ? size - offset : short;
    if (length < (short === 1 ? BOX_HEADER : 8)) throw corrupt(path, `not an mp4 file (a "${type}" box of ${length} bytes at byte ${offset})`);
    if (offset + length > size) throw corrupt(path, `a truncated mp4 file (its "${type}" box at byte ${offset} needs ${length} bytes, ${size - offset} are there)`);
    types.add(type);
    offset += length;
  }
  if (!types.has('moov')) throw corrupt(path, 'an mp4 file without its "moov" box (no index of its frames)');
}
