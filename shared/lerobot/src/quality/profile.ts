import { ProfileComparison, QualityProfile } from '@robokit/api';

/**
 * What drifted from an applied profile (quality-metrics.md §6): each of its anchors against the value this dataset
 * alone fits, the most changed first. An anchor this dataset does not use (another task, another joint) is left out.
 */
export function compareWithProfile(profile: QualityProfile, fitted: Record<string, number | null>, drift: number): ProfileComparison {
  const anchors = Object.entries(profile.anchors).flatMap(([key, value]) => {
    if (typeof value !== 'number' || !Number.isFinite(value) || !(key in fitted)) return [];
    const own = fitted[key];
    const change = own !== null && value !== 0 ? (own - value) / Math.abs(value) : null;
    return [{ key, profile: value, dataset: own, change, drifted: change !== null && Math.abs(change) > drift }];
  });
  anchors.sort((a, b) => Math.abs(b.change ?? 0) - Math.abs(a.change ?? 0) || a.key.localeCompare(b.key));
  return { name: profile.name, anchors };
}
