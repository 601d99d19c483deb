// No Docker engine runs on the CI machine, so the compose file is checked by parsing it: every service
// builds from a Dockerfile that exists or names an image, has a health check, waits for healthy
// dependencies, and every named volume is declared. `docker compose config` would check more where it runs.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const composePath = join(root, 'docker', 'compose.yml');
const compose = parse(readFileSync(composePath, 'utf8'), { merge: true });
const problems = [];
const expected = ['postgres', 'redis', 'api', 'worker', 'web'];

for (const name of expected) if (!compose.services?.[name]) problems.push(`service ${name} is missing`);
for (const [name, service] of Object.entries(compose.services ?? {})) {
  if (service.build) {
    const context = resolve(dirname(composePath), service.build.context ?? '.');
    const dockerfile = join(context, service.build.dockerfile ?? 'Dockerfile');
    if (!existsSync(dockerfile)) problems.push(`${name}: ${dockerfile} does not exist`);
  } else if (!service.image) {
    problems.push(`${name}: neither build nor image`);
  }
  if (!service.healthcheck?.test) problems.push(`${name}: no healthcheck`);
  for (const [dependency, rule] of Object.entries(service.depends_on ?? {})) {
    if (!compose.services[dependency]) problems.push(`${name}: depends on unknown service ${dependency}`);
    if (rule?.condition !== 'service_healthy') problems.push(`${name}: should wait for ${dependency} to be healthy`);
  }
  for (const volume of service.volumes ?? []) {
    const source = String(volume).split(':')[0];
    if (!source.startsWith('.') && !source.startsWith('/') && !(source in (compose.volumes ?? {}))) problems.push(`${name}: volume ${source} is not declared`);
  }
}
for (const name of ['api', 'worker']) {
  const env = compose.services?.[name]?.environment ?? {};
  for (const key of ['ROLE', 'DATABASE_URL', 'REDIS_URL', 'HF_HOME']) if (!env[key]) problems.push(`${name}: ${key} is not set`);
}
if (compose.services?.worker?.environment?.ROLE !== 'worker') problems.push('worker: ROLE must be worker');
if (compose.services?.api?.environment?.ROLE !== 'api') problems.push('api: ROLE must be api');

if (problems.length) {
  console.error(`docker/compose.yml:\n  - ${problems.join('\n  - ')}`);
  process.exit(1);
}
console.log(`docker/compose.yml parses; services ${Object.keys(compose.services).join(', ')} have health checks and healthy dependencies.`);
