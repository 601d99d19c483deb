import { ErrorCode, JobType, QualitySummary } from '@robokit/api';
import { catchError, map, Observable, of, throwError } from 'rxjs';
import { ApiClient } from '../../core/api/api-client';
import { toApiProblem } from '../../core/api/api-problem';

export interface LatestQuality {
  jobId: string;
  completedAt: string;
  summary: QualitySummary;
}

/**
 * The dataset summary of the latest completed quality analysis, or null when none ran yet. The analysis
 * result is free-form in the API document; this job's result is `{ summary }` as shared/api types it.
 */
export function latestQuality(api: ApiClient, datasetId: string): Observable<LatestQuality | null> {
  return api.get('/api/v1/datasets/{id}/analyses/{jobType}/latest', { path: { id: datasetId, jobType: JobType.EvaluateQualityHeuristics } }).pipe(
    map((analysis) => ({ jobId: analysis.jobId, completedAt: analysis.completedAt, summary: analysis.result['summary'] as QualitySummary })),
    catchError((error: unknown) => (toApiProblem(error).code === ErrorCode.AnalysisNotFound ? of(null) : throwError(() => error))),
  );
}
