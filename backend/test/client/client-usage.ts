// Compiled in CI against the types openapi-typescript generates from backend/openapi.json: if the
// document loses a schema a client relies on, this stops compiling.
import type { components, paths } from '../../dist/client/schema';

type CreateBody = paths['/api/v1/datasets']['post']['requestBody']['content']['application/json'];
type Created = paths['/api/v1/datasets']['post']['responses']['201']['content']['application/json'];
type Conflict = paths['/api/v1/datasets']['post']['responses']['409']['content']['application/json'];
type Status = paths['/api/v1/datasets/{id}/status']['get']['responses']['200']['content']['application/json'];
type Search = paths['/api/v1/huggingface/search']['get']['parameters']['query'];

export const body: CreateBody = { source: { type: 'huggingface', repo_id: 'lerobot/pusht', revision: 'main' }, format_type: 'lerobot' };
export const describe = (dataset: Created): string =>
  `${dataset.source.repoId}@${dataset.source.commitSha}: ${dataset.metadata?.totalEpisodes ?? '?'} episodes, ${dataset.metadata?.cameras.map((c) => c.key).join(', ')}`;
export const existingId = (error: Conflict): unknown => error.details?.datasetId;
export const progress = (status: Status): number => (status.status === 'running' ? status.progress : 100);
export const query: Search = { q: 'so100', robotics: true, sort: 'downloads', page: 1, pageSize: 25 };
export const code: components['schemas']['ErrorCode'] = 'DATASET_EXISTS';

type Jobs = paths['/api/v1/jobs']['get'];
type Overview = paths['/api/v1/overview']['get']['responses']['200']['content']['application/json'];
type ReviewBody = paths['/api/v1/datasets/{id}/episodes/{index}/review']['put']['requestBody']['content']['application/json'];
type Export = paths['/api/v1/datasets/{id}/reviews/export']['get']['responses']['200']['content']['application/json'];
type Episode = paths['/api/v1/datasets/{id}/episodes']['get']['responses']['200']['content']['application/json']['items'][number];

export const activeJobs: Jobs['parameters']['query'] = { status: ['queued', 'running'], sort: '-createdAt' };
export const jobLabel = (page: Jobs['responses']['200']['content']['application/json']): string[] =>
  page.items.map((job) => `${job.displayName ?? job.repoId}: ${job.status} ${job.progress}% ${job.error?.code ?? ''}`);
export const failedImports = (overview: Overview): number => overview.datasets.byStatus.failed + overview.jobs.failedLast24h;
export const exclude: ReviewBody = { decision: 'exclude', note: 'gripper slips' };
export const lerobotEpisodes = (selection: Export): string => `--episodes ${JSON.stringify(selection.episodes)}`;
export const excluded = (episode: Episode): boolean => episode.review?.decision === 'exclude';
