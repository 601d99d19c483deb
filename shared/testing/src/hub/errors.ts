/** An answer in the Hub's error format: `{"error": message}` plus X-Error-Code / X-Error-Message headers. */
export class HubError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code?: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const hubErrors = {
  /** The Hub hides whether a repo exists from anonymous callers: missing and private look alike. */
  repoNotFound: (authenticated: boolean): HubError =>
    authenticated
      ? new HubError(404, 'Repository not found', 'RepoNotFound')
      : new HubError(401, 'Invalid username or password.', 'RepoNotFound'),
  revisionNotFound: (revision: string): HubError =>
    new HubError(404, `Invalid rev id: ${revision}`, 'RevisionNotFound'),
  /** Clients (Python's .no_exist cache) read the commit of a missing file from X-Repo-Commit. */
  entryNotFound: (commit?: string): HubError =>
    new HubError(404, 'Entry not found', 'EntryNotFound', commit ? { 'X-Repo-Commit': commit } : {}),
  gated: (repoId: string, authenticated: boolean, origin: string): HubError =>
    authenticated
      ? new HubError(
          403,
          `Access to dataset ${repoId} is restricted and you are not in the authorized list. ` +
            `Visit ${origin}/datasets/${repoId} to ask for access.`,
          'GatedRepo',
        )
      : new HubError(
          401,
          `Access to dataset ${repoId} is restricted. You must have access to it and be authenticated to access it. Please log in.`,
          'GatedRepo',
        ),
  /** Clients recognise these two by X-Error-Message alone; the Hub sends no X-Error-Code with them. */
  invalidCredentials: (): HubError => new HubError(401, 'Invalid credentials in Authorization header'),
  disabled: (): HubError => new HubError(403, 'Access to this resource is disabled.'),
  badRequest: (message: string): HubError => new HubError(400, message),
  routeNotFound: (): HubError => new HubError(404, "Sorry, we can't find the page you are looking for."),
};
