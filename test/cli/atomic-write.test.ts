import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeFileAtomic, writeFilesAtomic } from '../../src/cli/atomic-write.js';
import { LabelAssignError } from '../../src/errors.js';

const work = mkdtempSync(join(tmpdir(), 'label-assign-atomic-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('writing output files', () => {
  it('writes nothing when one of several outputs cannot be written (was: the first written, the second failing)', () => {
    const first = join(work, 'first.json');
    const second = join(work, 'no-such-folder', 'second.csv');
    let error: unknown;
    try {
      writeFilesAtomic('compare', [
        [first, '{}'],
        [second, 'a,b'],
      ]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(LabelAssignError);
    expect((error as LabelAssignError).message).toBe(`compare: cannot write ${second} (its folder does not exist)`);
    expect(existsSync(first)).toBe(false);
    expect(readdirSync(work)).toEqual([]);
  });

  it('names the command and the reason in words, not the temporary file (was "EISDIR: ... rename \'/.tmp.123.tmp\'")', () => {
    expect(() => writeFileAtomic(work, 'x', 'eval-cases')).toThrow(new RegExp(`^eval-cases: cannot write ${work.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(it is a folder\\)$`));
    expect(readdirSync(work)).toEqual([]);
  });

  it('replaces an existing file whole', () => {
    const path = join(work, 'out.txt');
    writeFileSync(path, 'old');
    writeFileAtomic(path, 'new', 'compare');
    expect(readFileSync(path, 'utf8')).toBe('new');
    expect(readdirSync(work)).toEqual(['out.txt']);
  });
});
