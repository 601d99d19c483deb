/** What a repo without meta/info.json holds, so the refusal can say what was found (lerobot-format.md §9.4). */
export interface LayoutGuess {
  /** 'v1' when the pre-2024 LeRobot layout is recognised. */
  kind: 'v1' | 'other';
  description: string;
}

export const V1_INFO_PATH = 'meta_data/info.json';

export function guessLayout(paths: string[]): LayoutGuess {
  if (paths.includes(V1_INFO_PATH) || paths.some((path) => path.startsWith('meta_data/'))) {
    return { kind: 'v1', description: 'the LeRobot v1.x layout (meta_data/)' };
  }
  if (paths.some((path) => /^data\/train-\d+-of-\d+\.parquet$/.test(path))) {
    return { kind: 'other', description: 'Hugging Face datasets parquet shards (data/train-*.parquet) without LeRobot metadata' };
  }
  if (paths.length === 0) return { kind: 'other', description: 'an empty repo' };
  const top = [...new Set(paths.map((path) => (path.includes('/') ? `${path.split('/')[0]}/` : path)))].sort();
  const shown = top.slice(0, 8).join(', ');
  return { kind: 'other', description: `${paths.length} file(s) and no LeRobot metadata (${shown}${top.length > 8 ? ', ...' : ''})` };
}

/** The version a v1.x meta_data/info.json names; the oldest ones name none. */
export function v1VersionOf(infoText: string | null): string {
  try {
    const version = (JSON.parse(infoText ?? '') as { codebase_version?: unknown }).codebase_version;
    return typeof version === 'string' ? version : 'v1.x';
  } catch {
    return 'v1.x';
  }
}
