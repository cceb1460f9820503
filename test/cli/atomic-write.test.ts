import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { checkOutputPaths, PAUSE_BEFORE_RENAME_ENV, writeFileAtomic, writeFilesAtomic } from '../../src/cli/atomic-write.js';
import { LabelAssignError } from '../../src/errors.js';

const work = mkdtempSync(join(tmpdir(), 'label-assign-atomic-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('writing output files', async () => {
  it('writes nothing when one of several outputs cannot be written (was: the first written, the second failing)', async () => {
    const first = join(work, 'first.json');
    const second = join(work, 'no-such-folder', 'second.csv');
    let error: unknown;
    try {
      await writeFilesAtomic('compare', [
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

  it('names the command and the reason in words, not the temporary file (was "EISDIR: ... rename \'/.tmp.123.tmp\'")', async () => {
    await expect(writeFileAtomic(work, 'x', 'eval-cases')).rejects.toThrow(new RegExp(`^eval-cases: cannot write ${work.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(it is a folder\\)$`));
    expect(readdirSync(work)).toEqual([]);
  });

  it('replaces an existing file whole', async () => {
    const path = join(work, 'out.txt');
    writeFileSync(path, 'old');
    await writeFileAtomic(path, 'new', 'compare');
    expect(readFileSync(path, 'utf8')).toBe('new');
    expect(readdirSync(work)).toEqual(['out.txt']);
  });
});

/** A fresh folder in `work`. */
function folder(name: string): string {
  const path = join(work, name);
  mkdirSync(path);
  return path;
}

/** A FIFO made with mkfifo, or null where there is none (then the test is skipped). */
function fifo(path: string): string | null {
  const made = spawnSync('mkfifo', [path]);
  return made.status === 0 ? path : null;
}

/** The LabelAssignError a promise rejects with. */
async function rejection(promise: Promise<unknown>): Promise<LabelAssignError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(LabelAssignError);
    return error as LabelAssignError;
  }
  throw new Error('expected a rejection');
}

const temporaries = (dir: string): string[] => readdirSync(dir).filter((f) => f.endsWith('.tmp'));

describe('outputs that are not regular files are written directly, never replaced (was: --json /dev/null turned /dev/null into a regular file)', () => {
  it('a character device stays a device, and the regular outputs beside it are written', async () => {
    const dir = folder('device');
    await writeFilesAtomic('compare', [
      ['/dev/null', '{"a": 1}'],
      [join(dir, 'out.csv'), 'a,b\n'],
    ]);
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
    expect(readFileSync(join(dir, 'out.csv'), 'utf8')).toBe('a,b\n');
    // Two outputs may share a device.
    expect(() => checkOutputPaths('compare', [['json', '/dev/null'], ['csv', '/dev/null']])).not.toThrow();
  });

  it.skipIf(!existsSync('/dev/full'))('a device that fails (/dev/full) is an error, the device stays, and no regular output is touched', async () => {
    const dir = folder('full');
    const kept = join(dir, 'report.json');
    writeFileSync(kept, 'old');
    const error = await rejection(writeFilesAtomic('compare', [[kept, 'new'], ['/dev/full', 'x'.repeat(10_000)]]));
    expect(error.message).toBe('compare: cannot write /dev/full (no space left on the device)');
    expect(statSync('/dev/full').isCharacterDevice()).toBe(true);
    expect(readFileSync(kept, 'utf8')).toBe('old');
    expect(readdirSync(dir)).toEqual(['report.json']);
  });

  it('a FIFO with a reader gets the output and stays a FIFO', async () => {
    const dir = folder('fifo-read');
    const pipe = fifo(join(dir, 'pipe'));
    if (pipe === null) return;
    const reader = spawn('cat', [pipe], { stdio: ['ignore', 'pipe', 'ignore'] });
    let received = '';
    reader.stdout.on('data', (d: Buffer) => (received += d.toString()));
    const closed = new Promise((done) => reader.on('close', done));
    const contents = 'x'.repeat(300_000); // more than a pipe holds: written as the reader reads
    // The reader opens the FIFO when it starts; until then the writer is refused, so retry.
    for (let attempt = 0; ; attempt++) {
      try {
        await writeFilesAtomic('compare', [[pipe, contents]]);
        break;
      } catch (error) {
        if (attempt > 200 || !/no process is reading it/.test((error as Error).message)) throw error;
        await new Promise((done) => setTimeout(done, 10));
      }
    }
    await closed;
    expect(received).toBe(contents);
    expect(lstatSync(pipe).isFIFO()).toBe(true);
    expect(temporaries(dir)).toEqual([]);
  });

  it('a FIFO without a reader is refused at once (no wait), stays a FIFO, and nothing else is written', async () => {
    const dir = folder('fifo-alone');
    const pipe = fifo(join(dir, 'pipe'));
    if (pipe === null) return;
    const error = await rejection(writeFilesAtomic('compare', [[join(dir, 'out.json'), '{}'], [pipe, 'x']]));
    expect(error.message).toBe(`compare: cannot write ${pipe} (no process is reading it)`);
    expect(lstatSync(pipe).isFIFO()).toBe(true);
    expect(readdirSync(dir)).toEqual(['pipe']);
  });

  it('a socket is refused before any work, naming what it is', async () => {
    const dir = folder('socket');
    const path = join(dir, 'sock');
    const server = createServer();
    await new Promise<void>((done) => server.listen(path, done));
    try {
      expect(() => checkOutputPaths('compare', [['json', path]])).toThrow(/^compare: cannot write .*sock: it is a socket; give a regular file, a FIFO or a character device such as \/dev\/null$/);
      expect((await rejection(writeFileAtomic(path, 'x', 'compare'))).message).toMatch(/cannot write .*sock \(it is a socket;/);
    } finally {
      await new Promise((done) => server.close(done));
    }
  });
});

describe('symbolic links are followed, not replaced', () => {
  it('a link to a file: the file gets the output, the link stays a link', async () => {
    const dir = folder('links');
    writeFileSync(join(dir, 'real.json'), 'old');
    symlinkSync('real.json', join(dir, 'link.json'));
    await writeFileAtomic(join(dir, 'link.json'), 'new', 'compare');
    expect(lstatSync(join(dir, 'link.json')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'real.json'), 'utf8')).toBe('new');
    expect(readdirSync(dir).sort()).toEqual(['link.json', 'real.json']);
  });

  it('a dangling link: the file it names is created; a link into a missing folder is refused before any work', async () => {
    const dir = folder('dangling');
    symlinkSync('target.json', join(dir, 'link.json'));
    await writeFileAtomic(join(dir, 'link.json'), 'new', 'compare');
    expect(readFileSync(join(dir, 'target.json'), 'utf8')).toBe('new');
    expect(lstatSync(join(dir, 'link.json')).isSymbolicLink()).toBe(true);
    symlinkSync('nowhere/x.json', join(dir, 'lost.json'));
    expect(() => checkOutputPaths('compare', [['json', join(dir, 'lost.json')]])).toThrow(/^compare: cannot write .*lost\.json: it links to .*nowhere\/x\.json, whose folder does not exist$/);
  });

  it('a link to an input is that input: refused before it is overwritten', () => {
    const dir = folder('link-to-input');
    writeFileSync(join(dir, 'data.json'), '{}');
    symlinkSync('data.json', join(dir, 'out.json'));
    expect(() => checkOutputPaths('compare', [['json', join(dir, 'out.json')]], { files: [join(dir, 'data.json')] })).toThrow(/--json .*out\.json is one of the input files/);
  });

  it('a replaced file keeps its permissions, and a link left at the temporary name is not written through', async () => {
    const dir = folder('modes');
    const out = join(dir, 'out.json');
    writeFileSync(out, 'old');
    chmodSync(out, 0o640);
    const victim = join(dir, 'victim.txt');
    writeFileSync(victim, 'untouched');
    symlinkSync(victim, join(dir, `.out.json.${process.pid}.tmp`));
    await writeFileAtomic(out, 'new', 'compare');
    expect(statSync(out).mode & 0o777).toBe(0o640);
    expect(readFileSync(out, 'utf8')).toBe('new');
    expect(readFileSync(victim, 'utf8')).toBe('untouched');
    expect(readdirSync(dir).sort()).toEqual(['out.json', 'victim.txt']);
  });
});

const bin = fileURLToPath(new URL('../../bin/label-assign.js', import.meta.url));
const tinyCoco = fileURLToPath(new URL('../fixtures/datasets/coco/instances_tiny.json', import.meta.url));

/**
 * Runs `compare` in a child process that pauses after writing its temporaries (the test hook),
 * sends it `signal` there, and returns how it ended.
 */
function interruptedCompare(dir: string, signal: NodeJS.Signals): Promise<{ signal: NodeJS.Signals | null; status: number | null; stderr: string }> {
  const child = spawn(process.execPath, [bin, 'compare', tinyCoco, '--presets', 'fcos', '--json', 'o.json', '--csv', 'o.csv', '--html', 'o.html'], {
    cwd: dir,
    env: { ...process.env, [PAUSE_BEFORE_RENAME_ENV]: '60000' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  let sent = false;
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
    if (!sent && stderr.includes(PAUSE_BEFORE_RENAME_ENV)) {
      sent = true;
      // The temporaries are there while it waits.
      expect(temporaries(dir).sort()).toEqual([`.o.csv.${child.pid}.tmp`, `.o.html.${child.pid}.tmp`, `.o.json.${child.pid}.tmp`]);
      child.kill(signal);
    }
  });
  return new Promise((done) => child.on('close', (status, got) => done({ signal: got, status, stderr })));
}

describe('an interrupted write leaves no temporary file and says what was not written (was: .o.json.<pid>.tmp left after SIGINT)', () => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`${signal} while the outputs are written`, async () => {
      const dir = folder(`interrupt-${signal}`);
      writeFileSync(join(dir, 'o.json'), 'previous run');
      const result = await interruptedCompare(dir, signal);
      expect(result.signal).toBe(signal);
      expect(result.stderr).toMatch(new RegExp(`\\nlabel-assign: compare: interrupted by ${signal}; not written: o\\.json, o\\.csv, o\\.html \\(any file already there is unchanged\\)\\n$`));
      expect(readdirSync(dir)).toEqual(['o.json']);
      expect(readFileSync(join(dir, 'o.json'), 'utf8')).toBe('previous run');
    }, 60_000);
  }

  it('an exit in the middle of the writing (process.exit) removes the temporaries too', () => {
    const dir = folder('exit');
    const module = new URL('../../dist/cli/atomic-write.js', import.meta.url).href;
    const script = `const { writeFilesAtomic } = await import(${JSON.stringify(module)});
setTimeout(() => process.exit(3), 300);
await writeFilesAtomic('compare', [['a.json', 'x'.repeat(1000)], ['b.csv', 'y']]);`;
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: dir, env: { ...process.env, [PAUSE_BEFORE_RENAME_ENV]: '60000' }, encoding: 'utf8' });
    expect(result.status).toBe(3);
    expect(result.stderr).toContain(PAUSE_BEFORE_RENAME_ENV);
    expect(readdirSync(dir)).toEqual([]);
  }, 60_000);
});
