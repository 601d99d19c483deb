/**
 * Stable machine names for every error the API answers with. Clients switch on these, so a code is
 * never renamed; new ones are only added.
 */
export enum ErrorCode {
  ValidationFailed = 'VALIDATION_FAILED',
  MalformedBody = 'MALFORMED_BODY',
  PayloadTooLarge = 'PAYLOAD_TOO_LARGE',
  UnsupportedMediaType = 'UNSUPPORTED_MEDIA_TYPE',
  RouteNotFound = 'ROUTE_NOT_FOUND',
  DatasetNotFound = 'DATASET_NOT_FOUND',
  JobNotFound = 'JOB_NOT_FOUND',
  AnalysisNotFound = 'ANALYSIS_NOT_FOUND',
  EpisodeNotFound = 'EPISODE_NOT_FOUND',
  RepoNotFound = 'REPO_NOT_FOUND',
  RevisionNotFound = 'REVISION_NOT_FOUND',
  FileNotFound = 'FILE_NOT_FOUND',
  NotInLocalCache = 'NOT_IN_LOCAL_CACHE',
  RepoGated = 'REPO_GATED',
  HubUnauthorized = 'HUB_UNAUTHORIZED',
  DatasetExists = 'DATASET_EXISTS',
  JobStateConflict = 'JOB_STATE_CONFLICT',
  MetadataMissing = 'METADATA_MISSING',
  MetadataInvalid = 'METADATA_INVALID',
  UnsupportedVersion = 'UNSUPPORTED_VERSION',
  UnsupportedFormat = 'UNSUPPORTED_FORMAT',
  JobTypeNotAvailable = 'JOB_TYPE_NOT_AVAILABLE',
  RateLimited = 'RATE_LIMITED',
  HubUnavailable = 'HUB_UNAVAILABLE',
  HubBadResponse = 'HUB_BAD_RESPONSE',
  DownloadIntegrity = 'DOWNLOAD_INTEGRITY',
  ServiceUnavailable = 'SERVICE_UNAVAILABLE',
  InternalError = 'INTERNAL_ERROR',
  /** A Hub file above HUB_MAX_FILE_BYTES: refused before a byte of it is downloaded. */
  FileTooLarge = 'FILE_TOO_LARGE',
  /** The Hub listed a path that could leave the cache folder ('..', absolute, backslash, NUL, ...). */
  HubUnsafePath = 'HUB_UNSAFE_PATH',
  /** A parquet or mp4 file that its Hub listing vouches for, but that is truncated or not that kind of file at all. */
  FileCorrupt = 'FILE_CORRUPT',
  /** No session token came with a request that needs one (Authorization: Bearer, or the __session cookie). */
  AuthRequired = 'AUTH_REQUIRED',
  /** The session token is malformed, forged, not yet valid, or meant for another issuer or app; details.reason says which. */
  AuthTokenInvalid = 'AUTH_TOKEN_INVALID',
  /** The session token has expired: get a fresh one and send the request again. */
  AuthTokenExpired = 'AUTH_TOKEN_EXPIRED',
  /** The request line and headers together are larger than the server reads (a URL or a cookie far too long). */
  HeadersTooLarge = 'HEADERS_TOO_LARGE',
  /** A Range header that asks for bytes the file does not have; Content-Range names the file's size. */
  RangeNotSatisfiable = 'RANGE_NOT_SATISFIABLE',
}

/** The one error body every endpoint answers with. */
export interface ErrorBody {
  statusCode: number;
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
  retryable: boolean;
  requestId: string;
}

/** What a failed job stores: the error body less the HTTP parts. */
export interface JobError {
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
  retryable: boolean;
}
