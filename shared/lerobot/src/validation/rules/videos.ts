import { Severity } from '@robokit/api';
import { describeCamera } from '../../cameras';
import { probeProblems, rangeProblems, VideoFileUse, videoFileUses } from '../../video-checks';
import { probeVideo, VideoProbe } from '../../video-probe';
import { ValidationContext } from '../context';

const RANGE_CODES = { gap: 'VIDEO_RANGE_GAP', length: 'VIDEO_RANGE_LENGTH' } as const;
const PROBE_CODES = {
  codec: ['VIDEO_CODEC_MISMATCH', Severity.Warning],
  resolution: ['VIDEO_RESOLUTION_MISMATCH', Severity.Error],
  fps: ['VIDEO_STREAM_FPS', Severity.Error],
  frames: ['VIDEO_FRAME_COUNT', Severity.Error],
} as const;

/**
 * Videos against the metadata (§7.5): v3.0 time ranges that start at 0 in each file, follow each other and
 * last as long as the episode; with `checkVideos`, each mp4's codec, resolution, fps and frame count.
 */
export async function checkVideos({ dataset, files, listing, findings, options, progress }: ValidationContext): Promise<void> {
  const fps = dataset.info.fps;
  const present = new Set(listing.map((file) => file.path));
  const uses = videoFileUses(dataset.episodes).filter(({ file }) => present.has(file));
  if (dataset.version === 'v3.0') checkRanges(uses, fps, findings);
  if (!options.checkVideos) return;
  let done = 0;
  for (const use of uses) {
    const { file } = use;
    const local = files.localPath(file);
    let probe: VideoProbe | null = null;
    try {
      probe = local ? await probeVideo(local) : null;
    } catch (error) {
      findings.add('VIDEO_UNREADABLE', Severity.Error, `${file} is not a readable mp4 (${(error as Error).message}); its frames cannot be decoded.`, { file, feature: use.feature });
    }
    if (probe) {
      const location = { file, feature: use.feature, episode: use.episodes[0]?.index };
      for (const problem of probeProblems(use, probe, describeCamera(use.feature, dataset.info.features[use.feature]), fps)) {
        const [code, severity] = PROBE_CODES[problem.kind];
        findings.add(code, severity, problem.message, location);
      }
    }
    done += 1;
    await progress(done / uses.length);
  }
}

function checkRanges(uses: VideoFileUse[], fps: number, findings: ValidationContext['findings']): void {
  for (const use of uses) {
    for (const problem of rangeProblems(use, fps)) {
      findings.add(RANGE_CODES[problem.kind], Severity.Error, problem.message, { file: use.file, episode: problem.episode.index, feature: use.feature });
    }
  }
}
