import { ChildProcess, execFile, execFileSync, spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './free-port';

/*
 * PostgreSQL and Redis servers that belong to one test file, so that it can stop, kill and restart them. The
 * machine's shared servers (127.0.0.1:5432 and :6379) serve other test files and other people at the same
 * time: an outage test must never touch them.
 */

const PG_VERSIONS_DIR = '/usr/lib/postgresql';

/** PG_BIN, or the bin folder of the newest PostgreSQL installed the Debian/Ubuntu way (15 here, 16 on CI runners). */
function postgresBin(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const versions = existsSync(PG_VERSIONS_DIR) ? readdirSync(PG_VERSIONS_DIR).filter((v) => existsSync(join(PG_VERSIONS_DIR, v, 'bin', 'initdb'))) : [];
  const newest = versions.sort((a, b) => Number(a) - Number(b)).pop();
  if (!newest) throw new Error(`No PostgreSQL server programs under ${PG_VERSIONS_DIR}/<version>/bin: install postgresql, or set PG_BIN to the folder holding initdb and pg_ctl`);
  return join(PG_VERSIONS_DIR, newest, 'bin');
}

/** Resolves once something accepts connections on the port. */
async function waitForPort(port: number, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ port, host: '127.0.0.1' });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${what} did not open port ${port} within ${timeoutMs} ms`);
}

// Servers still up when the test process ends (a failed beforeAll, a jest timeout) are stopped here, so a
// broken run leaves no daemon behind. Only synchronous work is possible in an exit handler.
const leftovers = new Set<() => void>();
process.once('exit', () => {
  for (const stop of leftovers) stop();
});

const REDIS_SERVER = process.env.REDIS_SERVER ?? 'redis-server';

/** redis-server as a child of the test process, without persistence: a restart comes back empty, as after a crash. */
export class ThrowawayRedis {
  private child: ChildProcess | undefined;
  private readonly stopOnExit = () => this.child?.kill('SIGKILL');

  private constructor(
    readonly port: number,
    private readonly dir: string,
  ) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  static async create(): Promise<ThrowawayRedis> {
    const redis = new ThrowawayRedis(await freePort(), mkdtempSync(join(tmpdir(), 'robokit-redis-')));
    await redis.start();
    return redis;
  }

  async start(): Promise<void> {
    if (this.child) throw new Error('Redis is already running');
    const child = spawn(REDIS_SERVER, ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', this.dir], {
      stdio: 'ignore',
    });
    this.child = child;
    leftovers.add(this.stopOnExit);
    const failedToStart = new Promise<never>((_, reject) =>
      child.once('error', (error) => reject(new Error(`${REDIS_SERVER} could not be started (${error.message}): install redis-server, or set REDIS_SERVER to its path`))),
    );
    child.once('exit', () => {
      if (this.child === child) this.child = undefined;
    });
    await Promise.race([waitForPort(this.port, 'redis-server'), failedToStart]);
  }

  /** SIGKILL: Redis disappears the way a crashed server does, with no goodbye to its clients. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    this.child = undefined;
    leftovers.delete(this.stopOnExit);
  }

  async destroy(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * A PostgreSQL cluster of its own (initdb, then pg_ctl), reachable over TCP on a free port with trust auth.
 * PostgreSQL refuses to run as root, so as root its programs run as the `postgres` user, owning the folder.
 */
export class ThrowawayPostgres {
  private readonly bin = postgresBin();
  private running = false;
  private readonly stopOnExit = () => {
    if (this.running) this.pgCtlSync(['stop', '-m', 'immediate', '-w']);
  };

  private constructor(
    readonly port: number,
    private readonly dir: string,
  ) {}

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  private get dataDir(): string {
    return join(this.dir, 'data');
  }

  static async create(): Promise<ThrowawayPostgres> {
    const pg = new ThrowawayPostgres(await freePort(), mkdtempSync(join(tmpdir(), 'robokit-pg-')));
    try {
      const owner = asRoot() ? postgresUser() : undefined;
      if (owner) chownSync(pg.dir, owner.uid, owner.gid);
      // -N: no fsync; the cluster lives for one test file.
      await pg.run(join(pg.bin, 'initdb'), ['-D', pg.dataDir, '-U', 'postgres', '--auth=trust', '-N', '-E', 'UTF8', '--locale=C']);
      await pg.start();
      return pg;
    } catch (error) {
      await pg.destroy();
      throw error;
    }
  }

  async start(): Promise<void> {
    const options = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60`;
    await this.pgCtl(['start', '-w', '-t', '30', '-l', join(this.dir, 'postgres.log'), '-o', options]);
    this.running = true;
    leftovers.add(this.stopOnExit);
    await waitForPort(this.port, 'PostgreSQL');
  }

  /** Fast shutdown: open sessions are terminated (their clients see 57P01), as in a real restart. */
  async stop(): Promise<void> {
    if (!this.running) return;
    await this.pgCtl(['stop', '-m', 'fast', '-w', '-t', '30']);
    this.running = false;
    leftovers.delete(this.stopOnExit);
  }

  /** Everything the server logged, for a failure message. */
  log(): string {
    const file = join(this.dir, 'postgres.log');
    return existsSync(file) ? readFileSync(file, 'utf8') : '';
  }

  async destroy(): Promise<void> {
    if (this.running) await this.pgCtl(['stop', '-m', 'immediate', '-w', '-t', '30']);
    this.running = false;
    leftovers.delete(this.stopOnExit);
    rmSync(this.dir, { recursive: true, force: true });
  }

  private pgCtl(args: string[]): Promise<void> {
    return this.run(join(this.bin, 'pg_ctl'), ['-D', this.dataDir, ...args]);
  }

  private pgCtlSync(args: string[]): void {
    const [command, ...rest] = asPostgres(join(this.bin, 'pg_ctl'), ['-D', this.dataDir, ...args]);
    spawnSync(command, rest, { stdio: 'ignore' });
  }

  /** Asynchronously, so that the stand-in Hub in this process keeps serving while the server starts or stops. */
  private async run(program: string, args: string[]): Promise<void> {
    const [command, ...rest] = asPostgres(program, args);
    try {
      await promisify(execFile)(command, rest, { encoding: 'utf8', timeout: 60_000 });
    } catch (error) {
      const { stdout = '', stderr = '', message } = error as { stdout?: string; stderr?: string; message: string };
      throw new Error(`${program} ${args.join(' ')} failed (${message}):\n${stdout}${stderr}\n${this.log()}`);
    }
  }
}

function asRoot(): boolean {
  return process.getuid?.() === 0;
}

function postgresUser(): { uid: number; gid: number } {
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

/** The command line that runs `program` as the postgres user when we are root, else as ourselves. */
function asPostgres(program: string, args: string[]): string[] {
  return asRoot() ? ['runuser', '-u', 'postgres', '--', program, ...args] : [program, ...args];
}
