import { JobParameterSpec, resolveParameterValues } from '@robokit/api';

const num = (value: number, minimum: number, maximum: number, title: string, description: string) =>
  ({ kind: 'number', default: value, minimum, maximum, title, description }) as const;
const int = (value: number, minimum: number, maximum: number, title: string, description: string) =>
  ({ kind: 'integer', default: value, minimum, maximum, title, description }) as const;
const str = (value: string, title: string, description: string) => ({ kind: 'string', default: value, title, description }) as const;
const bool = (value: boolean, title: string, description: string) => ({ kind: 'boolean', default: value, title, description }) as const;
const weight = (code: string, value = 1) =>
  num(value, 0, 100, `Weight of ${code}`, `How much a flagged ${code} lowers the episode score (0 = not at all).`);

/**
 * Every threshold of the quality analysis, declared once: the backend turns this into a JSON Schema and
 * validates job parameters with it; `resolveQualityParameters` applies the defaults here.
 * Defaults are those of quality-metrics.md. A metric's score anchors are its flag threshold (`good`) and
 * its `…_bad` parameter (`bad`), in the metric's own unit (§6).
 */
export const QUALITY_PARAMETERS = {
  features: str('action,observation.state', 'Signal features', 'Comma-separated numeric vector features to analyse.'),
  episode_sample: int(0, 0, 1_000_000, 'Episode sample', 'Analyse at most this many episodes, spread evenly over the dataset (0 = all).'),
  gripper_dimensions: str('', 'Gripper dimensions', 'Comma-separated dimension names treated as grippers besides those whose name contains "gripper" and the discrete ones.'),
  fit_min_episodes: int(5, 3, 1000, 'Episodes to fit', 'Dataset-relative thresholds need at least this many episodes without HARD findings.'),

  tolerance_s: num(1e-4, 0, 1, 'Timestamp tolerance (s)', 'timestamp_sync: |Δt − 1/fps| above this is a violation (LeRobot: 1e-4).'),
  gap_factor: num(1.5, 1, 100, 'Gap factor', 'A Δt above this many frame periods is a gap (dropped frames).'),
  stats_drift_share: num(0.001, 0, 1, 'Stats drift', 'stats_drift: flags a stored min, max, mean, std or quantile further from the float64 value of the data than this share of the dimension\'s range (plus LeRobot\'s own float32 rounding, which is reported as such).'),

  stale_run_frames: int(3, 2, 100_000, 'Stale run (frames)', 'stale_state: flags a run of identical state rows, while the action moves, this long.'),
  stale_run_bad: int(30, 3, 1_000_000, 'Stale run, worst (frames)', 'stale_state: run length scored as worst.'),
  stale_share: num(0.05, 0, 1, 'Stale share', 'stale_state: flags when stale frames reach this share of the episode.'),
  stale_share_bad: num(0.25, 0, 1, 'Stale share, worst', 'stale_state: share scored as worst.'),
  frozen_share: num(0.05, 0, 1, 'Frozen action share', 'frozen_action: flags when the longest run of identical action rows reaches this share.'),
  frozen_share_bad: num(0.3, 0, 1, 'Frozen action share, worst', 'frozen_action: share scored as worst.'),
  jitter_ratio: num(0.1, 0, 100, 'Timestamp jitter', 'timestamp_jitter: flags when std(Δt) / (1/fps) exceeds this.'),
  jitter_ratio_bad: num(0.5, 0, 100, 'Timestamp jitter, worst', 'timestamp_jitter: ratio scored as worst.'),
  synthetic_jitter: num(0.005, 0, 1, 'Synthetic timestamps below', 'Under this jitter the timestamps were written from the frame index (noted; timing metrics then tell nothing).'),
  dropped_frames_max: int(0, 0, 1_000_000, 'Gaps allowed', 'dropped_frames: flags when an episode has more gaps than this.'),
  dropped_frames_bad: int(10, 1, 1_000_000, 'Gaps, worst', 'dropped_frames: gap count scored as worst.'),
  fps_error: num(0.02, 0, 10, 'fps error', 'fps_mismatch: flags when the relative error of the measured frame rate exceeds this.'),
  fps_error_bad: num(0.2, 0, 10, 'fps error, worst', 'fps_mismatch: relative error scored as worst.'),
  timestamp_offset_frames: num(0.5, 0, 1_000_000, 'First timestamp (frames)', 'timestamp_offset: flags when the first timestamp is further than this many frame periods from 0.'),
  timestamp_offset_bad_frames: num(30, 0, 1_000_000, 'First timestamp, worst (frames)', 'timestamp_offset: offset scored as worst.'),

  jerk_factor: num(4, 1, 1000, 'Jerk factor', 'jerk: flags an RMS jerk above this many times the dataset median.'),
  jerk_factor_bad: num(12, 1, 10_000, 'Jerk factor, worst', 'jerk: factor scored as worst.'),
  sparc_cutoff_hz: num(10, 0.1, 1000, 'SPARC cut-off (Hz)', 'smoothness_sparc: highest frequency of the spectrum considered.'),
  sparc_amplitude: num(0.05, 0, 1, 'SPARC amplitude threshold', 'smoothness_sparc: spectrum magnitudes below this (of the peak) bound the arc.'),
  sparc_padding: int(4, 0, 8, 'SPARC zero padding (levels)', 'smoothness_sparc: the FFT length is the next power of two times 2^levels.'),
  sparc_sigma: num(3, 0, 100, 'SPARC robust σ', 'smoothness_sparc: flags below the dataset median minus this many robust σ.'),
  sparc_sigma_bad: num(8, 0, 1000, 'SPARC robust σ, worst', 'smoothness_sparc: distance (robust σ) scored as worst.'),
  ldlj_sigma: num(3, 0, 100, 'LDLJ robust σ', 'ldlj: flags below the dataset median minus this many robust σ.'),
  ldlj_sigma_bad: num(8, 0, 1000, 'LDLJ robust σ, worst', 'ldlj: distance (robust σ) scored as worst.'),
  spike_sigma: num(6, 1, 1000, 'Spike σ', 'spikes: a sample that leaves both neighbours by more than this many σ of the dimension\'s steps in the episode (robust scale) is a spike.'),
  spikes_max: int(0, 0, 1_000_000, 'Spikes allowed', 'spikes: flags a dimension with more spikes than this.'),
  spikes_bad: int(20, 1, 1_000_000, 'Spikes, worst', 'spikes: count scored as worst.'),
  jump_sigma_pair: num(30, 1, 100_000, 'Coordinated jump σ', 'coordinated_jump: two or more dimensions stepping more than this many σ_Δ in one frame.'),
  jump_sigma_single: num(40, 1, 100_000, 'Single jump σ', 'coordinated_jump: one dimension stepping more than this many σ_Δ.'),
  jump_sigma_bad: num(100, 1, 1_000_000, 'Jump σ, worst', 'coordinated_jump: jump size (σ_Δ) scored as worst.'),
  idle_speed: num(0.002, 0, 1, 'Idle speed', 'idle: normalised speed per frame at 30 fps under which a frame is idle (scaled by 30/fps).'),
  idle_p95_share: num(0.05, 0, 1, 'Idle share of p95 speed', 'idle: a frame is also idle under this share of the episode\'s p95 speed.'),
  idle_ratio: num(0.3, 0, 1, 'Idle ratio', 'idle: flags when idle frames exceed this share.'),
  idle_ratio_bad: num(0.8, 0, 1, 'Idle ratio, worst', 'idle: share scored as worst.'),
  idle_edge_s: num(2, 0, 3600, 'Idle lead-in / tail (s)', 'idle: flags a leading or trailing idle stretch longer than this.'),
  idle_edge_bad_s: num(10, 0, 36_000, 'Idle lead-in / tail, worst (s)', 'idle: stretch scored as worst.'),
  idle_pause_s: num(3, 0, 3600, 'Pause (s)', 'idle: flags an idle pause inside the episode longer than this.'),
  idle_pause_bad_s: num(15, 0, 36_000, 'Pause, worst (s)', 'idle: pause scored as worst.'),
  saturation_band: num(0.005, 0, 0.5, 'Saturation band', 'saturation: share of the dimension\'s range from its dataset min or max that counts as at the limit.'),
  saturation_run: int(10, 1, 100_000, 'Saturation run (frames)', 'saturation: frames count only in runs at the limit at least this long.'),
  saturation_share: num(0.2, 0, 1, 'Saturation share', 'saturation: flags a dimension at its limit for more than this share of the episode.'),
  saturation_share_bad: num(0.6, 0, 1, 'Saturation share, worst', 'saturation: share scored as worst.'),
  clipping_share: num(0.5, 0, 1, 'Clipping share', 'saturation (dataset): flags a dimension exactly at its min or max in more than this share of all frames.'),
  tracking_max_lag: int(10, 1, 1000, 'Tracking lags searched', 'tracking_lag: lags 0..this many frames are tried.'),
  tracking_min_correlation: num(0.5, -1, 1, 'Tracking correlation', 'tracking_lag: under this correlation at the best lag the joint hardly moves and its lag is not judged.'),
  tracking_lag_frames: int(5, 0, 1000, 'Tracking lag (frames)', 'tracking_lag: flags a best lag above this.'),
  tracking_lag_bad: int(10, 0, 1000, 'Tracking lag, worst (frames)', 'tracking_lag: lag scored as worst.'),
  tracking_error: num(0.2, 0, 10, 'Tracking error', 'tracking_lag: flags a normalised RMS tracking error above this.'),
  tracking_error_bad: num(0.5, 0, 10, 'Tracking error, worst', 'tracking_lag: error scored as worst.'),
  calibration_stable_step: num(0.0025, 0, 1, 'Stable step', 'calibration_offset: frames where every state step is under this share of its range are stable.'),
  calibration_mild: num(0.005, 0, 1, 'Calibration offset, mild', 'calibration_offset: flags a mean action − state offset of this share of the range ("mild").'),
  calibration_significant: num(0.015, 0, 1, 'Calibration offset, significant', 'calibration_offset: offset called "significant".'),
  calibration_bad: num(0.05, 0, 1, 'Calibration offset, worst', 'calibration_offset: offset scored as worst.'),
  calibration_min_frames: int(30, 1, 1_000_000, 'Stable frames needed', 'calibration_offset: fewer stable frames than this make it n/a.'),
  gripper_hysteresis: num(0.05, 0, 0.5, 'Gripper hysteresis', 'gripper_chatter: a change counts after crossing this share of the range around the midpoint.'),
  gripper_chatter_rate: num(1.5, 0, 1000, 'Gripper changes per second', 'gripper_chatter: flags more direction changes per second than this.'),
  gripper_chatter_bad: num(5, 0, 1000, 'Gripper changes per second, worst', 'gripper_chatter: rate scored as worst.'),
  gripper_events_margin: int(4, 0, 1000, 'Gripper events above the mode', 'gripper_chatter: flags more open/close events than the dataset mode plus this.'),
  gripper_events_bad_margin: int(12, 0, 10_000, 'Gripper events above the mode, worst', 'gripper_chatter: excess scored as worst.'),

  length_iqr_factor: num(1.5, 0, 100, 'Length fence (IQR)', 'length_outlier: Tukey fences at Q1 − k·IQR and Q3 + k·IQR.'),
  length_bad_iqr: num(3, 0, 1000, 'Length beyond the fence, worst (IQR)', 'length_outlier: distance beyond the fence scored as worst.'),
  min_length_s: num(1, 0, 3600, 'Shortest episode (s)', 'length_outlier: episodes shorter than this are outliers.'),
  policy_chunks: str('10,16,20,50,100', 'Action-chunk sizes', 'policy_window: comma-separated chunk sizes (frames) that episodes should outlast.'),
  policy_window_share: num(0.1, 0, 1, 'Short-episode share', 'policy_window: flags when more episodes than this share are shorter than a chunk size.'),
  task_placeholders: str('task,default,test,debug', 'Placeholder tasks', 'task_label: comma-separated task texts that are placeholders (the empty text always is).'),
  task_min_episodes: int(3, 1, 1_000_000, 'Episodes per task', 'task_label: flags a task with fewer episodes.'),
  task_imbalance: num(10, 1, 1_000_000, 'Task imbalance', 'task_label: flags when the most frequent task has this many times the episodes of the least.'),
  task_min_words: int(3, 1, 100, 'Words per task', 'task_label: one task of fewer words for every episode is weak labelling.'),
  end_pose_iqr_factor: num(1.5, 0, 100, 'End pose fence (IQR)', 'end_pose_deviation: flags a last state further from the task\'s median last state than Q3 + k·IQR of the task\'s distances.'),
  end_pose_bad_iqr: num(3, 0, 1000, 'End pose beyond the fence, worst (IQR)', 'end_pose_deviation: distance beyond the fence scored as worst.'),
  end_pose_min_distance: num(0.05, 0, 10, 'End pose distance floor', 'end_pose_deviation: a last state closer than this (range-normalised L2) to the median never flags, however tight the other episodes end.'),
  trajectory_sigma: num(2, 0, 100, 'Trajectory deviation σ', 'trajectory_deviation: flags a mean distance to the task\'s mean trajectory above the mean + this many σ of those of the task\'s episodes.'),
  trajectory_sigma_bad: num(4, 0, 1000, 'Trajectory deviation σ, worst', 'trajectory_deviation: distance (σ) scored as worst.'),
  trajectory_points: int(256, 16, 4096, 'Trajectory points', 'trajectory_deviation, end_pose_deviation, coverage: episodes are resampled to the median length of their task, at most this many points (bounded memory).'),
  coverage_bins: int(10, 2, 100, 'Coverage bins', 'coverage: bins per axis of the occupancy grid.'),
  coverage_dims: int(4, 1, 6, 'Coverage dimensions', 'coverage: the state is reduced to at most this many principal components before gridding.'),
  success_features: str('next.success,is_episode_successful', 'Success flags', 'task_label: comma-separated boolean frame columns that mark a successful episode (an episode succeeded when any of its frames is true).'),
  drift_sigma: num(3, 0, 1000, 'Operator drift', 'operator_drift: flags |mean(last quarter) − mean(first quarter)| / σ(first quarter) above this.'),
  confound_rho: num(0.5, 0, 1, 'Length confound', 'length_confound: shows a metric whose Spearman ρ with episode length exceeds this.'),
  video_metrics: bool(true, 'Video metrics', 'Measure the video metrics (video_missing, video_integrity, video_frozen, exposure, sharpness, camera_shift) on datasets with videos; off, they are n/a.'),
  video_max_decoded_frames: int(50_000, 0, 100_000_000, 'Frames decoded at most', 'video_frozen (every frame) and camera_shift (each episode\'s first second) run only when they would decode at most this many frames over the analysed episodes and cameras (about a minute of one core per 20,000 frames of 640×480 AV1); exposure and sharpness decode video_samples frames per episode and camera and always run.'),
  video_samples: int(16, 1, 1000, 'Sampled frames', 'exposure, sharpness: frames decoded per episode and camera, spread evenly over the episode.'),
  video_frame_slack: int(2, 0, 1000, 'Video frame count slack', 'video_integrity: the frames of a video may differ from its episode\'s length (per episode in the file) by this many.'),
  video_fps_slack: num(1, 0, 1000, 'Video fps slack', 'video_integrity: the frame rate of a video may differ from info.json\'s fps by this much.'),
  video_drift_frames: num(0.5, 0, 1_000_000, 'from_timestamp drift (frames)', 'video_integrity (v3.0): flags an episode whose from_timestamp is further than this many frame periods from the end of the episodes before it in the file.'),
  video_frozen_diff: num(1, 0, 255, 'Frozen frame difference', 'video_frozen: a frame whose mean |difference| from the one before (gray, 160 px wide) is under this many gray levels is frozen.'),
  video_frozen_s: num(0.5, 0, 3600, 'Frozen video (s)', 'video_frozen: flags a frozen run this long while the state moves.'),
  video_frozen_bad_s: num(5, 0, 36_000, 'Frozen video, worst (s)', 'video_frozen: run scored as worst.'),
  exposure_offset: num(90, 0, 127.5, 'Exposure offset', 'exposure: flags a median |mean gray − 127.5| of the sampled frames above this.'),
  exposure_offset_bad: num(120, 0, 127.5, 'Exposure offset, worst', 'exposure: offset scored as worst.'),
  exposure_low: int(5, 0, 255, 'Clipped below', 'exposure: gray levels under this are clipped (black).'),
  exposure_high: int(250, 0, 255, 'Clipped above', 'exposure: gray levels above this are clipped (white).'),
  exposure_clipped_share: num(0.05, 0, 1, 'Clipped share', 'exposure: flags a median share of clipped pixels above this.'),
  exposure_clipped_bad: num(0.5, 0, 1, 'Clipped share, worst', 'exposure: share scored as worst.'),
  sharpness_sigma: num(3, 0, 100, 'Sharpness robust σ', 'sharpness: flags an episode whose median residual of ln(1 + variance of the Laplacian), regressed on arm speed, is under the dataset median minus this many robust σ.'),
  sharpness_sigma_bad: num(8, 0, 1000, 'Sharpness robust σ, worst', 'sharpness: distance (robust σ) scored as worst.'),
  sharpness_min_drop: num(0.7, 0, 100, 'Sharpness drop floor', 'sharpness: a residual must also be under −this (ln units; 0.7 ≈ half the detail) to flag, so that near-identical frames (a tiny σ) do not flag codec noise.'),
  contrast_min: num(18, 0, 255, 'Contrast', 'sharpness: flags a median std of gray of the sampled frames under this.'),
  contrast_bad: num(5, 0, 255, 'Contrast, worst', 'sharpness: contrast scored as worst.'),
  camera_shift_px: num(10, 0, 100_000, 'Camera shift (px)', 'camera_shift: flags an episode whose first-second view is translated more than this many pixels (of the video) from the dataset\'s median view.'),
  camera_shift_bad_px: num(50, 0, 100_000, 'Camera shift, worst (px)', 'camera_shift: shift scored as worst.'),
  profile_drift: num(0.25, 0, 1000, 'Profile drift', 'With a profile applied: an anchor this dataset would fit more than this share away from the profile\'s has drifted.'),

  non_finite_weight: weight('non_finite', 3),
  length_mismatch_weight: weight('length_mismatch', 3),
  index_integrity_weight: weight('index_integrity', 3),
  timestamp_sync_weight: weight('timestamp_sync', 3),
  schema_consistency_weight: weight('schema_consistency', 3),
  stats_drift_weight: weight('stats_drift', 3),
  duplicate_episode_weight: weight('duplicate_episode', 3),
  stale_state_weight: weight('stale_state'),
  frozen_action_weight: weight('frozen_action'),
  timestamp_jitter_weight: weight('timestamp_jitter'),
  dropped_frames_weight: weight('dropped_frames'),
  fps_mismatch_weight: weight('fps_mismatch'),
  timestamp_offset_weight: weight('timestamp_offset'),
  jerk_weight: weight('jerk'),
  smoothness_sparc_weight: weight('smoothness_sparc'),
  ldlj_weight: weight('ldlj'),
  spikes_weight: weight('spikes'),
  coordinated_jump_weight: weight('coordinated_jump'),
  idle_weight: weight('idle'),
  saturation_weight: weight('saturation'),
  tracking_lag_weight: weight('tracking_lag'),
  calibration_offset_weight: weight('calibration_offset'),
  gripper_chatter_weight: weight('gripper_chatter'),
  length_outlier_weight: weight('length_outlier'),
  end_pose_deviation_weight: weight('end_pose_deviation'),
  trajectory_deviation_weight: weight('trajectory_deviation'),
  task_label_weight: weight('task_label'),
  video_missing_weight: weight('video_missing', 3),
  video_integrity_weight: weight('video_integrity', 3),
  video_frozen_weight: weight('video_frozen'),
  exposure_weight: weight('exposure'),
  sharpness_weight: weight('sharpness'),
  camera_shift_weight: weight('camera_shift'),
} as const satisfies Record<string, JobParameterSpec>;

type Specs = typeof QUALITY_PARAMETERS;
export type QualityParameterName = keyof Specs;
export type QualityParameters = {
  [K in QualityParameterName]: Specs[K]['kind'] extends 'string' ? string : Specs[K]['kind'] extends 'boolean' ? boolean : number;
};

export class QualityParameterError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid quality parameters: ${problems.join('; ')}.`);
  }
}

/** The defaults with the given values applied; unknown names and out-of-range values are refused, all at once. */
export function resolveQualityParameters(given: Record<string, unknown> = {}): QualityParameters {
  const { values, unknown, problems } = resolveParameterValues(QUALITY_PARAMETERS, given);
  const messages = [...unknown.map((name) => `${name} is not a parameter`), ...problems.map(({ name, problem }) => `${name} ${problem}`)];
  if (messages.length > 0) throw new QualityParameterError(messages);
  return values as QualityParameters;
}

/** A comma-separated list parameter as trimmed, non-empty items. */
export function listParameter(value: string): string[] {
  return value.split(',').map((item) => item.trim()).filter((item) => item !== '');
}

/** The idle speed as a normalised step per frame at this dataset's fps (the parameter is given at 30 fps). */
export function idleStep(params: QualityParameters, fps: number): number {
  return (params.idle_speed * 30) / fps;
}
