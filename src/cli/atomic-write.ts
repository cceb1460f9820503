/**
 * Writes a file so that readers never see half of it: write a temporary file beside the
 * target, then rename it over the target (atomic on one file system). On failure the
 * temporary file is removed and the target is left as it was.
 */
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { LabelAssignError } from '../errors.js';

export function writeFileAtomic(path: string, contents: string): void {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    writeFileSync(temporary, contents);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new LabelAssignError('io', 'out', `cannot write ${path}: ${(error as Error).message}`);
  }
}
