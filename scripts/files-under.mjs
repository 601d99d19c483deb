import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** Every file below `root`, as sorted forward-slash paths relative to it. */
export function filesUnder(root) {
  const found = [];
  const walk = (folder) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else found.push(relative(root, path).split(sep).join('/'));
    }
  };
  walk(root);
  return found.sort();
}
