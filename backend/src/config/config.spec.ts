import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('works on this machine with no variables set', () => {
    const config = loadConfig({ HOME: '/home/someone' });
    expect(config).toEqual(
      expect.objectContaining({
        role: 'all',
        port: 8000,
        databaseUrl: 'postgres://postgres@127.0.0.1:5432/test',
        redisUrl: 'redis://127.0.0.1:6379',
        hubUrl: 'https://huggingface.co',
        localOnly: false,
        hubToken: undefined,
      }),
    );
    expect(config.hubCacheDir).toMatch(/huggingface\/hub$/);
  });

  it('takes PORT as an alias of API_PORT, and HF_HOME for the cache', () => {
    expect(loadConfig({ PORT: '9000' }).port).toBe(9000);
    expect(loadConfig({ PORT: '9000', API_PORT: '9100' }).port).toBe(9100);
    expect(loadConfig({ HF_HOME: '/data/hf' }).hubCacheDir).toBe('/data/hf/hub');
    expect(loadConfig({ HF_HOME: '/data/hf', HF_HUB_CACHE: '/fast/hub' }).hubCacheDir).toBe('/fast/hub');
    expect(loadConfig({ HUGGINGFACE_HUB_CACHE: '/old/hub' }).hubCacheDir).toBe('/old/hub');
    expect(() => loadConfig({ HF_HUB_CACHE: 'relative' })).toThrow(/HF_HUB_CACHE must be an absolute path/);
    expect(loadConfig({ ROBOKIT_HF_LOCAL_ONLY: '1' }).localOnly).toBe(true);
    expect(loadConfig({ HF_ENDPOINT: 'http://127.0.0.1:7860/' }).hubUrl).toBe('http://127.0.0.1:7860');
  });

  it('bounds the size of a Hub file, 5 GiB unless HUB_MAX_FILE_BYTES says otherwise', () => {
    expect(loadConfig({}).hubMaxFileBytes).toBe(5 * 2 ** 30);
    expect(loadConfig({ HUB_MAX_FILE_BYTES: '1048576' }).hubMaxFileBytes).toBe(1_048_576);
    expect(() => loadConfig({ HUB_MAX_FILE_BYTES: '0' })).toThrow(/HUB_MAX_FILE_BYTES must be an integer/);
    expect(() => loadConfig({ HUB_MAX_FILE_BYTES: '5GB' })).toThrow(/HUB_MAX_FILE_BYTES must be an integer/);
  });

  it('reports every wrong variable at once, naming each', () => {
    let error: unknown;
    try {
      loadConfig({ ROLE: 'both', PORT: 'eighty', DATABASE_URL: 'mysql://x', HF_TOKEN: 'abc', HF_HOME: 'relative/dir', ROBOKIT_HF_LOCAL_ONLY: 'maybe' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const { problems } = error as ConfigError;
    expect(problems).toHaveLength(6);
    expect(problems.join('\n')).toMatch(/ROLE must be one of api, worker, all/);
    expect(problems.join('\n')).toMatch(/PORT must be an integer/);
    expect(problems.join('\n')).toMatch(/DATABASE_URL must use postgres or postgresql/);
    expect(problems.join('\n')).toMatch(/HF_TOKEN must be a Hugging Face token starting with "hf_"/);
    expect(problems.join('\n')).toMatch(/HF_HOME must be an absolute path/);
    expect(problems.join('\n')).toMatch(/ROBOKIT_HF_LOCAL_ONLY must be 1\/0/);
  });
});
