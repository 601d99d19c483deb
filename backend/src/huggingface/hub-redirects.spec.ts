import { HubProtocolError } from './hub-response-error';
import { MAX_REDIRECTS, sendFollowingRedirects } from './hub-redirects';

const HUB = 'http://hub.test';

/** A fake network: each URL answers what `answers` says; every request is recorded with its headers. */
function network(answers: (url: string) => Response) {
  const sent: { url: string; method: string; authorization: string | null }[] = [];
  const send = async (url: string, init: RequestInit) => {
    sent.push({ url, method: init.method ?? 'GET', authorization: new Headers(init.headers).get('authorization') });
    expect(init.redirect).toBe('manual');
    return answers(url);
  };
  return { send, sent };
}

const redirect = (location: string, status = 302) => new Response(null, { status, headers: { location } });

describe('sendFollowingRedirects', () => {
  it('follows a Hub redirect to its CDN and returns the final answer and URL, the token left behind', async () => {
    const { send, sent } = network((url) => (url.startsWith(HUB) ? redirect('http://cdn.test/blob/x?sig=1') : new Response('content')));
    const { response, url } = await sendFollowingRedirects(send, `${HUB}/datasets/o/n/resolve/main/a.parquet`, { headers: { Authorization: 'Bearer hf_secret' } }, HUB);
    expect(await response.text()).toBe('content');
    expect(url).toBe('http://cdn.test/blob/x?sig=1');
    expect(sent.map((request) => request.authorization)).toEqual(['Bearer hf_secret', null]);
  });

  it('resolves relative locations against the current URL, keeping the token on the Hub origin', async () => {
    const { send, sent } = network((url) => (url.endsWith('/a') ? redirect('/api/resolve-cache/b', 307) : new Response('ok')));
    await sendFollowingRedirects(send, `${HUB}/a`, { headers: { authorization: 'Bearer hf_x' } }, HUB);
    expect(sent).toEqual([
      { url: `${HUB}/a`, method: 'GET', authorization: 'Bearer hf_x' },
      { url: `${HUB}/api/resolve-cache/b`, method: 'GET', authorization: 'Bearer hf_x' },
    ]);
  });

  it('never sends the token to another origin, even on the first request (a pagination link of a hostile Hub)', async () => {
    const { send, sent } = network(() => new Response('[]'));
    await sendFollowingRedirects(send, 'http://elsewhere.test/api/datasets?cursor=x', { headers: [['Authorization', 'Bearer hf_x']] }, HUB);
    expect(sent[0].authorization).toBeNull();
  });

  it(`gives up after ${MAX_REDIRECTS} redirects with a HubProtocolError, having sent ${MAX_REDIRECTS + 1} requests`, async () => {
    let hop = 0;
    const { send, sent } = network(() => redirect(`${HUB}/loop?hop=${++hop}`));
    await expect(sendFollowingRedirects(send, `${HUB}/loop`, {}, HUB)).rejects.toThrow(HubProtocolError);
    expect(sent).toHaveLength(MAX_REDIRECTS + 1);
  });

  it('refuses a redirect to anything but http(s)', async () => {
    const { send } = network(() => redirect('file:///etc/passwd'));
    await expect(sendFollowingRedirects(send, `${HUB}/a`, {}, HUB)).rejects.toThrow(/a redirect to a file: URL/);
  });

  it('turns a POST into a GET on 303 only', async () => {
    const { send, sent } = network((url) => (url.endsWith('/p') ? redirect('/q', 303) : url.endsWith('/q') ? redirect('/r', 307) : new Response('ok')));
    await sendFollowingRedirects(send, `${HUB}/p`, { method: 'POST', body: '{}' }, HUB);
    expect(sent.map((request) => request.method)).toEqual(['POST', 'GET', 'GET']);
  });

  it('returns a 3xx without a Location as it is', async () => {
    const { send } = network(() => new Response(null, { status: 304 }));
    expect((await sendFollowingRedirects(send, `${HUB}/a`, {}, HUB)).response.status).toBe(304);
  });
});
