import { EpisodeContext, EpisodeSummary } from './episode';
import { countGripperChanges } from './metrics/gripper';
import { checkIndices, checkLength, checkNonFinite } from './metrics/integrity';
import { checkMotion } from './metrics/motion';
import { profileDims } from './metrics/profile';
import { checkSaturation } from './metrics/saturation';
import { checkStaleness } from './metrics/staleness';
import { checkTimestamps } from './metrics/timestamps';
import { sampleTrajectory } from './metrics/trajectory';
import { SideMetrics } from './side-metrics';

/**
 * Every per-episode metric on one episode's frames, the side metrics last (through `side`, which may finish them
 * later). What the dataset pass needs is kept in `summary`; the frames themselves are not referenced afterwards.
 */
export function analyseEpisode(context: Omit<EpisodeContext, 'profiles'>, summary: EpisodeSummary, side: SideMetrics): void {
  summary.rows = context.n;
  summary.durationS = context.n / context.fps;
  const full: EpisodeContext = { ...context, profiles: [] };
  full.profiles = profileDims(full, summary);
  checkNonFinite(full, full.profiles, summary);
  checkLength(full, summary);
  checkIndices(full, summary);
  checkTimestamps(full, summary);
  checkStaleness(full, summary);
  checkMotion(full, summary);
  checkSaturation(full, summary);
  countGripperChanges(full, summary);
  sampleTrajectory(full, summary);
  side.analyse(full, summary);
}
