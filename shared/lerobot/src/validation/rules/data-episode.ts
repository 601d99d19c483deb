import { Severity } from '@robokit/api';
import { EpisodeRecord } from '../../dataset';
import { ReadableVersion } from '../../version';
import { GroupScan } from '../../scan/episode-scan';
import { FindingCollector } from '../findings';

/** LeRobot's `tolerance_s` for consecutive timestamps (lerobot-format.md §7.2). */
export const TIMESTAMP_TOLERANCE_S = 1e-4;

const seconds = (value: number) => `${Number(value.toFixed(6))} s`;
const between = (pos: number): [number, number] => [Math.max(pos - 1, 0), pos];

export interface EpisodeRows {
  path: string;
  record: EpisodeRecord;
  group: GroupScan;
  version: ReadableVersion;
  fps: number;
  findings: FindingCollector;
}

/** The rows of one episode in the file its metadata names: count, order, timestamps, tasks, index range (§7.2, §7.5). */
export function checkEpisodeRows({ path, record, group, version, fps, findings }: EpisodeRows): void {
  const episode = record.index;
  const at = (frames: [number, number], feature?: string) => ({ file: path, episode, frames, ...(feature ? { feature } : {}) });
  if (group.rows !== record.length) {
    const frames: [number, number] = [Math.min(group.rows, record.length), Math.max(group.rows, record.length) - 1];
    const what = group.rows > record.length ? `frames ${frames[0]}–${frames[1]} are beyond it` : `frames ${frames[0]}–${frames[1]} are missing`;
    findings.add('EPISODE_LENGTH_MISMATCH', Severity.Error, `Episode ${episode} has ${group.rows} rows in ${path}, but its metadata length is ${record.length} (${what}); LeRobot finds episode boundaries from the lengths${version === 'v3.0' ? ' and row ranges' : ''}, so frames of neighbouring episodes get mixed.`, at(frames));
  }
  if (version === 'v3.0' && group.lastRow - group.firstRow + 1 !== group.rows) {
    findings.add('EPISODE_ROWS_INTERLEAVED', Severity.Error, `The ${group.rows} rows of episode ${episode} in ${path} are not contiguous: they spread over file rows ${group.firstRow}–${group.lastRow} with rows of other episodes between them; LeRobot v3 reads an episode as one contiguous row range, so its frames would mix episodes.`, at([0, group.rows - 1]));
  }
  if (group.frame && group.frame.breaks > 0 && group.frame.firstRow !== null) {
    const pos = group.frame.firstRow - group.firstRow;
    findings.add('FRAME_INDEX_MISMATCH', Severity.Error, `frame_index of episode ${episode} (${path}) breaks at frame ${pos}: the row holds frame_index ${group.frame.value ?? 'null'} where ${group.frame.expected} follows (${group.frame.breaks} break(s) in the episode); frame_index must run 0…length−1 in row order, and LeRobot's delta_timestamps and video lookups count frames by position.`, at(between(pos), 'frame_index'), group.frame.breaks);
  }
  if (group.timestamp) checkTimestamps(group.timestamp, group.firstRow, { path, episode, version, fps, findings, at });
  if (version === 'v3.0' && group.index && record.fromIndex !== null && record.toIndex !== null) {
    const { min, max } = group.index;
    if (min !== record.fromIndex || max !== record.toIndex - 1) {
      findings.add('EPISODE_INDEX_RANGE', Severity.Error, `The rows of episode ${episode} in ${path} carry index ${min}–${max}, but its metadata range is [${record.fromIndex}, ${record.toIndex}); LeRobot v3 fetches an episode's frames by that range, so it would read other rows.`, at([0, group.rows - 1], 'index'));
    }
  }
  if (group.task && group.task.bad > 0 && group.task.firstRow !== null) {
    const values = group.task.values.slice(0, 5).join(', ');
    const frames: [number, number] = [group.task.firstRow - group.firstRow, (group.task.lastRow ?? group.task.firstRow) - group.firstRow];
    findings.add('TASK_INDEX_UNKNOWN', Severity.Error, `${group.task.bad} frame(s) of episode ${episode} (${path}) have a task_index (${values}) that is not in the task table; LeRobot looks the task text up by task_index and fails on them.`, at(frames, 'task_index'), group.task.bad);
  }
}

interface TimestampContext {
  path: string;
  episode: number;
  version: ReadableVersion;
  fps: number;
  findings: FindingCollector;
  at: (frames: [number, number], feature?: string) => { file: string; episode: number; frames: [number, number] };
}

function checkTimestamps(timestamp: NonNullable<GroupScan['timestamp']>, firstRow: number, { path, episode, version, fps, findings, at }: TimestampContext): void {
  const period = 1 / fps;
  if (timestamp.first !== null && Math.abs(timestamp.first) > TIMESTAMP_TOLERANCE_S) {
    findings.add('TIMESTAMP_START', Severity.Warning, `Episode ${episode} (${path}) starts at timestamp ${seconds(timestamp.first)} instead of 0; timestamps count from the episode's start, and LeRobot decodes each frame's video at its timestamp${version === 'v3.0' ? ' (plus from_timestamp)' : ''}, so every frame is shifted.`, at([0, 0], 'timestamp'));
  }
  if (timestamp.bad === 0 || timestamp.firstRow === null) return;
  const pos = timestamp.firstRow - firstRow;
  const delta = timestamp.delta ?? NaN;
  const kind = delta === 0 ? 'a duplicate timestamp' : delta < 0 ? 'time going backwards (often an episode boundary inside the episode)' : delta > 1.5 * period ? 'a gap (dropped frames)' : 'drift';
  const drift = timestamp.bad - timestamp.duplicate - timestamp.backwards - timestamp.gap;
  const classes = [
    [timestamp.duplicate, 'duplicate'],
    [timestamp.backwards, 'backwards'],
    [timestamp.gap, 'gap'],
    [drift, 'drift'],
  ]
    .filter(([count]) => (count as number) > 0)
    .map(([count, name]) => `${count} ${name}`)
    .join(', ');
  const consequence =
    version === 'v3.0'
      ? 'LeRobot v3 no longer checks this at load time, but its video frames are looked up by timestamp'
      : 'LeRobot refuses to load the dataset ("timestamps unexpectedly violate the tolerance")';
  findings.add(
    'TIMESTAMP_SYNC',
    version === 'v3.0' ? Severity.Warning : Severity.Error,
    `Episode ${episode} (${path}): frames ${pos - 1}→${pos} are ${seconds(delta)} apart instead of 1/${fps} s ± ${TIMESTAMP_TOLERANCE_S} s: ${kind}; ${timestamp.bad} step(s) in the episode break the rule (${classes}). ${consequence}.`,
    at(between(pos), 'timestamp'),
    timestamp.bad,
  );
}

/** Rows of one episode (or of none) in a file its metadata does not name, or rows of an episode no metadata lists. */
export function reportForeignRows(path: string, group: GroupScan, owner: EpisodeRecord | undefined, home: EpisodeRecord | undefined, version: ReadableVersion, findings: FindingCollector): void {
  const rows = `${group.rows} row(s) (file rows ${group.firstRow}–${group.lastRow})`;
  // In a v2 episode file, rows are frames of that file's episode; elsewhere, frames of the rows' own episode.
  const location =
    version !== 'v3.0' && home
      ? { file: path, episode: home.index, frames: [group.firstRow, group.lastRow] as [number, number] }
      : { file: path, ...(group.episode === null ? {} : { episode: group.episode }), frames: [0, group.rows - 1] as [number, number] };
  if (!owner) {
    findings.add('DATA_EPISODE_UNKNOWN', Severity.Error, `${path} holds ${rows} of episode ${group.episode ?? 'null'}, which the episode metadata does not list; LeRobot loads every data file, so these frames get counted and indexed without an episode.`, location, group.rows);
  } else if (version !== 'v3.0' && home) {
    findings.add('EPISODE_ROWS_MISPLACED', Severity.Error, `${path}, the file of episode ${home.index}, holds ${rows} of episode ${owner.index}; a v2 episode file must hold only its own episode, and LeRobot counts these frames as episode ${home.index}'s.`, location, group.rows);
  } else {
    const consequence = version === 'v3.0' ? 'LeRobot reads an episode only from the file its metadata names (a known defect of v2.1→v3.0 conversions before March 2026)' : 'LeRobot v2 loads every file under data/, so these frames are counted twice';
    findings.add('EPISODE_ROWS_MISPLACED', Severity.Error, `${path} holds ${rows} of episode ${owner.index}, whose metadata names ${owner.dataFile}; ${consequence}.`, location, group.rows);
  }
}

/**
 * Global `index` must run 0…N−1 contiguously over the data files in path order (§4.1, §7.5): each file's steps
 * come from the scan, and here each file's first index is checked against the last one before it.
 */
export class IndexContinuity {
  private expected: number | null = 0;

  constructor(private readonly findings: FindingCollector) {}

  /** A file that is missing or unreadable: its rows are unknown, so the next file sets the count again. */
  skip(): void {
    this.expected = null;
  }

  visitFile(path: string, groups: { episode: number | null; group: GroupScan }[]): void {
    const ordered = [...groups].sort((a, b) => a.group.firstRow - b.group.firstRow);
    if (ordered.length === 0) return;
    if (ordered.some(({ group }) => !group.index)) {
      this.expected = null; // no usable index column: DATA_COLUMN_MISSING/TYPE says so
      return;
    }
    const first = ordered[0];
    const where = (episode: number | null) => ({ file: path, ...(episode === null ? {} : { episode }), feature: 'index' });
    const start = first.group.index?.first ?? null;
    if (this.expected !== null && start !== this.expected) {
      this.findings.add('INDEX_NOT_CONTIGUOUS', Severity.Error, `The first row of ${path}${first.episode === null ? '' : ` (episode ${first.episode})`} has index ${start}, but the rows before it (in path order) end at ${this.expected - 1}; index must run 0…N−1 across the data files, and v3 episode ranges address rows by it.`, { ...where(first.episode), frames: [0, 0] });
    }
    for (const { episode, group } of ordered) {
      const index = group.index;
      if (!index || index.breaks === 0 || index.breakRow === null) continue;
      const pos = index.breakRow - group.firstRow;
      this.findings.add('INDEX_NOT_CONTIGUOUS', Severity.Error, `index jumps from ${index.breakPrevious} to ${index.breakValue} at row ${index.breakRow} of ${path}${episode === null ? '' : ` (frame ${pos} of episode ${episode})`}; ${index.breaks} such step(s) there. index must run 0…N−1 across the data files, and v3 episode ranges address rows by it.`, { ...where(episode), frames: between(pos) }, index.breaks);
    }
    const last = ordered.reduce((a, b) => (b.group.lastRow > a.group.lastRow ? b : a));
    const end = last.group.index?.last ?? null;
    this.expected = end === null ? null : end + 1;
  }
}
