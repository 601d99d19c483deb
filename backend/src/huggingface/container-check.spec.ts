import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ErrorCode } from '@robokit/api';
import { DomainError } from '../common/domain-error';
import { checkContainer } from './container-check';

const folder = mkdtempSync(join(tmpdir(), 'rk-container-'));

function box(type: string, payload = 8): Buffer {
  const header = Buffer.alloc(8);
  header.writeUInt32BE(8 + payload, 0);
  header.write(type, 4, 'latin1');
  return Buffer.concat([header, Buffer.alloc(payload, 1)]);
}

function largeBox(type: string, payload: number): Buffer {
  const header = Buffer.alloc(16);
  header.writeUInt32BE(1, 0);
  header.write(type, 4, 'latin1');
  header.writeBigUInt64BE(BigInt(16 + payload), 8);
  return Buffer.concat([header, Buffer.alloc(payload, 2)]);
}

function parquet(footer: number, body = 40): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32LE(footer, 0);
  return Buffer.concat([Buffer.from('PAR1'), Buffer.alloc(body, 3), length, Buffer.from('PAR1')]);
}

async function check(path: string, content: Buffer): Promise<DomainError | undefined> {
  const local = join(folder, path.replace(/\//g, '_'));
  writeFileSync(local, content);
  return checkContainer(local, path).then(
    () => undefined,
    (error: DomainError) => error,
  );
}

describe('checkContainer', () => {
  it('passes whole parquet and mp4 files, a 64-bit box and a last box that runs to the end, and ignores other files', async () => {
    expect(await check('data/a.parquet', parquet(20))).toBeUndefined();
    const mp4 = Buffer.concat([box('ftyp'), box('moov', 100), largeBox('mdat', 300)]);
    expect(await check('videos/a.mp4', mp4)).toBeUndefined();
    const open = Buffer.concat([box('ftyp'), box('moov'), Buffer.from([0, 0, 0, 0]), Buffer.from('mdat'), Buffer.alloc(50)]);
    expect(await check('videos/b.mp4', open)).toBeUndefined();
    expect(await check('meta/info.json', Buffer.from('not json at all'))).toBeUndefined();
  });

  it.each([
    ['a truncated parquet', 'data/t.parquet', parquet(20).subarray(0, 30), /data\/t\.parquet on the Hub is a truncated parquet file \(it does not end with the PAR1 footer\)/],
    ['a file that is not parquet', 'data/n.parquet', Buffer.alloc(64, 0x5a), /not a parquet file \(it does not start with PAR1\)/],
    ['a parquet whose footer is longer than the file', 'data/f.parquet', parquet(1000), /its footer claims 1000 bytes of a 52-byte file/],
    ['garbage in an mp4', 'videos/g.mp4', Buffer.alloc(4096, 0x5a), /videos\/g\.mp4 on the Hub is a truncated mp4 file/],
    ['bytes that are no box at all', 'videos/x.mp4', Buffer.alloc(64, 0), /not an mp4 file \(no box at byte 0\)/],
    ['an mp4 cut inside its last box', 'videos/c.mp4', Buffer.concat([box('ftyp'), box('moov', 100), box('mdat', 300)]).subarray(0, 200), /truncated mp4 file \(its "mdat" box at byte 124 needs 308 bytes, 76 are there\)/],
    ['a Git LFS pointer in place of the file', 'data/p.parquet', Buffer.from('version https://git-lfs.github.com/spec/v1\noid sha256:' + 'a'.repeat(64) + '\nsize 4000\n'), /data\/p\.parquet on the Hub is a Git LFS pointer, not the file itself/],
    ['an mp4 without moov', 'videos/m.mp4', Buffer.concat([box('ftyp'), box('mdat', 100)]), /without its "moov" box/],
  ])('refuses %s as FILE_CORRUPT, naming the file and what is wrong', async (_name, path, content, message) => {
    const error = await check(path, content);
    expect(error).toBeInstanceOf(DomainError);
    expect(error?.code).toBe(ErrorCode.FileCorrupt);
    expect(error?.message).toMatch(message);
    expect(error?.details).toEqual({ path });
  });
});
