import { Severity } from '@robokit/api';
import { describeCamera } from '../../cameras';
import { EpisodeRecord } from '../../dataset';
import { probeVideo, VideoProbe } from '../../video-probe';
import { ValidationContext } from '../context';

// LeRobot's own recorder asserts frame counts within a couple of frames of the episode length.
const FRAME_SLACK = 2;

interface FileUse {
  feature: string;
  episodes: EpisodeRecord[];
}

/** Which episodes of which camera each video file holds, in episode order. */
function videoFiles(episodes: EpisodeRecord[]): Map<string, FileUse> {
  const uses = new Map<string, FileUse>();
  for (const episode of episodes) {
    for (const [feature, video] of Object.entries(episode.videos)) {
      const use = uses.get(video.file) ?? { feature, episodes: [] };
      use.episodes.push(episode);
      uses.set(video.file, use);
    }
  }
  return uses;
}

/**
 * Videos against the metadata (§7.5): v3.0 time ranges that start at 0 in each file, follow each other and
 * last as long as the episode; with `checkVideos`, each mp4's codec, resolution, fps and frame count.
 */
export async function checkVideos({ dataset, files, listing, findings, options, progress }: ValidationContext): Promise<void> {
  const fps = dataset.info.fps;
  const present = new Set(listing.map((file) => file.path));
  const uses = [...videoFiles(dataset.episodes)].filter(([file]) => present.has(file));
  if (dataset.version === 'v3.0') checkRanges(uses, fps, findings);
  if (!options.checkVideos) return;
  let done = 0;
  for (const [file, use] of uses) {
    const local = files.localPath(file);
    let probe: VideoProbe | null = null;
    try {
      probe = local ? await probeVideo(local) : null;
    } catch (error) {
      findings.add('VIDEO_UNREADABLE', Severity.Error, `${file} is not a readable mp4 (${(error as Error).message}); its frames cannot be decoded.`, { file, feature: use.feature });
    }
    if (probe) checkProbe(file, use, probe, dataset.info.features[use.feature], fps, findings);
    done += 1;
    await progress(done / uses.length);
  }
}

function checkRanges(uses: [string, FileUse][], fps: number, findings: ValidationContext['findings']): void {
  for (const [file, { feature, episodes }] of uses) {
    let expectedFrom = 0;
    for (const episode of episodes) {
      const video = episode.videos[feature];
      const location = { file, episode: episode.index, feature };
      if (Math.abs(video.fromTimestamp - expectedFrom) > 1 / fps / 2) {
        findings.add('VIDEO_RANGE_GAP', Severity.Error, `Episode ${episode.index} starts at ${video.fromTimestamp.toFixed(3)} s in ${file}, but the previous episode there ends at ${expectedFrom.toFixed(3)} s.`, location);
      }
      if (video.toTimestamp !== null && Math.abs((video.toTimestamp - video.fromTimestamp) * fps - episode.length) > FRAME_SLACK) {
        const frames = Math.round((video.toTimestamp - video.fromTimestamp) * fps);
        findings.add('VIDEO_RANGE_LENGTH', Severity.Error, `Episode ${episode.index} spans ${frames} frames of ${file} but has ${episode.length} rows.`, location);
      }
      expectedFrom = video.toTimestamp ?? video.fromTimestamp + episode.length / fps;
    }
  }
}

function checkProbe(file: string, use: FileUse, probe: VideoProbe, feature: Parameters<typeof describeCamera>[1], fps: number, findings: ValidationContext['findings']): void {
  const location = { file, feature: use.feature, episode: use.episodes[0]?.index };
  const declared = describeCamera(use.feature, feature);
  if (declared.codec && declared.codec !== probe.codec) {
    findings.add('VIDEO_CODEC_MISMATCH', Severity.Warning, `${file} is ${probe.codec}, but info.json declares ${declared.codec} for ${use.feature}.`, location);
  }
  if ((declared.width !== null && declared.width !== probe.width) || (declared.height !== null && declared.height !== probe.height)) {
    findings.add('VIDEO_RESOLUTION_MISMATCH', Severity.Error, `${file} is ${probe.width}×${probe.height}, but ${use.feature} is declared ${declared.width}×${declared.height}.`, location);
  }
  if (Math.abs(probe.fps - fps) > 1) {
    findings.add('VIDEO_STREAM_FPS', Severity.Error, `${file} plays at ${probe.fps.toFixed(2)} fps, but the dataset runs at ${fps} fps, so frames and rows drift apart.`, location);
  }
  const expected = use.episodes.reduce((sum, episode) => sum + episode.length, 0);
  if (Math.abs(probe.frames - expected) > FRAME_SLACK * use.episodes.length) {
    findings.add('VIDEO_FRAME_COUNT', Severity.Error, `${file} holds ${probe.frames} frames, but its episode(s) have ${expected} rows.`, location);
  }
}
