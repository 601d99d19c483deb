// `npm run bench:api [-- --clients 200 --rate 1 --seconds 20 --dist backend/dist]`: the API
// under load, issue 6's target. Starts the stand-in Hub, the API and a worker as separate processes (the built
// backend) on a database schema, queue prefix and HF_HOME of their own, imports the demo datasets, keeps
// quality and validation jobs running on demo/aloha_transfer (asked for again as soon as they finish), and
// has the clients poll job status the way the dashboard does: GET /datasets/{id}/status and
// GET /datasets/{id}/jobs/{jobId}. Prints throughput, latency percentiles, errors and non-2xx answers against
// p99 < 50 ms and no errors, then the throughput with no pause between polls; exits non-zero when a target
// is missed. Everything it created is removed at the end; the processes' logs stay in the temp folder.
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { Redis } from 'ioredis';
import pg from 'pg';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const P99_TARGET_MS = 50;
const DATASETS = ['demo/so100_pick_place', 'demo/aloha_transfer', 'real/record-test'];
/** The jobs kept running during the load: the two analyses, on the largest demo dataset. */
const BUSY_DATASET = 'demo/aloha_transfer';
const BUSY_JOB_TYPES = ['evaluate_quality_heuristics', 'validation'];
const FINISHED = ['completed', 'failed', 'cancelled'];

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : fallback;
};
const CLIENTS = Number(option('clients', '200'));
const SECONDS = Number(option('seconds', '20'));
const WARMUP_SECONDS = Number(option('warmup', '3'));
/** Polls per second per client: 1 is two and a half times the dashboard's pace (every 2.5 s while a job runs). */
const RATE = Number(option('rate', '1'));
/** A last phase with no pause between polls, to show the throughput the API reaches. */
const CAPACITY_SECONDS = Number(option('capacity-seconds', '10'));
/** Another build of the backend (e.g. to compare a change); the repository's node_modules still serve it. */
const DIST = resolve(option('dist', join(ROOT, 'backend', 'dist')));
const MAIN = join(DIST, 'main.js');

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** A child process whose output goes to a log file, so a failure can be shown and the bench's own output stays short. */
function launch(name, script, env, logDir, { nodeArgs = [] } = {}) {
  const log = join(logDir, `${name}.log`);
  const child = spawn(process.execPath, [...nodeArgs, script], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const file = createWriteStream(log);
  // Two streams into one file: neither may end it while the other still writes.
  child.stdout.pipe(file, { end: false });
  child.stderr.pipe(file, { end: false });
  child.on('close', () => file.end());
  child.on('exit', (code, signal) => {
    if (!stopping) failures.push(`${name} stopped during the bench (${signal ?? `exit ${code}`}); see ${log}:\n${tail(log)}`);
  });
  return child;
}

function tail(file) {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-15).join('\n');
  } catch {
    return '(no log)';
  }
}

async function waitFor(url, what, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (failures.length > 0) throw new Error(failures.join('\n'));
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(2000) })).ok) return;
    } catch {
      // not up yet
    }
    await sleep(250);
  }
  throw new Error(`${what} did not answer at ${url} within ${timeoutMs / 1000} s`);
}

function apiClient(base) {
  const call = async (method, path, body) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: body ? { 'content-type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    const json = await response.json();
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${JSON.stringify(json)}`);
    return { status: response.status, body: json };
  };
  return { get: (path) => call('GET', path).then((r) => r.body), post: (path, body) => call('POST', path, body) };
}

async function waitForJob(api, datasetId, jobId, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const job = await api.get(`/datasets/${datasetId}/jobs/${jobId}`);
    if (FINISHED.includes(job.status)) return job;
    await sleep(200);
  }
  throw new Error(`job ${jobId} of dataset ${datasetId} did not finish within ${timeoutMs / 1000} s`);
}

/**
 * Asks for each analysis again and again: while one runs the API answers with it (200), once it has
 * finished it queues a new one (201), so the worker is never idle. The newest job of each kind is what the
 * clients poll, as the dashboard polls the job it shows.
 */
function keepJobsRunning(api, datasetId, targets) {
  const counts = { started: 0, refused: 0 };
  let running = true;
  const loop = (async () => {
    while (running) {
      for (const type of BUSY_JOB_TYPES) {
        try {
          const { status, body } = await api.post(`/datasets/${datasetId}/jobs`, { type });
          if (status === 201) counts.started++;
          targets.set(`${datasetId}:${type}`, { datasetId, jobId: body.id });
        } catch (error) {
          counts.refused++;
          counts.lastRefusal = error.message;
        }
      }
      await sleep(250);
    }
  })();
  return {
    counts,
    stop: async () => {
      running = false;
      await loop;
    },
  };
}

/** Round-robin over the targets, alternating the dataset status and the job itself. */
function pollingPaths(targets) {
  let next = 0;
  return () => {
    const list = [...targets.values()];
    const target = list[Math.floor(next / 2) % list.length];
    const path = next % 2 === 0 ? `/api/v1/datasets/${target.datasetId}/status` : `/api/v1/datasets/${target.datasetId}/jobs/${target.jobId}`;
    next++;
    return path;
  };
}

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Busy and total CPU time of the whole machine so far (Linux), to say how loaded it was during a phase. */
function machineCpu() {
  try {
    // user nice system idle iowait irq softirq steal; the guest fields after them are counted in user already.
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1, 9).map(Number);
    const idle = fields[3] + (fields[4] ?? 0);
    const total = fields.reduce((sum, value) => sum + value, 0);
    return { busy: total - idle, total };
  } catch {
    return null;
  }
}

/** CPU time (user + system, in clock ticks) a process has used so far (Linux). */
function processCpu(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return null;
  }
}

/** One autocannon instance; every answer's latency is recorded as measured (autocannon's histogram keeps whole milliseconds). */
function cannon(apiUrl, nextPath, options, latencies, statuses) {
  const instance = autocannon({
    url: apiUrl,
    timeout: 10,
    requests: [{ method: 'GET', setupRequest: (request) => ({ ...request, path: nextPath() }) }],
    ...options,
  });
  instance.on('response', (_client, statusCode, _bytes, responseTime) => {
    latencies.push(responseTime);
    statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
  });
  return instance;
}

/**
 * One load phase. `rate` is polls per second per client; 0 means each client polls again as soon as it has
 * its answer. Paced clients each get an autocannon instance of their own, started evenly across one polling
 * interval: autocannon paces every connection of an instance on the same one-second tick, so 200 connections
 * in one instance would arrive as one burst of 200 requests a second, which independent browsers do not do.
 */
async function load(apiUrl, targets, { connections, seconds, rate, pids }) {
  const nextPath = pollingPaths(targets);
  const latencies = [];
  const statuses = {};
  const cpuBefore = machineCpu();
  const apiBefore = processCpu(pids.api);
  const workerBefore = processCpu(pids.worker);
  const selfBefore = process.cpuUsage();
  let results;
  if (rate > 0) {
    const spacingMs = 1000 / rate / connections;
    const instances = [];
    for (let i = 0; i < connections; i++) {
      instances.push(cannon(apiUrl, nextPath, { connections: 1, connectionRate: rate, duration: seconds }, latencies, statuses));
      await sleep(spacingMs);
    }
    results = await Promise.all(instances);
  } else {
    results = [await cannon(apiUrl, nextPath, { connections, duration: seconds }, latencies, statuses)];
  }
  const cpuAfter = machineCpu();
  const apiAfter = processCpu(pids.api);
  const workerAfter = processCpu(pids.worker);
  const self = process.cpuUsage(selfBefore);
  latencies.sort((a, b) => a - b);
  const cores = cpus().length;
  const ticks = cpuBefore && cpuAfter ? cpuAfter.total - cpuBefore.total : NaN;
  const sum = (key) => results.reduce((total, result) => total + result[key], 0);
  return {
    errors: sum('errors'),
    timeouts: sum('timeouts'),
    non2xx: sum('non2xx'),
    latencies,
    statuses,
    seconds,
    machineBusy: cpuBefore && cpuAfter ? (cpuAfter.busy - cpuBefore.busy) / ticks : NaN,
    // /proc/stat counts every core's ticks; a process's ticks are of one core at a time.
    apiBusy: apiBefore !== null && apiAfter !== null ? ((apiAfter - apiBefore) * cores) / ticks : NaN,
    workerBusy: workerBefore !== null && workerAfter !== null ? ((workerAfter - workerBefore) * cores) / ticks : NaN,
    // The clients run in this process on the same cores; what they cost is part of the picture.
    clientBusy: (self.user + self.system) / 1e6 / seconds,
  };
}

function report(title, { errors, timeouts, non2xx, latencies, statuses, seconds, machineBusy, apiBusy, workerBusy, clientBusy }) {
  const p = (q) => percentile(latencies, q).toFixed(1);
  const percent = (share) => `${(share * 100).toFixed(0)}%`;
  const busy = Number.isNaN(machineBusy)
    ? ''
    : `\n  CPU       machine ${percent(machineBusy)} busy; of one core: API ${percent(apiBusy)}, worker ${percent(workerBusy)}, clients ${percent(clientBusy)}`;
  console.log(`\n${title}`);
  console.log(`  requests  ${latencies.length.toLocaleString('en')} in ${seconds.toFixed(1)} s, ${(latencies.length / seconds).toFixed(0)} req/s${busy}`);
  console.log(`  latency   p50 ${p(50)} ms   p90 ${p(90)} ms   p99 ${p(99)} ms   max ${p(100)} ms`);
  console.log(`  answers   ${Object.entries(statuses).map(([code, count]) => `${code}: ${count}`).join(', ') || 'none'}`);
  console.log(`  errors    ${errors} (of which timeouts ${timeouts}), non-2xx ${non2xx}`);
}

async function cleanUp(name, hfHome, databaseUrl, redisUrl) {
  // Every Redis key of the run (queue and rate-limit counters) starts with its unique prefix.
  const redis = new Redis(redisUrl);
  for await (const keys of redis.scanStream({ match: `${name}:*`, count: 1000 })) if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`);
  await client.end();
  rmSync(hfHome, { recursive: true, force: true });
}

let stopping = false;
const failures = [];
const children = [];
// Should the bench itself die (a bug, Ctrl-C), the processes it started must not outlive it.
process.on('exit', () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});
let removeRunData = async () => {};
process.once('SIGINT', async () => {
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  await removeRunData().catch(() => undefined);
  process.exit(130);
});

async function main() {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: build the backend first (npx nx run backend:build)`);
  const name = `bench_api_${process.pid}_${Date.now().toString(36)}`;
  const hfHome = mkdtempSync(join(tmpdir(), 'robokit-bench-api-'));
  // Kept after the run (the next run overwrites them), so a failure can be looked into.
  const logDir = join(tmpdir(), 'robokit-bench-api-logs');
  mkdirSync(logDir, { recursive: true });
  const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  removeRunData = () => cleanUp(name, hfHome, databaseUrl, redisUrl);
  const [hubPort, apiPort] = [await freePort(), await freePort()];
  const hubUrl = `http://127.0.0.1:${hubPort}`;
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const env = {
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    DATABASE_SCHEMA: name,
    QUEUE_PREFIX: name,
    HF_ENDPOINT: hubUrl,
    HF_HOME: hfHome,
    HF_HUB_CACHE: join(hfHome, 'hub'),
    AUTH_MODE: 'none',
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
    API_HOST: '127.0.0.1',
    API_PORT: String(apiPort),
    NODE_PATH: join(ROOT, 'node_modules'),
    WORKER_CONCURRENCY: '2',
    // The bench asks for jobs eight times a second, far above the default limits; the status routes it
    // polls are not rate-limited at all. The limiter still counts, as it does in production.
    RATE_LIMIT_JOB_CREATE: '1000000',
    RATE_LIMIT_JOB_CREATE_PER_IP: '1000000',
  };
  console.log(`Starting the stand-in Hub, the API and a worker (schema and queue prefix ${name}; logs in ${logDir}) …`);
  try {
    children.push(launch('hub', join(ROOT, 'scripts', 'hub.mjs'), { HUB_PORT: String(hubPort) }, logDir));
    await waitFor(`${hubUrl}/api/datasets?limit=1`, 'the stand-in Hub', 300_000);
    // BENCH_API_NODE_ARGS go to the API process only, e.g. "--prof" to see where its time goes.
    const apiNodeArgs = (process.env.BENCH_API_NODE_ARGS ?? '').split(' ').filter(Boolean);
    const apiProcess = launch('api', MAIN, { ...env, ROLE: 'api' }, logDir, { nodeArgs: apiNodeArgs });
    children.push(apiProcess);
    const workerProcess = launch('worker', MAIN, { ...env, ROLE: 'worker' }, logDir);
    children.push(workerProcess);
    await waitFor(`${apiUrl}/api/v1/health/ready`, 'the API');

    const api = apiClient(`${apiUrl}/api/v1`);
    const targets = new Map();
    const ids = {};
    for (const repoId of DATASETS) {
      const { body: dataset } = await api.post('/datasets', { source: { type: 'huggingface', repo_id: repoId } });
      const { importJob } = await api.get(`/datasets/${dataset.id}/status`);
      const finished = await waitForJob(api, dataset.id, importJob.id);
      if (finished.status !== 'completed') throw new Error(`import of ${repoId} ended ${finished.status}: ${JSON.stringify(finished.error)}`);
      ids[repoId] = dataset.id;
      targets.set(`${dataset.id}:import`, { datasetId: dataset.id, jobId: importJob.id });
    }
    console.log(`Imported ${DATASETS.join(', ')}; keeping ${BUSY_JOB_TYPES.join(' and ')} running on ${BUSY_DATASET}.`);
    const busy = keepJobsRunning(api, ids[BUSY_DATASET], targets);
    await sleep(1000);

    const pids = { api: apiProcess.pid, worker: workerProcess.pid };
    if (WARMUP_SECONDS > 0) await load(apiUrl, targets, { connections: CLIENTS, seconds: WARMUP_SECONDS, rate: RATE, pids });
    const loadBefore = loadavg();
    const startedBefore = busy.counts.started;
    const polling = await load(apiUrl, targets, { connections: CLIENTS, seconds: SECONDS, rate: RATE, pids });
    const jobsStarted = busy.counts.started - startedBefore;
    const flatOut = CAPACITY_SECONDS > 0 ? await load(apiUrl, targets, { connections: CLIENTS, seconds: CAPACITY_SECONDS, rate: 0, pids }) : null;
    await busy.stop();
    if (failures.length > 0) throw new Error(failures.join('\n'));

    if (busy.counts.refused > 0) console.log(`\n${busy.counts.refused} job requests failed during the run; the last: ${busy.counts.lastRefusal}`);
    const cpu = cpus();
    const pace = RATE > 0 ? `each polling ${RATE === 1 ? 'once' : `${RATE} times`} a second, spread evenly` : 'each polling as fast as it can';
    console.log(`\nRoboKit API under load: ${CLIENTS} clients ${pace} for ${SECONDS} s (after ${WARMUP_SECONDS} s of warm-up); ${jobsStarted} quality/validation jobs started meanwhile`);
    console.log(`machine: ${cpu.length} cores (${cpu[0].model}), Node ${process.version}; load average before the run ${loadBefore.map((v) => v.toFixed(2)).join(' ')}`);
    console.log('worker: WORKER_CONCURRENCY 2, at the lower priority (nice 10) every worker process gives itself');
    report(`Polling (target: p99 < ${P99_TARGET_MS} ms, no errors):`, polling);
    if (flatOut) report(`Capacity: the same ${CLIENTS} clients with no pause between polls, ${CAPACITY_SECONDS} s (not a target; latency here is queueing):`, flatOut);
    const p99 = percentile(polling.latencies, 99);
    const checks = [
      [`p99 under ${P99_TARGET_MS} ms`, p99 < P99_TARGET_MS],
      ['no errors or timeouts', polling.errors === 0 && polling.timeouts === 0],
      ['every answer 2xx', polling.non2xx === 0 && polling.latencies.length > 0],
    ];
    console.log('');
    let pass = true;
    for (const [what, ok] of checks) {
      if (!ok) pass = false;
      console.log(`  ${ok ? 'ok  ' : 'MISS'} ${what}`);
    }
    process.exitCode = pass ? 0 : 1;
  } finally {
    stopping = true;
    for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
    await Promise.all(children.map((child) => (child.exitCode === null && child.signalCode === null ? new Promise((resolve) => child.once('exit', resolve)) : null)));
    await cleanUp(name, hfHome, databaseUrl, redisUrl);
  }
}

await main();
