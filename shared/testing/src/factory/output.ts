import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** What a version writer produced. */
export interface WrittenDataset {
  /** info.json text as written. */
  infoJson: string;
  /** Repo-relative paths. */
  files: string[];
}

/** Writes repo-relative files under a dataset root and remembers their paths. */
export class DatasetOutput {
  readonly files: string[] = [];

  constructor(readonly dir: string) {}

  path(relative: string): string {
    return join(this.dir, relative);
  }

  async write(relative: string, content: string | Uint8Array): Promise<void> {
    await mkdir(dirname(this.path(relative)), { recursive: true });
    await writeFile(this.path(relative), content);
    this.files.push(relative);
  }

  /** Creates the parent directories of files someone else (ffmpeg) writes, and records them. */
  async prepare(relatives: string[]): Promise<void> {
    await Promise.all([...new Set(relatives.map((r) => dirname(this.path(r))))].map((d) => mkdir(d, { recursive: true })));
    this.files.push(...relatives);
  }
}
