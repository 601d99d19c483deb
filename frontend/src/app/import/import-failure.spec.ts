import { ErrorCode } from '@robokit/api';
import { ApiProblem } from '../core/api/api-problem';
import { importFailure } from './import-failure';

function problem(code: ApiProblem['code'], details: Record<string, unknown> = {}): ApiProblem {
  return { status: 400, code, message: 'm', advice: 'a', retryable: false, retryAfterSeconds: null, requestId: null, details };
}

describe('importFailure', () => {
  it('sends each Hub and format failure to the step that can fix it', () => {
    expect(importFailure(problem(ErrorCode.RepoNotFound)).fixAt).toBe('repo');
    expect(importFailure(problem(ErrorCode.RepoGated)).fixAt).toBe('repo');
    expect(importFailure(problem(ErrorCode.RevisionNotFound)).fixAt).toBe('revision');
    expect(importFailure(problem(ErrorCode.MetadataMissing)).fixAt).toBe('revision');
    expect(importFailure(problem(ErrorCode.UnsupportedVersion)).fixAt).toBe('revision');
    expect(importFailure(problem(ErrorCode.RateLimited)).fixAt).toBeNull();
    expect(importFailure(problem(ErrorCode.HubUnavailable)).fixAt).toBeNull();
  });

  it('maps the fields of a 400 onto the wizard’s fields, the repo first', () => {
    const failure = importFailure(
      problem(ErrorCode.ValidationFailed, {
        fields: [
          { field: 'source.revision', problems: ['revision is bad', 'and long'] },
          { field: 'source.repo_id', problems: ['repo_id is bad'] },
          { field: 'format_type', problems: ['unknown'] },
        ],
      }),
    );
    expect(failure.fieldErrors).toEqual({ repo: 'repo_id is bad', revision: 'revision is bad; and long' });
    expect(failure.fixAt).toBe('repo');
    expect(importFailure(problem(ErrorCode.ValidationFailed, { fields: 'not a list' })).fieldErrors).toEqual({});
  });

  it('names the existing dataset of a 409, and only of a 409', () => {
    expect(importFailure(problem(ErrorCode.DatasetExists, { datasetId: 'ds-1' })).existingDatasetId).toBe('ds-1');
    expect(importFailure(problem(ErrorCode.DatasetExists)).existingDatasetId).toBeNull();
    expect(importFailure(problem(ErrorCode.RepoNotFound, { datasetId: 'ds-1' })).existingDatasetId).toBeNull();
  });
});
