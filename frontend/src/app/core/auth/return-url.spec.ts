import { safeReturnUrl, sameOriginPath } from './return-url';

const ORIGIN = 'https://robokit.example';

describe('safeReturnUrl', () => {
  it('keeps a path on this origin with its query and fragment', () => {
    expect(safeReturnUrl('/datasets/42/episodes/3?frame=120#plot', ORIGIN)).toBe('/datasets/42/episodes/3?frame=120#plot');
    expect(safeReturnUrl('/datasets?q=so100&status=failed', ORIGIN)).toBe('/datasets?q=so100&status=failed');
    expect(safeReturnUrl(`${ORIGIN}/import`, ORIGIN)).toBe('/import');
  });

  it.each([
    ['another site', 'https://evil.example/'],
    ['a protocol-relative URL', '//evil.example/path'],
    ['a backslash that browsers read as a slash', '/\\evil.example'],
    ['a tab browsers drop', '/\t/evil.example'],
    ['a script URL', 'javascript:alert(1)'],
    ['a data URL', 'data:text/html,<script>alert(1)</script>'],
    ['the same host on another port', 'https://robokit.example:8443/'],
    ['the same host over plain HTTP', 'http://robokit.example/'],
  ])('turns %s into the dashboard', (_, value) => {
    expect(safeReturnUrl(value, ORIGIN)).toBe('/');
  });

  it('never returns to the sign-in page itself (a loop), and treats a missing value as the dashboard', () => {
    expect(safeReturnUrl('/sign-in?returnUrl=%2Fimport', ORIGIN)).toBe('/');
    expect(safeReturnUrl('/sign-in#/factor-one', ORIGIN)).toBe('/');
    expect(safeReturnUrl('/sign-in-help', ORIGIN)).toBe('/sign-in-help');
    expect(safeReturnUrl(undefined, ORIGIN)).toBe('/');
    expect(safeReturnUrl('', ORIGIN)).toBe('/');
  });
});

describe('sameOriginPath', () => {
  it('is null off this origin and the path on it, the sign-in page included', () => {
    expect(sameOriginPath('//evil.example', ORIGIN)).toBeNull();
    expect(sameOriginPath('/sign-in#/factor-one', ORIGIN)).toBe('/sign-in#/factor-one');
  });
});
