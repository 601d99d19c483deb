import { EpisodeContext, EpisodeSummary } from './episode';
import { fingerprint } from './metrics/duplicates';
import { countGripperChanges } from './metrics/gripper';
import { checkIndices, checkLength, checkNonFinite } from './metrics/integrity';
import { checkMotion } from './metrics/motion';
import { profileDims } from './metrics/profile';
import { checkSaturation } from './metrics/saturation';
import { checkSpikes } from './metrics/spikes';
import { checkStaleness } from './metrics/staleness';
import { checkStatsDrift } from './metrics/stats-drift';
import { checkTimestamps } from './metrics/timestamps';
import { checkCalibration, checkTracking } from './metrics/tracking';
import { sampleTrajectory } from './metrics/trajectory';

/**
 * Every per-episode metric on one episode's frames. What the dataset pass needs is kept in `summary`; the
 * frames themselves are not referenced afterwards.
 */
export function analyseEpisode(context: Omit<EpisodeContext, 'profiles'>, summary: EpisodeSummary): void {
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
  checkSpikes(full, summary);
  checkSaturation(full, summary);
  countGripperChanges(full, summary);
  checkTracking(full, summary);
  checkCalibration(full, summary);
  fingerprint(full, summary);
  checkStatsDrift(full, summary);
  sampleTrajectory(full, summary);
}
