import type { TreeEntryJson } from './snapshot';
import type { ListedEntryOverride } from './types';

/** A tree entry as a hostile Hub lists it: the fields the override names replace the true ones. */
export function hostileEntry(entry: TreeEntryJson, override: ListedEntryOverride): TreeEntryJson {
  const result: TreeEntryJson = { ...entry };
  if (override.path !== undefined) result.path = override.path;
  if (override.oid !== undefined) result.oid = override.oid;
  if (override.size !== undefined) result.size = override.size;
  if (override.lfsOid !== undefined || (override.size !== undefined && entry.lfs)) {
    // The Hub reports an LFS file's size twice; a consistent liar changes both.
    const lfs = entry.lfs ?? { oid: '', size: entry.size, pointerSize: 0 };
    result.lfs = { ...lfs, oid: override.lfsOid ?? lfs.oid, size: override.size ?? lfs.size };
  }
  return result;
}
