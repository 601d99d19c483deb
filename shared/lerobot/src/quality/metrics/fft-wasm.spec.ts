import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

it('embeds the assembly of fft.wat, as npm run build:wasm writes it', () => {
  const script = join(__dirname, '../../../../../scripts/assemble-wasm.mjs');
  expect(() => execFileSync(process.execPath, [script, '--check'], { stdio: 'pipe' })).not.toThrow();
});
