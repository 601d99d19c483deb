import { Params, ParamMap } from '@angular/router';
import type { operations } from '../../../generated/api-schema';

type ListQuery = NonNullable<operations['Episodes_list']['parameters']['query']>;
export type EpisodeSort = NonNullable<ListQuery['sort']>;
export type VerdictFilter = NonNullable<ListQuery['verdict']>;
export type ReviewFilter = NonNullable<ListQuery['review']>;
export type SortField = 'index' | 'length' | 'durationS' | 'score';

/** The episodes table's state, as the URL keeps it so a link reproduces the view. */
export interface EpisodeQuery {
  page: number;
  pageSize: number;
  sort: EpisodeSort;
  verdict: VerdictFilter | null;
  flag: string | null;
  task: string | null;
  review: ReviewFilter | null;
}

export const PAGE_SIZES = [10, 25, 50, 100];
export const SORT_FIELDS: readonly SortField[] = ['index', 'length', 'durationS', 'score'];
export const VERDICTS: readonly VerdictFilter[] = ['EXCLUDE', 'REVIEW', 'PASS'];
export const REVIEW_FILTERS: readonly ReviewFilter[] = ['exclude', 'keep', 'none'];
export const DEFAULT_QUERY: EpisodeQuery = { page: 1, pageSize: 25, sort: 'index', verdict: null, flag: null, task: null, review: null };

function oneOf<T extends string>(value: string | null, allowed: readonly T[]): T | null {
  return allowed.includes(value as T) ? (value as T) : null;
}

/** Reads the state from the URL; anything a hand-edited link gets wrong falls back to the default. */
export function parseEpisodeQuery(params: ParamMap): EpisodeQuery {
  const page = Number(params.get('page'));
  const pageSize = Number(params.get('pageSize'));
  const sort = params.get('sort') ?? '';
  return {
    page: Number.isInteger(page) && page >= 1 ? page : DEFAULT_QUERY.page,
    pageSize: PAGE_SIZES.includes(pageSize) ? pageSize : DEFAULT_QUERY.pageSize,
    sort: SORT_FIELDS.includes(sort.replace(/^-/, '') as SortField) ? (sort as EpisodeSort) : DEFAULT_QUERY.sort,
    verdict: oneOf(params.get('verdict'), VERDICTS),
    flag: params.get('flag') || null,
    task: params.get('task') || null,
    review: oneOf(params.get('review'), REVIEW_FILTERS),
  };
}

/** The URL's query parameters for a state: defaults are left out (null removes them when merged). */
export function toQueryParams(query: EpisodeQuery): Params {
  const params: Params = {};
  for (const key of Object.keys(DEFAULT_QUERY) as (keyof EpisodeQuery)[]) {
    params[key] = query[key] === DEFAULT_QUERY[key] ? null : query[key];
  }
  return params;
}

/** The API's query for a state. */
export function toApiQuery(query: EpisodeQuery): ListQuery {
  return {
    page: query.page,
    pageSize: query.pageSize,
    sort: query.sort,
    verdict: query.verdict ?? undefined,
    flag: query.flag ?? undefined,
    task: query.task ?? undefined,
    review: query.review ?? undefined,
  };
}

/** MatSort's view of the sort: `-score` is score, descending. */
export function sortState(sort: EpisodeSort): { active: SortField; direction: 'asc' | 'desc' } {
  return sort.startsWith('-') ? { active: sort.slice(1) as SortField, direction: 'desc' } : { active: sort as SortField, direction: 'asc' };
}

export function toSort(active: string, direction: 'asc' | 'desc' | ''): EpisodeSort {
  if (!direction || !SORT_FIELDS.includes(active as SortField)) return DEFAULT_QUERY.sort;
  return (direction === 'desc' ? `-${active}` : active) as EpisodeSort;
}

/** A change of filters or sort starts again at page 1; only paging keeps the page. */
export function withChange(query: EpisodeQuery, change: Partial<EpisodeQuery>): EpisodeQuery {
  const paging = Object.keys(change).every((key) => key === 'page' || key === 'pageSize');
  return { ...query, ...change, page: paging ? (change.page ?? query.page) : 1 };
}
