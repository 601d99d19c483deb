import { signal } from '@angular/core';

/** What the playback needs of a <video> element (a stand-in in tests). */
export interface VideoLike {
  currentTime: number;
  readonly readyState: number;
  readonly ended: boolean;
  readonly error: unknown;
  play(): Promise<void>;
  pause(): void;
  addEventListener(type: 'loadedmetadata', listener: () => void, options: { once: true }): void;
}

/** One camera's video and where the episode lies in its file (a v3.0 file holds many episodes). */
export interface Clip {
  video: VideoLike;
  startS: number;
  endS: number;
}

/** The animation-frame clock the playback runs on (a manual one in tests). */
export interface Ticker {
  request(callback: (now: number) => void): number;
  cancel(handle: number): void;
  now(): number;
}

const animationFrames: Ticker = {
  request: (callback) => requestAnimationFrame(callback),
  cancel: (handle) => cancelAnimationFrame(handle),
  now: () => performance.now(),
};

const HAVE_METADATA = 1;
/** How far a follower video may wander from the leading one before it is put back (re-seeking stalls it briefly). */
const MAX_DRIFT_S = 0.15;

export function clampFrame(frame: number, length: number): number {
  return Math.min(Math.max(Math.round(frame), 0), Math.max(length - 1, 0));
}

/** The frame shown at `seconds` from the episode start: frame i lasts from i/fps to (i+1)/fps. */
export function frameAt(seconds: number, fps: number, length: number): number {
  return clampFrame(Math.floor(seconds * fps + 1e-6), length);
}

/** Where to seek a video to show a frame: its middle, so rounding in the decoder cannot land on a neighbour. */
export function seekTime(frame: number, fps: number): number {
  return (frame + 0.5) / fps;
}

/** What a key does in the playback region: step frames (Shift for ten) or play/pause. */
export function keyAction(key: string, shift: boolean): { step: number } | 'toggle' | null {
  if (key === 'ArrowLeft') return { step: shift ? -10 : -1 };
  if (key === 'ArrowRight') return { step: shift ? 10 : 1 };
  if (key === ' ' || key === 'Spacebar') return 'toggle';
  return null;
}

/**
 * One episode's clock. While playing, the first video that plays leads: the current frame follows its
 * currentTime, the other videos are pulled back when they drift, and playback stops at the episode's end
 * (its end time in a shared v3.0 file). With no playable video the frames advance on the animation clock.
 * Seeking moves every video to the middle of the frame.
 */
export class Playback {
  readonly frame = signal(0);
  readonly playing = signal(false);

  private clips: Clip[] = [];
  private handle: number | null = null;
  private clockStart = { at: 0, frame: 0 };

  constructor(
    readonly fps: number,
    readonly length: number,
    private readonly ticker: Ticker = animationFrames,
  ) {}

  /** Takes over the videos; each shows the current frame as soon as it knows its duration. */
  attach(clips: Clip[]): void {
    this.clips = clips;
    for (const clip of clips) {
      if (clip.video.readyState >= HAVE_METADATA) this.place(clip, this.frame());
      else clip.video.addEventListener('loadedmetadata', () => this.place(clip, this.frame()), { once: true });
    }
  }

  seek(frame: number): void {
    const target = clampFrame(frame, this.length);
    this.frame.set(target);
    this.clockStart = { at: this.ticker.now(), frame: target };
    for (const clip of this.clips) this.place(clip, target);
  }

  /** Steps frame by frame, which makes sense only while paused. */
  step(delta: number): void {
    this.pause();
    this.seek(this.frame() + delta);
  }

  toggle(): void {
    if (this.playing()) this.pause();
    else this.play();
  }

  play(): void {
    if (this.playing()) return;
    if (this.frame() >= this.length - 1) this.seek(0);
    this.playing.set(true);
    this.clockStart = { at: this.ticker.now(), frame: this.frame() };
    // A video that cannot play (codec, network) is left behind; the leader is chosen on every tick.
    for (const clip of this.clips) clip.video.play().catch(() => undefined);
    this.handle = this.ticker.request(this.tick);
  }

  pause(): void {
    if (!this.playing()) return;
    this.playing.set(false);
    if (this.handle !== null) this.ticker.cancel(this.handle);
    this.handle = null;
    for (const clip of this.clips) clip.video.pause();
    // Every video comes to rest on the same frame the plots show.
    this.seek(this.frame());
  }

  destroy(): void {
    this.pause();
    this.clips = [];
  }

  private readonly tick = (now: number): void => {
    const leader = this.clips.find((clip) => !clip.video.error && clip.video.readyState >= HAVE_METADATA);
    let frame: number;
    let atEnd: boolean;
    if (leader) {
      const seconds = leader.video.currentTime - leader.startS;
      frame = frameAt(seconds, this.fps, this.length);
      atEnd = leader.video.ended || leader.video.currentTime >= leader.endS || seconds * this.fps >= this.length;
      for (const clip of this.clips) {
        if (clip === leader || clip.video.error || clip.video.readyState < HAVE_METADATA) continue;
        if (Math.abs(clip.video.currentTime - clip.startS - seconds) > MAX_DRIFT_S) clip.video.currentTime = clip.startS + seconds;
      }
    } else {
      const elapsedFrames = Math.floor(((now - this.clockStart.at) / 1000) * this.fps);
      frame = clampFrame(this.clockStart.frame + elapsedFrames, this.length);
      atEnd = this.clockStart.frame + elapsedFrames >= this.length - 1;
    }
    this.frame.set(atEnd ? this.length - 1 : frame);
    if (atEnd) this.pause();
    else this.handle = this.ticker.request(this.tick);
  };

  private place(clip: Clip, frame: number): void {
    clip.video.currentTime = clip.startS + Math.min(seekTime(frame, this.fps), Math.max(clip.endS - clip.startS, 0));
  }
}
