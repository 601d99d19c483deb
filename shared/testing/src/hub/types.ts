/** Content of one repo file: bytes, UTF-8 text, or a file on disk that is streamed, never loaded whole. */
export type RepoFileSource = Buffer | string | { path: string };

export interface StandInRepoOptions {
  /** "owner/name", or a legacy un-namespaced "name". */
  id: string;
  /** Repo path -> content; becomes the first commit on `main`. */
  files: Record<string, RepoFileSource>;
  /** Defaults to tags derived from `cardData`, the way the Hub derives them from the README header. */
  tags?: string[];
  cardData?: Record<string, unknown>;
  gated?: false | 'auto' | 'manual';
  private?: boolean;
  disabled?: boolean;
  /** Tokens that may read a private repo or download from a gated one. They count as valid tokens. */
  allowedTokens?: string[];
  downloads?: number;
  likes?: number;
  /** ISO date of the first commit (and so of `lastModified` until the next commit). */
  lastModified?: string;
  createdAt?: string;
  /** A git tag (e.g. 'v2.1') on the first commit, as LeRobot's push_to_hub creates. */
  versionTag?: string;
}

/** The fields of a tree entry a hostile listing may rewrite (see FaultRule.listAs). */
export interface ListedEntryOverride {
  /** Any string, e.g. '../x', '/etc/x', 'a\\b', 'a\u0000b'. */
  path?: string;
  /** Size in bytes, e.g. one above the client's limit while the real content stays small. */
  size?: number;
  /** The git blob id (`oid`). */
  oid?: string;
  /** The LFS sha256 (`lfs.oid`); added as an LFS entry when the file is not one. */
  lfsOid?: string;
}

export type FaultRoute = 'info' | 'tree' | 'paths-info' | 'refs' | 'resolve' | 'raw' | 'blob' | 'search' | 'any';

export interface FaultRule {
  repo?: string;
  route?: FaultRoute;
  /** Matched against the repo file path (resolve/raw/blob/tree path); a string is a regex source. */
  pathPattern?: RegExp | string;
  /** Answer this status, with the Hub's error body and headers. */
  status?: number;
  errorCode?: string;
  /** Seconds; sent as Retry-After, and for 429 also as RateLimit t=. */
  retryAfter?: number;
  /** Wait before answering (then answer normally unless `status` is set). */
  delayMs?: number;
  /** Send the full Content-Length, then only this many body bytes, then drop the connection. */
  truncateAfterBytes?: number;
  /** Send this many body bytes, then nothing more while keeping the connection open. */
  stallAfterBytes?: number;
  /** Same length, different bytes. */
  corruptBody?: boolean;
  /** Send the body a byte at a time, this many ms apart: never silent for long, and far too slow. */
  trickleMs?: number;
  /**
   * Hostile listing: tree and paths-info answers describe matching files (pathPattern tests the true path)
   * with these fields instead, while the file routes keep serving the true content. Give route 'tree',
   * 'paths-info' or none; acts on every listing (`times` does not apply).
   */
  listAs?: ListedEntryOverride;
  /**
   * A Content-Length that lies: announced this many bytes off the true length. A negative delta also cuts the
   * body to the announced length and ends it cleanly (a truncated file the server stands by); a positive one
   * sends the whole body, then closes the connection short of what it promised.
   */
  contentLengthDelta?: number;
  /** Answer 302 to a fresh URL of the same resource, forever: a loop that no URL comparison spots. */
  redirectLoop?: boolean;
  /** Apply to the first N requests the rule acts on, then expire. Default: always. */
  times?: number;
}

export interface HubRequestLog {
  method: string;
  /** Path as received, still percent-encoded. */
  path: string;
  /** Query string without the leading '?'. */
  query: string;
  /** 0 while no answer has been started (e.g. during a delay fault). */
  status: number;
  /** A valid token was presented. */
  authorized: boolean;
  at: number;
}

export interface StandInHubOptions {
  /** Tree entries per page (default 1000; at most 50 when `expand=true`, as on the Hub). */
  treePageSize?: number;
  /** Upper bound of dataset-list pages (default 1000); the page is min(limit, this). */
  listPageSize?: number;
  /** Valid hf_ tokens; any other Bearer token is answered 401 "Invalid credentials". */
  tokens?: string[];
}
