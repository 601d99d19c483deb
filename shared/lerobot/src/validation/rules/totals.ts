import { Severity } from '@robokit/api';
import { isCamera } from '../../cameras';
import { ValidationContext } from '../context';

/** info.json's totals against what the metadata actually lists (lerobot-format.md §7.5). */
export async function checkTotals({ dataset, findings }: ValidationContext): Promise<void> {
  const { info, episodes, tasks, version } = dataset;
  const frames = episodes.reduce((sum, episode) => sum + episode.length, 0);
  if (episodes.length === 0) {
    findings.add('EMPTY_DATASET', Severity.Warning, 'The dataset has no episodes (and so no frame data, episode metadata, stats or videos); there is nothing to train on.', { file: 'meta/info.json' });
  }
  if (info.total_episodes !== episodes.length) {
    findings.add('TOTAL_EPISODES_MISMATCH', Severity.Error, `info.json says total_episodes is ${info.total_episodes}, but the episode metadata lists ${episodes.length} episodes.`, { file: 'meta/info.json' });
  }
  if (info.total_frames !== frames) {
    findings.add('TOTAL_FRAMES_MISMATCH', Severity.Error, `info.json says total_frames is ${info.total_frames}, but the episode lengths add up to ${frames}.`, { file: 'meta/info.json' });
  }
  if (info.total_tasks !== tasks.length) {
    findings.add('TOTAL_TASKS_MISMATCH', Severity.Error, `info.json says total_tasks is ${info.total_tasks}, but the task table holds ${tasks.length} task(s).`, { file: 'meta/info.json' });
  }
  const cameras = Object.values(info.features).filter((feature) => feature.dtype === 'video' && isCamera(feature)).length;
  if (version !== 'v3.0' && typeof info.total_videos === 'number' && info.total_videos !== episodes.length * cameras) {
    findings.add('TOTAL_VIDEOS_MISMATCH', Severity.Warning, `info.json says total_videos is ${info.total_videos}, but ${episodes.length} episodes × ${cameras} camera(s) make ${episodes.length * cameras}.`, { file: 'meta/info.json' });
  }
  const train = (info.splits as Record<string, unknown> | undefined)?.train;
  if (episodes.length > 0 && train !== undefined && train !== `0:${episodes.length}`) {
    findings.add('SPLITS_MISMATCH', Severity.Info, `info.json splits.train is "${String(train)}", not "0:${episodes.length}" (informational: LeRobot does not use it to load).`, { file: 'meta/info.json' });
  }
}
