import { randomBytes } from 'node:crypto';
import { access, constants, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';

const gzipAsync = promisify(gzip);

/**
 * Checks before the call runs that the result file can be written, so that a write
 * capability is not run only to lose its result. Returns a message when it cannot.
 */
export async function checkResultFile(path: string): Promise<string | undefined> {
  const directory = dirname(resolve(path));
  try {
    await access(directory, constants.W_OK);
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    return `--result-file-path '${path}' cannot be written: its directory ${directory} is missing or not writable (${code})`;
  }
}

/**
 * Gzips `text` into `path`. Written to a temporary file beside it and renamed, so that a
 * reader never sees half a file.
 */
export async function writeResultFile(path: string, text: string): Promise<void> {
  const target = resolve(path);
  const temporary = `${target}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, await gzipAsync(text));
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw new Error(`Could not write the result file ${target}: ${(error as Error).message}`, {
      cause: error,
    });
  }
}
