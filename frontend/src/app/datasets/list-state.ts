import { ParamMap, Params } from '@angular/router';
import { JobStatus } from '@robokit/api';
import type { operations } from '../../generated/api-schema';

export type DatasetListQuery = NonNullable<operations['Datasets_list']['parameters']['query']>;
export type DatasetSort = NonNullable<DatasetListQuery['sort']>;
export type DatasetSortField = Exclude<DatasetSort, `-${string}`>;

/** The columns GET /datasets sorts by; `satisfies` keeps the list within what the API accepts. */
export const SORT_FIELDS = ['repoId', 'totalEpisodes', 'totalFrames', 'sizeBytes', 'createdAt', 'updatedAt'] as const satisfies readonly DatasetSortField[];

/** The format versions the importer accepts (others are refused with UNSUPPORTED_VERSION), so the only ones worth filtering by. */
export const VERSIONS = ['v2.0', 'v2.1', 'v3.0'] as const;

export const PAGE_SIZES = [5, 10, 25, 50, 100] as const;

/** Everything that decides which datasets the table shows; it lives in the URL so a link reproduces the view. */
export interface DatasetListState {
  q: string;
  status: JobStatus | null;
  robotType: string;
  version: string | null;
  sort: DatasetSort;
  page: number;
  pageSize: number;
}

export const DEFAULT_LIST_STATE: DatasetListState = {
  q: '',
  status: null,
  robotType: '',
  version: null,
  sort: '-createdAt',
  page: 1,
  pageSize: 25,
};

/** Reads the state from query params, falling back to the default for anything missing or not understood (a hand-edited link). */
export function listStateFromParams(params: ParamMap): DatasetListState {
  const status = params.get('status');
  const version = params.get('version');
  const sort = params.get('sort');
  const sortField = sort?.replace(/^-/, '');
  return {
    q: params.get('q')?.trim() ?? '',
    status: status && (Object.values(JobStatus) as string[]).includes(status) ? (status as JobStatus) : null,
    robotType: params.get('robotType')?.trim() ?? '',
    version: version && (VERSIONS as readonly string[]).includes(version) ? version : null,
    sort: sort && (SORT_FIELDS as readonly string[]).includes(sortField ?? '') ? (sort as DatasetSort) : DEFAULT_LIST_STATE.sort,
    page: positiveInteger(params.get('page')) ?? DEFAULT_LIST_STATE.page,
    pageSize: (PAGE_SIZES as readonly number[]).find((size) => size === Number(params.get('pageSize'))) ?? DEFAULT_LIST_STATE.pageSize,
  };
}

/** The query params of a state, leaving defaults out so links stay short. */
export function listStateToParams(state: DatasetListState): Params {
  const params: Params = {};
  if (state.q) params['q'] = state.q;
  if (state.status) params['status'] = state.status;
  if (state.robotType) params['robotType'] = state.robotType;
  if (state.version) params['version'] = state.version;
  if (state.sort !== DEFAULT_LIST_STATE.sort) params['sort'] = state.sort;
  if (state.page !== DEFAULT_LIST_STATE.page) params['page'] = state.page;
  if (state.pageSize !== DEFAULT_LIST_STATE.pageSize) params['pageSize'] = state.pageSize;
  return params;
}

export function toApiQuery(state: DatasetListState): DatasetListQuery {
  return {
    q: state.q || undefined,
    status: state.status ?? undefined,
    robotType: state.robotType || undefined,
    codebaseVersion: state.version ?? undefined,
    sort: state.sort,
    page: state.page,
    pageSize: state.pageSize,
  };
}

export function hasFilters(state: DatasetListState): boolean {
  return Boolean(state.q || state.status || state.robotType || state.version);
}

/** MatSort's view of a sort value, and back; clearing the sort returns to the default. */
export function sortToMatSort(sort: DatasetSort): { active: DatasetSortField; direction: 'asc' | 'desc' } {
  return sort.startsWith('-') ? { active: sort.slice(1) as DatasetSortField, direction: 'desc' } : { active: sort as DatasetSortField, direction: 'asc' };
}

export function matSortToSort(active: string, direction: 'asc' | 'desc' | ''): DatasetSort {
  if (!direction || !(SORT_FIELDS as readonly string[]).includes(active)) return DEFAULT_LIST_STATE.sort;
  return (direction === 'desc' ? `-${active}` : active) as DatasetSort;
}

function positiveInteger(value: string | null): number | null {
  const number = Number(value);
  return value && Number.isInteger(number) && number >= 1 ? number : null;
}
