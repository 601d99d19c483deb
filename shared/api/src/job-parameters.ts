/** One parameter of a job type: the JSON Schema keywords a form needs, and what validation enforces. */
export interface JobParameterSpec {
  kind: 'number' | 'integer' | 'boolean' | 'string';
  default: number | boolean | string;
  minimum?: number;
  maximum?: number;
  enum?: readonly string[];
  title: string;
  description: string;
}

// Free-text parameters (feature lists, names) stay short.
export const MAX_STRING_PARAMETER = 1000;

/** What is wrong with one value ("must be …"), or null when the spec accepts it. */
export function parameterProblem(spec: JobParameterSpec, value: unknown): string | null {
  if (spec.kind === 'string') {
    if (typeof value !== 'string') return 'must be a string';
    if (value.length > MAX_STRING_PARAMETER) return `must be at most ${MAX_STRING_PARAMETER} characters`;
    return spec.enum && !spec.enum.includes(value) ? `must be one of ${spec.enum.join(', ')}` : null;
  }
  if (spec.kind === 'boolean') return typeof value === 'boolean' ? null : 'must be true or false';
  if (typeof value !== 'number' || !Number.isFinite(value)) return 'must be a number';
  if (spec.kind === 'integer' && !Number.isInteger(value)) return 'must be a whole number';
  if (spec.minimum !== undefined && value < spec.minimum) return `must be at least ${spec.minimum}`;
  if (spec.maximum !== undefined && value > spec.maximum) return `must be at most ${spec.maximum}`;
  return null;
}

export interface ResolvedParameters {
  values: Record<string, unknown>;
  /** Given names the specs do not declare. */
  unknown: string[];
  /** Declared parameters whose value (given or default) the spec refuses, in declaration order. */
  problems: { name: string; problem: string }[];
}

/** The defaults with the given values applied, and everything wrong with them, all at once. */
export function resolveParameterValues(specs: Record<string, JobParameterSpec>, given: Record<string, unknown> = {}): ResolvedParameters {
  const values: Record<string, unknown> = {};
  const problems: ResolvedParameters['problems'] = [];
  for (const [name, spec] of Object.entries(specs)) {
    const value = given[name] === undefined ? spec.default : given[name];
    const problem = parameterProblem(spec, value);
    if (problem) problems.push({ name, problem });
    values[name] = value;
  }
  return { values, unknown: Object.keys(given).filter((name) => !(name in specs)), problems };
}
