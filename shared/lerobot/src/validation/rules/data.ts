import { Severity } from '@robokit/api';
import { EpisodeRecord } from '../../dataset';
import { normaliseNames } from '../../names';
import { DataFile, FileScan, GroupScan, scanDataFiles } from '../../scan/episode-scan';
import { readDatasetStats, readEpisodeStats } from '../../stats';
import { ValidationContext } from '../context';
import { checkFileSchema, reportShape } from './data-schema';
import { checkEpisodeRows, IndexContinuity, reportForeignRows, TIMESTAMP_TOLERANCE_S } from './data-episode';
import { StatsCheck } from './data-stats';

// A Git LFS pointer (≈130 bytes of text) is reported by rules/files.ts; it is no parquet to read.
const POINTER_MAX_BYTES = 200;

/**
 * The frame data itself (lerobot-format.md §4, §6, §7): every data parquet read once with DuckDB, in path order
 * (the dataset's storage order), checked per file (schema), per episode (rows, frame_index, timestamps, tasks,
 * index range, NaN/Inf, stats) and over the dataset (global index, total rows, stats.json).
 */
export async function checkData(context: ValidationContext): Promise<void> {
  const { dataset, files, listing, findings } = context;
  const { info, version } = dataset;
  const sizes = new Map(listing.map((file) => [file.path, file.size]));
  const byFile = new Map<string, EpisodeRecord[]>();
  for (const episode of dataset.episodes) {
    const list = byFile.get(episode.dataFile);
    if (list) list.push(episode);
    else byFile.set(episode.dataFile, [episode]);
  }
  const byIndex = new Map(dataset.episodes.map((episode) => [episode.index, episode]));
  // LeRobot loads every parquet under data/, so files no episode names are scanned too (their rows count).
  const orphans = listing.map((file) => file.path).filter((path) => path.startsWith('data/') && path.endsWith('.parquet') && !byFile.has(path));
  const paths = [...new Set([...byFile.keys(), ...orphans])].sort();

  const readable: DataFile[] = [];
  const skipped = new Set<string>();
  for (const path of paths) {
    const local = files.localPath(path);
    const size = sizes.get(path);
    if (!local || size === undefined || (size <= POINTER_MAX_BYTES && (await isPointer(files, path)))) skipped.add(path);
    else readable.push({ path, local, size });
  }
  if (readable.length === 0) return;

  const stats = new StatsCheck(dataset, findings, await readEpisodeStats(dataset, files).catch(() => null));
  const continuity = new IndexContinuity(findings);
  const settings = { period: 1 / info.fps, tolerance: TIMESTAMP_TOLERANCE_S, tasks: dataset.tasks.map((task) => task.taskIndex) };
  let rows = 0;
  let complete = skipped.size === 0;
  let position = 0;
  let done = 0;
  for await (const scan of scanDataFiles(readable, info.features, settings)) {
    // Files between the previous one and this that could not be read leave the index count unknown.
    while (paths[position] !== scan.path) if (skipped.has(paths[position++])) continuity.skip();
    position += 1;
    if ('error' in scan) {
      complete = false;
      continuity.skip();
      const episodes = byFile.get(scan.path) ?? [];
      findings.add('DATA_FILE_UNREADABLE', Severity.Error, `${scan.path} cannot be read as parquet (${scan.error}); LeRobot fails to load it, and its frames${episodes.length ? ` (episode ${episodes.slice(0, 5).map((e) => e.index).join(', ')}${episodes.length > 5 ? ', …' : ''})` : ''} could not be checked.`, { file: scan.path, ...(episodes.length ? { episode: episodes[0].index } : {}) });
    } else {
      rows += checkFile(scan, { context, byFile, byIndex, stats, continuity });
    }
    await context.progress(++done / readable.length);
  }

  if (!complete) return; // missing or unreadable files are reported already; totals over the rest would mislead
  if (rows !== info.total_frames) {
    findings.add('DATA_ROWS_MISMATCH', Severity.Error, `The data files hold ${rows} rows, but info.json says total_frames is ${info.total_frames}; LeRobot sizes the dataset from info.json and the rows from the files.`, { file: 'meta/info.json' });
  }
  if (version === 'v2.0' || version === 'v3.0') {
    const stored = await readDatasetStats(files).catch(() => null);
    if (stored) stats.checkDatasetStats(stored);
  }
}

async function isPointer(files: ValidationContext['files'], path: string): Promise<boolean> {
  const text = (await files.readText(path).catch(() => null)) ?? '';
  return text.startsWith('version https://git-lfs');
}

interface FileState {
  context: ValidationContext;
  byFile: Map<string, EpisodeRecord[]>;
  byIndex: Map<number, EpisodeRecord>;
  stats: StatsCheck;
  continuity: IndexContinuity;
}

/** Checks one scanned file and returns its row count. */
function checkFile(scan: Extract<FileScan, { groups: unknown }>, { context, byFile, byIndex, stats, continuity }: FileState): number {
  const { dataset, findings } = context;
  const { info, version } = dataset;
  const { path, groups } = scan;
  checkFileSchema(path, scan.columns, info, findings);
  const homes = byFile.get(path) ?? [];
  const seen = new Set<number>();
  // Without a usable episode_index column, a v2 file's rows are its own episode's; in v3 they cannot be split.
  const episodeType = scan.columns.get('episode_index');
  const split = episodeType?.family === 'number' && episodeType.depth === 0;
  const ownRows = !split && version !== 'v3.0' && homes.length === 1;
  const resolved = groups.map((group) => ({ group, episode: group.episode ?? (ownRows ? homes[0].index : null) }));
  continuity.visitFile(path, resolved);
  let rows = 0;
  for (const { group, episode } of resolved) {
    rows += group.rows;
    const misshapen = new Set(group.shapes.keys());
    for (const [key, shape] of group.shapes) reportShape(path, episode, key, info.features[key].shape, shape, group.firstRow, findings);
    reportNonFinite(path, episode, group, context);
    stats.addRows(group.numeric, group.rows, misshapen);
    if (!split && episode === null) continue; // DATA_COLUMN_MISSING/TYPE says why
    const owner = episode === null ? undefined : byIndex.get(episode);
    if (owner && owner.dataFile === path) {
      seen.add(owner.index);
      checkEpisodeRows({ path, record: owner, group, version, fps: info.fps, findings });
      if (group.rows === owner.length) stats.checkEpisode(owner.index, owner.length, group.numeric, misshapen);
    } else {
      reportForeignRows(path, { ...group, episode }, owner, version === 'v3.0' ? undefined : homes[0], version, findings);
    }
  }
  for (const home of split || ownRows ? homes : []) {
    if (!seen.has(home.index)) {
      findings.add('EPISODE_LENGTH_MISMATCH', Severity.Error, `Episode ${home.index} has no rows in ${path}, the file its metadata names, but its length is ${home.length}; LeRobot finds none of its frames there.`, { file: path, episode: home.index, frames: [0, Math.max(home.length - 1, 0)] });
    }
  }
  return rows;
}

function reportNonFinite(path: string, episode: number | null, group: GroupScan, { dataset, findings }: ValidationContext): void {
  for (const [key, scan] of group.numeric) {
    const bad = scan.nonFinite;
    if (!bad) continue;
    const names = normaliseNames(dataset.info.features[key]?.names).names;
    const dims = scan.dims.flatMap((dim, d) => (dim.n < group.rows || !Number.isFinite(dim.mean + dim.min + dim.max) ? [names?.[d] ? `${d} ("${names[d]}")` : String(d)] : []));
    const frames: [number, number] = [bad.firstRow - group.firstRow, bad.lastRow - group.firstRow];
    findings.add(
      'NON_FINITE_VALUES',
      Severity.Error,
      `"${key}" of ${episode === null ? '' : `episode ${episode} in `}${path} holds NaN/Inf values in ${bad.rows} frame(s) between frames ${frames[0]} and ${frames[1]}${dims.length && scan.dims.length > 1 ? ` (dimension ${dims.slice(0, 5).join(', ')}${dims.length > 5 ? ', …' : ''})` : ''}; LeRobot's stats of the feature become NaN and a policy trained on these frames gets NaN losses.`,
      { file: path, ...(episode === null ? {} : { episode }), frames, feature: key },
      bad.rows,
    );
  }
}
