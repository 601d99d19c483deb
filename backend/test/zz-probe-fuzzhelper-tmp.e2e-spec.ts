import { StandInHub } from '@robokit/testing';
import { importBody } from './support/api';
import { smallDatasetFiles } from './support/fixtures';
import { dropIsolation, Isolation, isolation, startApp, startHub, TestApp } from './support/test-app';

describe('probe', () => {
  let hub: StandInHub; let scope: Isolation; let app: TestApp;
  beforeAll(async () => {
    hub = await startHub();
    hub.addRepo({ id: 'demo/real', files: await smallDatasetFiles() });
    scope = isolation('probe', hub.url);
    app = await startApp(scope, { ROLE: 'api' });
  });
  afterAll(async () => { await app?.close(); await hub?.stop(); if (scope) await dropIsolation(scope); });
  it('probes', async () => {
    const base = () => importBody('demo/x');
    const show = (label: string, r: any) => console.log(label, r.status, JSON.stringify(r.body).slice(0, 300));
    const json = (s: string, ct = 'application/json') => app.http.post('/api/v1/datasets').set('content-type', ct).send(s);
    show('proto path', await json('{"__proto__":{"x":1},"source":{"type":"huggingface","repo_id":"../x"}}'));
    show('proto src path', await json('{"source":{"__proto__":{},"type":"huggingface","repo_id":"../../etc/passwd","revision":"a..b"}}'));
    show('proto real', await json('{"__proto__":{"x":1},"source":{"type":"huggingface","repo_id":"demo/real","revision":"main"}}'));
    show('ctor real', await json('{"constructor":{"x":1},"source":{"type":"huggingface","repo_id":"demo/real","revision":"main"}}'));
    show('ctor str', await json('{"constructor":"x","source":{"type":"huggingface","repo_id":"demo/x","revision":"main"}}'));
    show('proto null', await json('{"__proto__":null,"source":{"type":"huggingface","repo_id":"../x"}}'));
    show('proto arr', await json('{"__proto__":[],"source":{"type":"huggingface","repo_id":"../x"}}'));
    show('form real', await json('source[type]=huggingface&source[repo_id]=demo/real&source[revision]=HEAD', 'application/x-www-form-urlencoded'));
    show('rev null real', await app.http.post('/api/v1/datasets').send({ source: { type: 'huggingface', repo_id: 'demo/real', revision: null } }));
    show('latin1 real', await app.http.post('/api/v1/datasets').send({ source: { type: 'huggingface', repo_id: 'demo/real', revision: 'caf\u00e9' } }));
    show('total', await app.http.get('/api/v1/datasets'));
  });
});
