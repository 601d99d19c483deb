/**
 * v3.0 file numbering (format doc §2.3): files `chunk-{chunk_index:03d}/file-{file_index:03d}`, at most
 * `chunks_size` files per chunk directory. Data, each camera's videos and the episodes metadata are numbered
 * independently; each starts a new file only before an episode, and never leaves a file empty.
 */

export interface FileIndex {
  chunk: number;
  file: number;
}

export const MB = 1024 * 1024;

/** LeRobot `update_chunk_file_indices`. */
export function nextFile({ chunk, file }: FileIndex, chunksSize: number): FileIndex {
  return file === chunksSize - 1 ? { chunk: chunk + 1, file: 0 } : { chunk, file: file + 1 };
}

/** Places episodes one after the other into numbered files. */
export class FileSequence {
  current: FileIndex = { chunk: 0, file: 0 };
  /** Episodes placed in the current file. */
  episodes = 0;

  constructor(
    private readonly chunksSize: number,
    /** The factory's `episodesPerFile`-style cap (Infinity = sizes only). */
    private readonly maxEpisodes: number,
  ) {}

  /** Places the next episode, in a new file when `full` (the caller's size rule) or the episode cap says so. */
  place(full: boolean): FileIndex {
    if (this.episodes > 0 && (full || this.episodes >= this.maxEpisodes)) {
      this.current = nextFile(this.current, this.chunksSize);
      this.episodes = 0;
    }
    this.episodes++;
    return this.current;
  }
}

/** `{chunk_index, file_index}` for the path templates. */
export const templateIndices = ({ chunk, file }: FileIndex) => ({ chunk_index: chunk, file_index: file });
