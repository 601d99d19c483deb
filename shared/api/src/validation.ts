/** The Hub's rules for repo ids: `owner/name` or a legacy single name, 96 characters at most. */
const REPO_PART = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/;

export const REPO_ID_MAX_LENGTH = 96;

export function repoIdProblem(repoId: string): string | null {
  if (repoId.length === 0) return 'must not be empty';
  if (repoId.length > REPO_ID_MAX_LENGTH) return `must be at most ${REPO_ID_MAX_LENGTH} characters`;
  const parts = repoId.split('/');
  if (parts.length > 2) return 'must be "owner/name" or a single name';
  if (!parts.every((part) => REPO_PART.test(part))) {
    return 'may hold letters, digits, "-", "_" and "." only, and must not start or end with "-" or "."';
  }
  if (repoId.includes('--') || repoId.includes('..')) return 'must not contain "--" or ".."';
  return null;
}

const SHA = /^[0-9a-f]{7,40}$/;
// Half of a UTF-16 pair cannot be encoded into a URL (encodeURIComponent throws).
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// git check-ref-format, restated: no control characters, space, ~ ^ : ? * [ \ or DEL anywhere.
const FORBIDDEN_REF_CHARS = /[\x00-\x20\x7f~^:?*[\\]/;

export const REVISION_MAX_LENGTH = 255;

export function revisionProblem(revision: string): string | null {
  if (revision.length === 0) return 'must not be empty';
  if (revision.length > REVISION_MAX_LENGTH) return `must be at most ${REVISION_MAX_LENGTH} characters`;
  if (SHA.test(revision)) return null;
  const invalid =
    FORBIDDEN_REF_CHARS.test(revision) ||
    LONE_SURROGATE.test(revision) ||
    revision.includes('..') ||
    revision.includes('@{') ||
    revision.includes('//') ||
    revision === '@' ||
    revision.startsWith('/') ||
    revision.endsWith('/') ||
    revision.endsWith('.') ||
    revision.split('/').some((part) => part.startsWith('.') || part.endsWith('.lock'));
  return invalid ? 'must be a branch, tag or commit sha (a valid git ref name, or 7-40 hex digits)' : null;
}
