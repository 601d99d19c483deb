import { JobParameterSpec, JobType, resolveParameterValues } from '@robokit/api';
import { QUALITY_PARAMETERS } from '@robokit/lerobot';
import { validationError } from '../common/validation';

export interface JobDefinition {
  title: string;
  description: string;
  parameters: Record<string, JobParameterSpec>;
}

/**
 * Every job type, exhaustively: null marks a type this version cannot run yet. The registry refuses to
 * start when a defined type has no handler (or a handler has no definition), and the parameter-schemas
 * endpoint and the parameter validation both come from here.
 */
export const JOB_DEFINITIONS: Record<JobType, JobDefinition | null> = {
  [JobType.MetadataExtraction]: {
    title: 'Metadata extraction',
    description:
      "Reads the dataset's format version, robot, cameras, features, tasks and episode lengths from its meta files (one request per meta file, however many episodes), and can bring the frame data and videos into the cache too.",
    parameters: {
      include_data: {
        kind: 'boolean',
        default: false,
        title: 'Download frame data',
        description: 'Also bring the parquet frame data into the local cache (one request per data file), e.g. before going offline.',
      },
      include_videos: {
        kind: 'boolean',
        default: false,
        title: 'Download videos',
        description: 'Also bring the video files into the local cache (they can be large).',
      },
    },
  },
  [JobType.EvaluateQualityHeuristics]: {
    title: 'Quality heuristics',
    description:
      'Scores every episode (0-100, PASS / REVIEW / EXCLUDE) from the metrics of the quality catalogue that need no video: integrity, staleness and timing, motion, episode and dataset level; each finding names its metric, value, threshold, joint and frame range.',
    parameters: QUALITY_PARAMETERS,
  },
  [JobType.Validation]: {
    title: 'Validation',
    description:
      'Checks the dataset the way LeRobot does when it loads or records one (info.json totals, paths, parquet schema, indices, timestamps, tasks, stats, videos) and reports every problem once, with where it occurs.',
    parameters: {
      check_videos: {
        kind: 'boolean',
        default: false,
        title: 'Probe the videos',
        description: "Download every mp4 and compare its codec, resolution, fps and frame count with the metadata (videos can be large; without this, only the videos' presence and v3.0 time ranges are checked).",
      },
    },
  },
  [JobType.Conversion]: null,
  [JobType.Indexing]: null,
  [JobType.AttentionAnalysis]: null,
};

export function jsonSchemaOf(definition: JobDefinition | null): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(definition?.parameters ?? {})) {
    const { kind, ...rest } = spec;
    properties[name] = { type: kind, ...rest };
  }
  return { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object', properties, additionalProperties: false };
}

/** The parameters with defaults filled in, or a 400 naming every wrong or unknown key. */
export function resolveParameters(definition: JobDefinition, given: Record<string, unknown> = {}): Record<string, unknown> {
  const { values, unknown, problems } = resolveParameterValues(definition.parameters, given);
  const fields = [
    ...unknown.map((name) => ({ field: `parameters.${name}`, problems: ['is not a parameter of this job type'] })),
    ...problems.map(({ name, problem }) => ({ field: `parameters.${name}`, problems: [problem] })),
  ];
  if (fields.length > 0) throw validationError(fields);
  return values;
}
