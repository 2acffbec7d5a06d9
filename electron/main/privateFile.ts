// What the main process's small JSON files under userData (unsent messages, secrets) share: one
// writer that never leaves a half-written or world-readable file, and one queue so that two quick
// read-modify-writes of the same file cannot lose each other's change.
import { chmod, mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Writes JSON 0600 (in a 0700 folder) through a temporary file and a rename. */
export async function writePrivateJson(file: string, data: unknown): Promise<void> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(data), { mode: 0o600 });
  // writeFile's mode is reduced by the umask and ignored on an existing file: make sure.
  await chmod(tmp, 0o600);
  await rename(tmp, file);
}

/** Runs the functions given to it one after another, whatever each one's outcome. */
export function serialQueue(): <T>(fn: () => Promise<T>) => Promise<T> {
  let queue: Promise<unknown> = Promise.resolve();
  return <T>(fn: () => Promise<T>): Promise<T> => {
    const run = queue.then(fn, fn);
    queue = run.catch(() => undefined);
    return run;
  };
}
