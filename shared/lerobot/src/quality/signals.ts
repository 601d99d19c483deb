import { LeRobotInfo } from '../info';
import { DEFAULT_FEATURES } from '../metadata';
import { normaliseNames } from '../names';

/** One dimension of a signal feature; `slot` is its position in the flat list of all analysed dimensions. */
export interface SignalDim {
  slot: number;
  feature: string;
  position: number;
  /** Joint name from `names`, else `<feature>[<i>]` (the feature key for a scalar). */
  name: string;
  /** Named a gripper ("gripper" in the name, or listed in the parameters). */
  gripper: boolean;
}

export interface SignalFeature {
  key: string;
  /** As info.json declares it (LeRobot computes the feature's stats in this precision). */
  dtype: string;
  dims: SignalDim[];
}

/** Which numeric vectors are analysed, their dimensions, and the action/state pairs of the same joint. */
export interface SignalPlan {
  features: SignalFeature[];
  dims: SignalDim[];
  /** Where the motion metrics look (jerk, SPARC, LDLJ, idle): the sensed state, else the first feature. */
  motion: SignalFeature | null;
  /** Same-named action and state dimensions (by position when neither has names). */
  pairs: { action: SignalDim; state: SignalDim }[];
  /** Requested features that cannot be analysed, and why. */
  skipped: string[];
}

const NUMERIC = /^(float|int|uint|bool)/;

export function planSignals(info: LeRobotInfo, requested: string[], extraGrippers: string[]): SignalPlan {
  const features: SignalFeature[] = [];
  const dims: SignalDim[] = [];
  const skipped: string[] = [];
  const grippers = new Set(extraGrippers.map((name) => name.toLowerCase()));
  for (const key of requested) {
    const spec = info.features[key];
    if (!spec) {
      skipped.push(`${key}: not a feature of this dataset`);
      continue;
    }
    if (DEFAULT_FEATURES.includes(key) || !NUMERIC.test(spec.dtype) || spec.shape.length !== 1 || spec.shape[0] < 1) {
      skipped.push(`${key}: not a numeric vector (${spec.dtype} ${JSON.stringify(spec.shape)})`);
      continue;
    }
    const width = spec.shape[0];
    const names = normaliseNames(spec.names).names;
    const named = names !== null && names.length === width;
    const feature: SignalFeature = { key, dtype: spec.dtype, dims: [] };
    for (let position = 0; position < width; position += 1) {
      const name = named ? names[position] : width === 1 ? key : `${key}[${position}]`;
      const dim = { slot: dims.length, feature: key, position, name, gripper: /gripper/i.test(name) || grippers.has(name.toLowerCase()) };
      feature.dims.push(dim);
      dims.push(dim);
    }
    features.push(feature);
  }
  const state = features.find((feature) => feature.key === 'observation.state') ?? null;
  const action = features.find((feature) => feature.key === 'action') ?? null;
  return { features, dims, motion: state ?? features[0] ?? null, pairs: pairDims(action, state), skipped };
}

function pairDims(action: SignalFeature | null, state: SignalFeature | null): SignalPlan['pairs'] {
  if (!action || !state) return [];
  const generic = (dim: SignalDim) => dim.name === `${dim.feature}[${dim.position}]` || dim.name === dim.feature;
  if (action.dims.every(generic) && state.dims.every(generic)) {
    return action.dims.length === state.dims.length ? action.dims.map((dim, i) => ({ action: dim, state: state.dims[i] })) : [];
  }
  const byName = new Map(state.dims.map((dim) => [dim.name, dim]));
  return action.dims.flatMap((dim) => {
    const match = byName.get(dim.name);
    return match ? [{ action: dim, state: match }] : [];
  });
}
