import { EpisodeContext, EpisodeSummary, measure } from '../episode';
import { anchored, fmt, hard, risk } from '../findings';

type SyncClass = 'duplicate' | 'backwards' | 'gap' | 'drift';

const CLASS_TEXT: Record<SyncClass, string> = {
  duplicate: 'duplicate timestamp(s) (Δt = 0)',
  backwards: 'backward step(s) (Δt < 0, often an episode boundary inside the episode)',
  gap: 'gap(s) (Δt > gap factor × 1/fps)',
  drift: 'drift step(s) (|Δt − 1/fps| above the tolerance)',
};

/**
 * timestamp_sync (HARD, LeRobot's own rule and tolerance, each violation classified), timestamp_jitter,
 * dropped_frames, fps_mismatch and timestamp_offset, from one pass over Δt.
 */
export function checkTimestamps(context: EpisodeContext, summary: EpisodeSummary): void {
  const { run, n, fps, params } = context;
  const codes = ['timestamp_sync', 'timestamp_jitter', 'dropped_frames', 'fps_mismatch', 'timestamp_offset'];
  const t = run.timestamp;
  if (!t || n < 2) {
    for (const code of codes) measure(summary, code, null, t ? 'fewer than 2 frames' : 'the data has no timestamp column');
    if (t && n === 1) offset(context, summary, t[0]);
    return;
  }
  const dt = 1 / fps;
  const gapAbove = params.gap_factor * dt;
  const classes = new Map<SyncClass, { count: number; first: number; last: number }>();
  let steps = 0;
  let sum = 0;
  let squares = 0;
  let gaps = 0;
  let firstGap = -1;
  let lastGap = -1;
  let longest = 0;
  for (let i = 1; i < n; i += 1) {
    const step = t[i] - t[i - 1];
    if (!Number.isFinite(step)) continue;
    steps += 1;
    sum += step;
    squares += step * step;
    if (step > gapAbove) {
      if (gaps === 0) firstGap = i - 1;
      lastGap = i;
      gaps += 1;
      if (step > longest) longest = step;
    }
    if (Math.abs(step - dt) <= params.tolerance_s) continue;
    const kind: SyncClass = step === 0 ? 'duplicate' : step < 0 ? 'backwards' : step > gapAbove ? 'gap' : 'drift';
    const entry = classes.get(kind) ?? { count: 0, first: i - 1, last: i };
    entry.count += 1;
    entry.last = i;
    classes.set(kind, entry);
  }

  let violations = 0;
  for (const [kind, entry] of classes) {
    violations += entry.count;
    summary.findings.push(
      hard({
        metric: 'timestamp_sync',
        value: entry.count,
        threshold: params.tolerance_s,
        feature: 'timestamp',
        frames: [entry.first, entry.last],
        message: `${entry.count} ${CLASS_TEXT[kind]}, frames ${entry.first}–${entry.last} (tolerance ${params.tolerance_s} s).`,
      }),
    );
  }
  measure(summary, 'timestamp_sync', violations);

  if (steps < 2) {
    measure(summary, 'timestamp_jitter', null, 'fewer than 2 finite timestamp steps');
  } else {
    const mean = sum / steps;
    const jitter = Math.sqrt(Math.max(0, squares / steps - mean * mean)) / dt;
    measure(summary, 'timestamp_jitter', jitter);
    if (jitter > params.jitter_ratio) {
      summary.findings.push(
        risk(
          { metric: 'timestamp_jitter', value: jitter, threshold: params.jitter_ratio, feature: 'timestamp', frames: [0, n - 1], message: `std(Δt) is ${fmt(jitter)} × 1/fps.` },
          anchored(jitter, params.jitter_ratio, params.jitter_ratio_bad),
        ),
      );
    }
  }

  measure(summary, 'dropped_frames', gaps);
  if (gaps > params.dropped_frames_max) {
    summary.findings.push(
      risk(
        {
          metric: 'dropped_frames',
          value: gaps,
          threshold: params.dropped_frames_max,
          feature: 'timestamp',
          frames: [firstGap, lastGap],
          message: `${gaps} gap(s) longer than ${params.gap_factor} frame periods; the longest is ${fmt(longest)} s (about ${Math.round(longest * fps) - 1} frame(s) dropped).`,
        },
        anchored(gaps, params.dropped_frames_max, params.dropped_frames_bad),
      ),
    );
  }

  const span = t[n - 1] - t[0];
  if (!Number.isFinite(span) || span <= 0) {
    measure(summary, 'fps_mismatch', null, 'the first and last timestamps give no positive duration');
  } else {
    const measured = (n - 1) / span;
    const error = Math.abs(measured - fps) / fps;
    measure(summary, 'fps_mismatch', error);
    if (error > params.fps_error) {
      summary.findings.push(
        risk(
          { metric: 'fps_mismatch', value: error, threshold: params.fps_error, feature: 'timestamp', frames: [0, n - 1], message: `The timestamps give ${fmt(measured)} frames/s; info.json says ${fps}.` },
          anchored(error, params.fps_error, params.fps_error_bad),
        ),
      );
    }
  }
  offset(context, summary, t[0]);
}

function offset(context: EpisodeContext, summary: EpisodeSummary, first: number): void {
  const { params, fps } = context;
  if (!Number.isFinite(first)) {
    measure(summary, 'timestamp_offset', null, 'the first timestamp is not finite');
    return;
  }
  const value = Math.abs(first);
  const threshold = params.timestamp_offset_frames / fps;
  measure(summary, 'timestamp_offset', value);
  if (value > threshold) {
    summary.findings.push(
      risk(
        { metric: 'timestamp_offset', value, threshold, feature: 'timestamp', frames: [0, 0], message: `The episode's first timestamp is ${fmt(first)} s, not 0.` },
        anchored(value, threshold, params.timestamp_offset_bad_frames / fps),
      ),
    );
  }
}
