import { convertToParamMap } from '@angular/router';
import { DEFAULT_QUERY, parseEpisodeQuery, sortState, toApiQuery, toQueryParams, toSort, withChange } from './episodes-query';

describe('episodes table state in the URL', () => {
  it('reads a full link back', () => {
    const query = parseEpisodeQuery(convertToParamMap({ page: '3', pageSize: '50', sort: '-score', verdict: 'EXCLUDE', flag: 'stale_state', task: 'Pick', review: 'none' }));
    expect(query).toEqual({ page: 3, pageSize: 50, sort: '-score', verdict: 'EXCLUDE', flag: 'stale_state', task: 'Pick', review: 'none' });
  });

  it('falls back to the defaults for what a hand-edited link gets wrong', () => {
    const query = parseEpisodeQuery(convertToParamMap({ page: '0', pageSize: '7', sort: '-name', verdict: 'MAYBE', review: 'yes', flag: '' }));
    expect(query).toEqual(DEFAULT_QUERY);
  });

  it('writes only what differs from the defaults, and removes the rest', () => {
    expect(toQueryParams({ ...DEFAULT_QUERY, sort: 'length', verdict: 'REVIEW' })).toEqual({
      page: null,
      pageSize: null,
      sort: 'length',
      verdict: 'REVIEW',
      flag: null,
      task: null,
      review: null,
    });
  });

  it('round-trips through the URL', () => {
    const query = { page: 2, pageSize: 10, sort: '-durationS' as const, verdict: null, flag: 'jerk', task: null, review: 'exclude' as const };
    const params = Object.fromEntries(Object.entries(toQueryParams(query)).filter(([, value]) => value !== null));
    expect(parseEpisodeQuery(convertToParamMap(params))).toEqual(query);
  });

  it('asks the API without the filters that are off', () => {
    expect(toApiQuery({ ...DEFAULT_QUERY, flag: 'jerk' })).toEqual({ page: 1, pageSize: 25, sort: 'index', verdict: undefined, flag: 'jerk', task: undefined, review: undefined });
  });

  it('maps the API sort to MatSort and back; no direction is the default order', () => {
    expect(sortState('-score')).toEqual({ active: 'score', direction: 'desc' });
    expect(sortState('length')).toEqual({ active: 'length', direction: 'asc' });
    expect(toSort('score', 'desc')).toBe('-score');
    expect(toSort('durationS', 'asc')).toBe('durationS');
    expect(toSort('score', '')).toBe('index');
    expect(toSort('task', 'asc')).toBe('index');
  });

  it('goes back to page 1 when filters or sort change, not when paging', () => {
    const onPage4 = { ...DEFAULT_QUERY, page: 4 };
    expect(withChange(onPage4, { verdict: 'PASS' }).page).toBe(1);
    expect(withChange(onPage4, { sort: '-score' }).page).toBe(1);
    expect(withChange(onPage4, { page: 5, pageSize: 25 }).page).toBe(5);
  });
});
