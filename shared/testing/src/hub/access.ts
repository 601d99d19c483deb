import { hubErrors } from './errors';
import type { Exchange } from './exchange';
import type { Commit, StandInRepo } from './repo';

export function canRead(repo: StandInRepo, token: string | undefined): boolean {
  return token !== undefined && repo.allowedTokens.includes(token);
}

/** The repo as the caller may see it: private repos the caller cannot read do not exist for them. */
export function visibleRepo(repos: ReadonlyMap<string, StandInRepo>, id: string, ex: Exchange): StandInRepo {
  const repo = repos.get(id);
  if (!repo || (repo.private && !canRead(repo, ex.token))) throw hubErrors.repoNotFound(ex.authenticated);
  if (repo.disabled) throw hubErrors.disabled();
  return repo;
}

/** Gated repos keep their metadata readable; only file contents need an approved token. */
export function checkDownloadAllowed(repo: StandInRepo, ex: Exchange): void {
  if (repo.gated !== false && !canRead(repo, ex.token)) {
    throw hubErrors.gated(repo.id, ex.authenticated, ex.origin);
  }
}

export function resolveCommit(repo: StandInRepo, revision: string): Commit {
  const commit = repo.resolveRevision(revision);
  if (!commit) throw hubErrors.revisionNotFound(revision);
  return commit;
}
