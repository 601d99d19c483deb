import { readdirSync } from 'node:fs';
import { setPriority } from 'node:os';

/**
 * Lowers the priority of every thread of this process. On Linux, niceness belongs to each thread, and
 * `setPriority(n)` alone moves only the main one: V8's helpers and libuv's pool, already running, stay at
 * the old priority, and so do the threads they start later (DuckDB's, zlib's, the hashing). In bench:api
 * those threads did most of the worker's CPU work at the API's priority. Threads started after this call
 * inherit the priority of the thread that starts them, so every thread is covered from here on.
 */
export function lowerProcessPriority(niceness: number): void {
  setPriority(niceness);
  let threads: string[];
  try {
    threads = readdirSync('/proc/self/task');
  } catch {
    return; // not Linux: there, the process has one priority for all its threads
  }
  for (const thread of threads) {
    try {
      setPriority(Number(thread), niceness);
    } catch {
      // the thread ended between the listing and the call
    }
  }
}
