import { EpisodeSummary, measure } from '../episode';
import { Draft } from '../findings';

/** The six video metrics of quality-metrics.md §5. */
export const VIDEO_METRICS = ['video_missing', 'video_integrity', 'video_frozen', 'exposure', 'sharpness', 'camera_shift'] as const;
export type VideoMetric = (typeof VIDEO_METRICS)[number];

/**
 * Per episode, what each camera gave for each video metric: values, or why it could not be measured. An
 * episode's value is its worst camera's (the metrics say which way is worse); it is n/a only when no camera
 * could be measured, with every camera's reason.
 */
export class CameraResults {
  private readonly values = new Map<string, number[]>();
  private readonly reasons = new Map<string, string[]>();
  private readonly drafts = new Map<number, Draft[]>();

  value(episode: number, metric: VideoMetric, value: number): void {
    const key = `${episode}/${metric}`;
    this.values.set(key, [...(this.values.get(key) ?? []), value]);
  }

  unmeasured(episode: number, metric: VideoMetric, reason: string): void {
    const key = `${episode}/${metric}`;
    const list = this.reasons.get(key) ?? [];
    if (!list.includes(reason)) list.push(reason);
    this.reasons.set(key, list);
  }

  finding(episode: number, draft: Draft): void {
    this.drafts.set(episode, [...(this.drafts.get(episode) ?? []), draft]);
  }

  /** Whether a finding of this level came up for the episode (HARD ones keep it out of the sharpness fit). */
  has(episode: number, test: (draft: Draft) => boolean): boolean {
    return (this.drafts.get(episode) ?? []).some(test);
  }

  /** Writes the values, n/a reasons and findings into the episode summaries. */
  apply(summaries: EpisodeSummary[], worst: Record<VideoMetric, (values: number[]) => number>): void {
    for (const summary of summaries) {
      for (const metric of VIDEO_METRICS) {
        const values = this.values.get(`${summary.index}/${metric}`);
        if (values) measure(summary, metric, worst[metric](values));
        else measure(summary, metric, null, (this.reasons.get(`${summary.index}/${metric}`) ?? ['not measured']).join('; '));
      }
      summary.findings.push(...(this.drafts.get(summary.index) ?? []));
    }
  }
}
