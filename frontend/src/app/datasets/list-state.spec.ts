import { convertToParamMap } from '@angular/router';
import { JobStatus } from '@robokit/api';
import { DatasetListState, DEFAULT_LIST_STATE, listStateFromParams, listStateToParams, matSortToSort, sortToMatSort, toApiQuery } from './list-state';

describe('the datasets list state', () => {
  it('round-trips through query params, leaving the defaults out', () => {
    const state: DatasetListState = { q: 'aloha', status: JobStatus.Failed, robotType: 'so100', version: 'v3.0', sort: 'totalFrames', page: 3, pageSize: 50 };
    const params = listStateToParams(state);
    expect(params).toEqual({ q: 'aloha', status: 'failed', robotType: 'so100', version: 'v3.0', sort: 'totalFrames', page: 3, pageSize: 50 });
    expect(listStateFromParams(convertToParamMap(params))).toEqual(state);
    expect(listStateToParams(DEFAULT_LIST_STATE)).toEqual({});
  });

  it('falls back to the default for values a hand-edited link gets wrong', () => {
    const state = listStateFromParams(convertToParamMap({ status: 'done', version: 'v9', sort: '-password', page: '0', pageSize: '7', q: '  cube  ' }));
    expect(state).toEqual({ ...DEFAULT_LIST_STATE, q: 'cube' });
    expect(listStateFromParams(convertToParamMap({ page: '2.5' })).page).toBe(1);
  });

  it('asks the API with its own parameter names and nothing empty', () => {
    expect(toApiQuery({ ...DEFAULT_LIST_STATE, version: 'v2.1' })).toEqual({
      q: undefined,
      status: undefined,
      robotType: undefined,
      codebaseVersion: 'v2.1',
      sort: '-createdAt',
      page: 1,
      pageSize: 25,
    });
  });

  it('maps MatSort to the API sort and back; clearing the sort returns to the newest first', () => {
    expect(matSortToSort('totalEpisodes', 'desc')).toBe('-totalEpisodes');
    expect(matSortToSort('repoId', 'asc')).toBe('repoId');
    expect(matSortToSort('repoId', '')).toBe('-createdAt');
    expect(matSortToSort('robotType', 'asc')).toBe('-createdAt');
    expect(sortToMatSort('-sizeBytes')).toEqual({ active: 'sizeBytes', direction: 'desc' });
    expect(sortToMatSort('repoId')).toEqual({ active: 'repoId', direction: 'asc' });
  });
});
