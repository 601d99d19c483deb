import { anchored, fmt, risk } from '../findings';
import { QualityParameters } from '../parameters';
import { CameraResults } from './camera-results';
import { meanAbsDifference } from './gray-measures';

/**
 * video_frozen (quality-metrics.md §5), fed one decoded frame at a time: a frame is frozen when it differs from
 * the one before by less than `video_frozen_diff` gray levels on average while the state moves. Frames where
 * the state is still neither extend nor end a frozen run (a still scene may look still); a frame that changes
 * ends it. The longest run, in seconds, is the metric.
 */
export class FrozenRuns {
  private readonly previous: Uint8Array;
  private seen = 0;
  private run = { count: 0, first: -1, last: -1 };
  private longest = { count: 0, first: -1, last: -1 };

  constructor(
    pixels: number,
    private readonly diff: number,
    private readonly moving: (frame: number) => boolean,
  ) {
    this.previous = new Uint8Array(pixels);
  }

  push(frame: Uint8Array, position: number): void {
    if (this.seen > 0) {
      const still = meanAbsDifference(frame, this.previous) < this.diff;
      if (!still) this.run = { count: 0, first: -1, last: -1 };
      else if (this.moving(position)) {
        this.run = { count: this.run.count + 1, first: this.run.count === 0 ? position - 1 : this.run.first, last: position };
        if (this.run.count > this.longest.count) this.longest = { ...this.run };
      }
    }
    this.previous.set(frame);
    this.seen += 1;
  }

  report(episode: number, camera: string, fps: number, params: QualityParameters, results: CameraResults): void {
    const seconds = this.longest.count / fps;
    results.value(episode, 'video_frozen', seconds);
    if (seconds < params.video_frozen_s) return;
    const frames: [number, number] = [this.longest.first, this.longest.last];
    const message = `${camera} shows the same picture for ${fmt(seconds)} s (frames ${frames[0]}–${frames[1]}, each within ${params.video_frozen_diff} gray level of the one before) while the arm moves.`;
    results.finding(episode, risk({ metric: 'video_frozen', value: seconds, threshold: params.video_frozen_s, feature: camera, dimension: camera, frames, message }, anchored(seconds, params.video_frozen_s, params.video_frozen_bad_s)));
  }
}
