import { Clip, clampFrame, frameAt, keyAction, Playback, seekTime, Ticker, VideoLike } from './playback';

class FakeVideo implements VideoLike {
  currentTime = 0;
  readyState = 4;
  ended = false;
  error: unknown = null;
  playing = false;
  private onMetadata: (() => void) | null = null;

  play(): Promise<void> {
    this.playing = true;
    return Promise.resolve();
  }
  pause(): void {
    this.playing = false;
  }
  addEventListener(_type: 'loadedmetadata', listener: () => void): void {
    this.onMetadata = listener;
  }
  loadMetadata(): void {
    this.readyState = 1;
    this.onMetadata?.();
  }
}

class ManualTicker implements Ticker {
  time = 0;
  private pending = new Map<number, (now: number) => void>();
  private next = 1;

  request(callback: (now: number) => void): number {
    this.pending.set(this.next, callback);
    return this.next++;
  }
  cancel(handle: number): void {
    this.pending.delete(handle);
  }
  now(): number {
    return this.time;
  }
  /** Runs one animation frame `ms` later. */
  frame(ms: number): void {
    this.time += ms;
    const callbacks = [...this.pending.values()];
    this.pending.clear();
    callbacks.forEach((callback) => callback(this.time));
  }
  get scheduled(): number {
    return this.pending.size;
  }
}

const FPS = 10;

function setup(clips: { startS: number; endS: number; video?: FakeVideo }[], length = 50) {
  const ticker = new ManualTicker();
  const playback = new Playback(FPS, length, ticker);
  const attached: (Clip & { video: FakeVideo })[] = clips.map((clip) => ({ ...clip, video: clip.video ?? new FakeVideo() }));
  playback.attach(attached);
  return { ticker, playback, clips: attached };
}

describe('frame arithmetic', () => {
  it('maps seconds to the frame shown then, and frames to the middle of their display time', () => {
    expect(frameAt(0, FPS, 50)).toBe(0);
    expect(frameAt(0.0999, FPS, 50)).toBe(0);
    expect(frameAt(0.1, FPS, 50)).toBe(1);
    expect(frameAt(99, FPS, 50)).toBe(49);
    expect(frameAt(-1, FPS, 50)).toBe(0);
    expect(seekTime(3, FPS)).toBeCloseTo(0.35);
    expect(frameAt(seekTime(37, FPS), FPS, 50)).toBe(37);
    expect(clampFrame(12.6, 10)).toBe(9);
  });

  it('reads arrows as frame steps (Shift for ten) and Space as play/pause', () => {
    expect(keyAction('ArrowRight', false)).toEqual({ step: 1 });
    expect(keyAction('ArrowLeft', false)).toEqual({ step: -1 });
    expect(keyAction('ArrowRight', true)).toEqual({ step: 10 });
    expect(keyAction('ArrowLeft', true)).toEqual({ step: -10 });
    expect(keyAction(' ', false)).toBe('toggle');
    expect(keyAction('a', false)).toBeNull();
  });
});

describe('Playback', () => {
  it('seeks every video to the frame, inside its own file (v3.0 files hold many episodes)', () => {
    const { playback, clips } = setup([
      { startS: 0, endS: 5 },
      { startS: 12, endS: 17 },
    ]);
    playback.seek(20);
    expect(playback.frame()).toBe(20);
    expect(clips[0].video.currentTime).toBeCloseTo(2.05);
    expect(clips[1].video.currentTime).toBeCloseTo(14.05);
  });

  it('places a video that was still loading once it knows its duration', () => {
    const video = new FakeVideo();
    video.readyState = 0;
    const { playback } = setup([{ startS: 3, endS: 8, video }]);
    playback.seek(7);
    video.currentTime = 0;
    video.loadMetadata();
    expect(video.currentTime).toBeCloseTo(3.75);
  });

  it('steps frame by frame, pauses, and stays inside the episode', () => {
    const { playback, clips } = setup([{ startS: 0, endS: 5 }]);
    playback.play();
    playback.step(1);
    expect(playback.playing()).toBe(false);
    expect(clips[0].video.playing).toBe(false);
    expect(playback.frame()).toBe(1);
    playback.step(-10);
    expect(playback.frame()).toBe(0);
    playback.step(100);
    expect(playback.frame()).toBe(49);
  });

  it('follows the leading video while it plays and pulls a drifting follower back', () => {
    const { playback, clips, ticker } = setup([
      { startS: 10, endS: 15 },
      { startS: 0, endS: 5 },
    ]);
    playback.play();
    expect(clips.every((clip) => clip.video.playing)).toBe(true);
    clips[0].video.currentTime = 11.23;
    clips[1].video.currentTime = 1.2;
    ticker.frame(16);
    expect(playback.frame()).toBe(12);
    expect(clips[1].video.currentTime).toBe(1.2); // 30 ms apart: left alone
    clips[0].video.currentTime = 12.01;
    ticker.frame(16);
    expect(playback.frame()).toBe(20);
    expect(clips[1].video.currentTime).toBeCloseTo(2.01);
  });

  it('stops on the last frame at the episode end time, not at the end of a shared file', () => {
    const { playback, clips, ticker } = setup([{ startS: 10, endS: 15 }]);
    playback.play();
    clips[0].video.currentTime = 15.02;
    ticker.frame(16);
    expect(playback.playing()).toBe(false);
    expect(playback.frame()).toBe(49);
    expect(clips[0].video.playing).toBe(false);
    expect(clips[0].video.currentTime).toBeCloseTo(14.95);
    expect(ticker.scheduled).toBe(0);
  });

  it('plays from the start again once at the end', () => {
    const { playback, clips } = setup([{ startS: 0, endS: 5 }]);
    playback.seek(49);
    playback.play();
    expect(playback.frame()).toBe(0);
    expect(clips[0].video.currentTime).toBeCloseTo(0.05);
  });

  it('leaves a broken video behind and follows the next one', () => {
    const broken = new FakeVideo();
    broken.error = { code: 4 };
    const { playback, clips, ticker } = setup([{ startS: 0, endS: 5, video: broken }, { startS: 0, endS: 5 }]);
    playback.play();
    broken.currentTime = 0;
    clips[1].video.currentTime = 0.45;
    ticker.frame(16);
    expect(playback.frame()).toBe(4);
  });

  it('runs on the animation clock when the episode has no video', () => {
    const { playback, ticker } = setup([], 20);
    playback.seek(5);
    playback.play();
    ticker.frame(250);
    expect(playback.frame()).toBe(7);
    ticker.frame(2000);
    expect(playback.frame()).toBe(19);
    expect(playback.playing()).toBe(false);
  });
});
