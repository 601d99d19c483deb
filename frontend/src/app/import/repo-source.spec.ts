import { parseRepoSource } from './repo-source';

describe('parseRepoSource', () => {
  const source = (input: string) => {
    const parsed = parseRepoSource(input);
    if (!parsed.ok) throw new Error(`expected ${input} to parse, got: ${parsed.problem}`);
    return parsed.source;
  };
  const problem = (input: string) => {
    const parsed = parseRepoSource(input);
    if (parsed.ok) throw new Error(`expected ${input} to be refused`);
    return parsed.problem;
  };

  it('takes a repo id as typed, trimmed, with no revision', () => {
    expect(source('  lerobot/pusht ')).toEqual({ repoId: 'lerobot/pusht', revision: null });
    expect(source('squad')).toEqual({ repoId: 'squad', revision: null });
  });

  it('reads the repo id and the revision from Hub dataset URLs', () => {
    expect(source('https://huggingface.co/datasets/lerobot/pusht')).toEqual({ repoId: 'lerobot/pusht', revision: null });
    expect(source('https://huggingface.co/datasets/lerobot/pusht/')).toEqual({ repoId: 'lerobot/pusht', revision: null });
    expect(source('https://huggingface.co/datasets/lerobot/pusht/tree/v2.1')).toEqual({ repoId: 'lerobot/pusht', revision: 'v2.1' });
    expect(source('https://huggingface.co/datasets/lerobot/pusht/tree/main/meta?x=1#top')).toEqual({ repoId: 'lerobot/pusht', revision: 'main' });
    expect(source('https://huggingface.co/datasets/lerobot/pusht/blob/0123abc/meta/info.json')).toEqual({ repoId: 'lerobot/pusht', revision: '0123abc' });
    expect(source('huggingface.co/datasets/lerobot/pusht/commit/0123456789abcdef0123456789abcdef01234567')).toEqual({
      repoId: 'lerobot/pusht',
      revision: '0123456789abcdef0123456789abcdef01234567',
    });
    expect(source('https://hf.co/datasets/lerobot/pusht/tree/refs%2Fconvert%2Fparquet')).toEqual({ repoId: 'lerobot/pusht', revision: 'refs/convert/parquet' });
    expect(source('https://huggingface.co/datasets/squad/tree/main')).toEqual({ repoId: 'squad', revision: 'main' });
  });

  it('refuses URLs that are not Hub dataset pages', () => {
    expect(problem('https://example.com/datasets/lerobot/pusht')).toMatch(/Only Hugging Face Hub URLs/);
    expect(problem('https://huggingface.co/lerobot/pi0')).toMatch(/not a dataset/);
    expect(problem('https://huggingface.co/datasets/lerobot/pusht/discussions/3')).toMatch(/tree\/<revision>/);
    expect(problem('https://huggingface.co/datasets/lerobot/pusht/tree')).toMatch(/tree\/<revision>/);
    expect(problem('https://huggingface.co/datasets/lerobot/pusht/tree/%E0%A4%A')).toMatch(/not correctly encoded/);
  });

  it('applies the server’s repo id and revision rules', () => {
    expect(problem('')).toMatch(/Enter a repository id/);
    expect(problem('lerobot/push t')).toBe('The repository id may hold letters, digits, "-", "_" and "." only, and must not start or end with "-" or ".".');
    expect(problem('a/b/c')).toMatch(/must be "owner\/name" or a single name/);
    expect(problem('lerobot/-pusht')).toMatch(/must not start or end/);
    expect(problem('lerobot/pu..sht')).toMatch(/must not contain "--" or ".."/);
    expect(problem(`lerobot/${'x'.repeat(96)}`)).toMatch(/at most 96 characters/);
    expect(problem('https://huggingface.co/datasets/lerobot/pusht/tree/bad..ref')).toMatch(/^The revision in the URL must be a branch, tag or commit sha/);
  });
});
