import { resolveSpec } from './dataset-spec';
import { renderFrame } from './frames';
import { renderWithDefects } from './video-defects';

const CAMERA = { key: 'observation.images.top', width: 64, height: 48 };
const mean = (rgb: Uint8Array) => rgb.reduce((sum, v) => sum + v, 0) / rgb.length;

describe('video defects', () => {
  it('freeze, darken, over-expose, blur and shift the frames they cover, and no others', () => {
    const at = (kind: 'frozen' | 'dark' | 'bright' | 'blur' | 'shift', frame: number) => renderWithDefects(64, 48, 30, frame, [{ kind, from: 10, to: 19 }]);
    expect(at('frozen', 15)).toEqual(renderFrame(64, 48, 30, 10));
    expect(at('frozen', 20)).toEqual(renderFrame(64, 48, 30, 20));
    expect(mean(at('dark', 12))).toBeLessThan(15);
    expect(mean(at('bright', 12))).toBeGreaterThan(240);
    expect(at('blur', 12)).not.toEqual(renderFrame(64, 48, 30, 12));
    // Shifted 8 px right and down: the pixel at (40, 30) shows what (32, 22) showed.
    const shifted = at('shift', 12);
    const clean = renderFrame(64, 48, 30, 12);
    expect([...shifted.subarray((30 * 64 + 40) * 3, (30 * 64 + 40) * 3 + 3)]).toEqual([...clean.subarray((22 * 64 + 32) * 3, (22 * 64 + 32) * 3 + 3)]);
    expect(at('dark', 9)).toEqual(renderFrame(64, 48, 30, 9));
  });

  it('refuses defects outside the dataset', () => {
    const spec = { episodes: 2, episodeLength: 30, cameras: [CAMERA] };
    expect(() => resolveSpec({ ...spec, videoDefects: [{ episode: 2, camera: CAMERA.key, kind: 'dark' }] })).toThrow('no such camera or episode');
    expect(() => resolveSpec({ ...spec, videoDefects: [{ episode: 0, camera: 'wrist', kind: 'dark' }] })).toThrow('no such camera or episode');
    expect(() => resolveSpec({ ...spec, videoDefects: [{ episode: 0, camera: CAMERA.key, kind: 'blur', frames: [20, 30] }] })).toThrow('not inside the episode');
  });
});
