import { redactText, redactValue, registerSecret } from './redact';

const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyX2FsaWNlIn0.c2lnbmF0dXJlLWJ5dGVzLWhlcmU';

describe('redact', () => {
  it('hides Hugging Face tokens, JWTs, bearer credentials and Clerk cookies in text', () => {
    expect(redactText('Hub said: invalid token hf_abcdefghijklmnopqrstuvwxyz01234567')).toBe('Hub said: invalid token [redacted]');
    expect(redactText(`token ${JWT} refused`)).toBe('token [redacted] refused');
    expect(redactText('Authorization: Bearer abc.def-123')).toBe('Authorization: Bearer [redacted]');
    expect(redactText('Cookie: theme=dark; __session=abc.def; x=1')).toBe('Cookie: theme=dark; __session=[redacted]; x=1');
    expect(redactText('dataset lerobot/hf_aloha at commit abc')).toBe('dataset lerobot/hf_aloha at commit abc');
  });

  it('hides a configured secret of any shape wherever it appears', () => {
    registerSecret('hf_Short_But_Configured');
    expect(redactText('echo: hf_Short_But_Configured!')).toBe('echo: [redacted]!');
  });

  it('walks details and job errors, and blanks values under credential-like keys', () => {
    expect(redactValue({ message: `got ${JWT}`, details: { headers: { authorization: 'x', accept: 'json' }, list: ['Bearer zzz'] }, retryable: false })).toEqual({
      message: 'got [redacted]',
      details: { headers: { authorization: '[redacted]', accept: 'json' }, list: ['Bearer [redacted]'] },
      retryable: false,
    });
  });
});
