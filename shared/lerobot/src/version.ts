/** Python's packaging.version, as LeRobot uses it: "v2.1", "2.1" and "v2.1.0" are the same version. */
export function normaliseVersion(codebaseVersion: string): string | null {
  const match = /^[vV]?(\d+)(?:\.(\d+))?(?:\.0+)?$/.exec(codebaseVersion.trim());
  if (!match) return null;
  return `v${Number(match[1])}.${Number(match[2] ?? 0)}`;
}

/** Versions this build reads fully; the rest are answered with a clear 422. */
export const READABLE_VERSIONS = ['v2.0', 'v2.1', 'v3.0'] as const;
export type ReadableVersion = (typeof READABLE_VERSIONS)[number];

export function isReadableVersion(version: string | null): version is ReadableVersion {
  return (READABLE_VERSIONS as readonly string[]).includes(version ?? '');
}

/** What a user with a dataset of this version can do about it today. */
export function unsupportedVersionAdvice(codebaseVersion: string): string {
  const version = normaliseVersion(codebaseVersion);
  if (version === null) return `"${codebaseVersion}" is not a LeRobot codebase version (expected v2.0, v2.1 or v3.0).`;
  if (version.startsWith('v1.')) {
    return `${version} is the pre-2024 layout; convert it with LeRobot's lerobot/common/datasets/v2/convert_dataset_v1_to_v2.py, then to v2.1.`;
  }
  if (version === 'v2.0') {
    return 'v2.0 is not read yet; convert it with LeRobot\'s convert_dataset_v20_to_v21.py (or import its v2.1 tag if it has one).';
  }
  if (version === 'v3.0') return 'v3.0 is not read yet; import the v2.1 tag of the dataset if it has one.';
  return `${version} is newer than the versions RoboKit reads (${READABLE_VERSIONS.join(', ')}).`;
}
