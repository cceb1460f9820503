import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { capture } from '../helpers/cli.js';
import { fixturePath } from '../helpers/conformance.js';

const work = mkdtempSync(join(tmpdir(), 'label-assign-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const FAMILIES = ['overlaps', 'anchor_generator', 'bbox_coder'];
const files = FAMILIES.map((f) => fixturePath(`conformance/${f}.json`));

describe('label-assign eval-cases', () => {
  it('writes outputs with the case keys for every case, without reading expected', async () => {
    // Strip "expected" so a runner that peeked at it would fail.
    const stripped = files.map((path, i) => {
      const file = JSON.parse(readFileSync(path, 'utf8'));
      for (const c of file.cases) delete c.expected;
      const target = join(work, `${FAMILIES[i]}.json`);
      writeFileSync(target, JSON.stringify(file));
      return target;
    });
    const out = join(work, 'results.json');
    const io = capture();
    expect(await main(['eval-cases', ...stripped, '--out', out], io)).toBe(0);
    const { results } = JSON.parse(readFileSync(out, 'utf8'));
    const total = files.reduce((n, path) => n + JSON.parse(readFileSync(path, 'utf8')).cases.length, 0);
    expect(results).toHaveLength(total);
    for (const r of results) {
      expect(FAMILIES).toContain(r.family);
      expect(typeof r.id).toBe('string');
      expect(Object.keys(r.outputs).length).toBeGreaterThan(0);
      expect(r.ms).toBeUndefined();
    }
  });

  it('--check matches every bundled case of the three families and prints a summary', async () => {
    const io = capture();
    expect(await main(['eval-cases', ...files, '--check'], io)).toBe(0);
    for (const family of FAMILIES) expect(io.out()).toMatch(new RegExp(`^${family}\\s+\\d+\\s+\\d+\\s+0`, 'm'));
    expect(io.out()).toMatch(/(\d+) of \1 cases match the reference\./);
  });

  it('--check reports a mismatch and exits 1', async () => {
    const file = JSON.parse(readFileSync(files[0], 'utf8'));
    file.cases = [file.cases[0]];
    file.cases[0].expected.iou[0][0] += 0.5;
    const path = join(work, 'broken.json');
    writeFileSync(path, JSON.stringify(file));
    const io = capture();
    expect(await main(['eval-cases', path, '--check'], io)).toBe(1);
    expect(io.out()).toMatch(/random_0: 1 mismatches/);
    expect(io.out()).toMatch(/iou\[0\]\[0\]: expected/);
  });

  it('--check allows differences at the indices a case marks sensitive, and says so', async () => {
    const file = JSON.parse(readFileSync(fixturePath('conformance/atss.json'), 'utf8'));
    const tied = file.cases.find((c: { id: string }) => c.id === 'atss_1');
    file.cases = [tied];
    const path = join(work, 'sensitive.json');
    writeFileSync(path, JSON.stringify(file));
    const io = capture();
    expect(await main(['eval-cases', path, '--check'], io)).toBe(0);
    expect(io.out()).toMatch(/atss \/ atss_1: differs only at indices the case marks sensitive \(618, 646\)/);
    // The same difference at an index the case does not mark is a mismatch.
    tied.sensitive = [708];
    writeFileSync(path, JSON.stringify(file));
    const io2 = capture();
    expect(await main(['eval-cases', path, '--check'], io2)).toBe(1);
    expect(io2.out()).toMatch(/gt_inds\[618\]: expected 4, got 5/);
  });

  it('--repeat records the median milliseconds per case', async () => {
    const io = capture();
    expect(await main(['eval-cases', files[0], '--repeat', '3'], io)).toBe(0);
    const { results } = JSON.parse(io.out());
    for (const r of results) expect(r.ms).toBeGreaterThanOrEqual(0);
  });

  it('names the supported families for an unsupported one, and writes nothing', async () => {
    const path = join(work, 'future.json');
    writeFileSync(path, JSON.stringify({ schema: 'label-assign-cases/1', family: 'no_such_family', cases: [] }));
    const out = join(work, 'never.json');
    const io = capture();
    expect(await main(['eval-cases', files[0], path, '--out', out], io)).toBe(2);
    expect(io.err()).toMatch(/family "no_such_family" is not supported yet; supported families: overlaps, anchor_generator, bbox_coder/);
    expect(existsSync(out)).toBe(false);
  });

  it('names the supported types for an unsupported config type', async () => {
    const file = JSON.parse(readFileSync(files[0], 'utf8'));
    file.cases[1].config.type = 'bbox_overlaps_v2';
    const path = join(work, 'badtype.json');
    writeFileSync(path, JSON.stringify(file));
    const io = capture();
    expect(await main(['eval-cases', path], io)).toBe(2);
    expect(io.err()).toMatch(/^label-assign: eval-cases: .*badtype\.json, case "random_1": family 'overlaps' does not support config type "bbox_overlaps_v2"; supported: bbox_overlaps\n$/);
  });

  it('rejects unknown config keys by name', async () => {
    const file = JSON.parse(readFileSync(files[0], 'utf8'));
    file.cases[0].config.is_alinged = true;
    const path = join(work, 'badkey.json');
    writeFileSync(path, JSON.stringify(file));
    const io = capture();
    expect(await main(['eval-cases', path], io)).toBe(2);
    expect(io.err()).toMatch(/unknown option 'is_alinged' in config; did you mean 'is_aligned'\?/);
  });

  it('explains missing files, bad JSON and non-case files in one line each', async () => {
    const io1 = capture();
    expect(await main(['eval-cases', join(work, 'missing.json')], io1)).toBe(2);
    expect(io1.err()).toMatch(/^label-assign: eval-cases: .*missing\.json: cannot read the file \(no such file or folder\)\n$/);
    const bad = join(work, 'bad.json');
    writeFileSync(bad, '{"family": ');
    const io2 = capture();
    expect(await main(['eval-cases', bad], io2)).toBe(2);
    expect(io2.err()).toMatch(/^label-assign: eval-cases: .*bad\.json:1:12: invalid JSON \(/);
    const notCases = join(work, 'not-cases.json');
    writeFileSync(notCases, '[1, 2, 3]');
    const io3 = capture();
    expect(await main(['eval-cases', notCases], io3)).toBe(2);
    expect(io3.err()).toMatch(/is not a case file: expected an object with "family" and "cases"/);
  });

  it('rejects a bad --repeat and a missing file argument with usage errors', async () => {
    const io = capture();
    expect(await main(['eval-cases', files[0], '--repeat', '-1'], io)).toBe(2);
    expect(io.err()).toBe("label-assign: eval-cases: option '-r, --repeat <n>' argument '-1' is invalid: expected a non-negative integer, e.g. 0, 1, 8 (see label-assign eval-cases --help)\n");
    const io2 = capture();
    expect(await main(['eval-cases'], io2)).toBe(2);
    expect(io2.err()).toBe("label-assign: eval-cases: missing required argument 'files' (see label-assign eval-cases --help)\n");
  });

  it('refuses an --out that is a folder before computing, and writes no temporary file beside it (was one in its parent)', async () => {
    const folder = join(work, 'out-folder');
    mkdirSync(folder, { recursive: true });
    const io = capture();
    expect(await main(['eval-cases', files[0], '--out', folder], io)).toBe(2);
    expect(io.err()).toMatch(/^label-assign: eval-cases: cannot write .*out-folder: it is a folder\n$/);
    expect(readdirSync(work).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses an --out that is one of the case files', async () => {
    const copy = join(work, 'cases-copy.json');
    writeFileSync(copy, readFileSync(files[0], 'utf8'));
    const io = capture();
    expect(await main(['eval-cases', copy, '--out', copy], io)).toBe(2);
    expect(io.err()).toMatch(/^label-assign: eval-cases: --out .*cases-copy\.json is one of the input files; write the output elsewhere\n$/);
    expect(readFileSync(copy, 'utf8')).toBe(readFileSync(files[0], 'utf8'));
  });

  it('a case that is not an object is an error naming it (was an internal error: "Cannot read properties of null")', async () => {
    const path = join(work, 'null-case.json');
    writeFileSync(path, JSON.stringify({ schema: 'label-assign-cases/1', family: 'overlaps', cases: [null] }));
    const io = capture();
    expect(await main(['eval-cases', path], io)).toBe(2);
    expect(io.err()).toMatch(/^label-assign: eval-cases: .*null-case\.json, cases\[0\]: a case must be an object with an "id" \(a string or number\), "config" and "inputs"\n$/);
  });

  it('--check on a case without "expected" is an error (was counted as a match)', async () => {
    const file = JSON.parse(readFileSync(files[0], 'utf8'));
    delete file.cases[0].expected;
    const path = join(work, 'no-expected.json');
    writeFileSync(path, JSON.stringify(file));
    const io = capture();
    expect(await main(['eval-cases', path, '--check'], io)).toBe(2);
    expect(io.err()).toMatch(/^label-assign: eval-cases: .*no-expected\.json, case "random_0": --check needs an "expected" object with the reference outputs, but the case has none\n$/);
    // Without --check, expected is not needed.
    expect(await main(['eval-cases', path], capture())).toBe(0);
  });

  it('a malformed tolerance is an error (was: every float compared as a mismatch)', async () => {
    const file = JSON.parse(readFileSync(files[0], 'utf8'));
    file.tolerance = { abs: 'x', rel: 0 };
    const path = join(work, 'bad-tolerance.json');
    writeFileSync(path, JSON.stringify(file));
    const io = capture();
    expect(await main(['eval-cases', path, '--check'], io)).toBe(2);
    expect(io.err()).toBe(`label-assign: eval-cases: ${path}: "tolerance" must be {"abs": a, "rel": r} with two non-negative numbers, but was {"abs":"x","rel":0}\n`);
  });

  it('--check on a file without cases says 0 of 0 (was a bare table header)', async () => {
    const path = join(work, 'no-cases.json');
    writeFileSync(path, JSON.stringify({ schema: 'label-assign-cases/1', family: 'overlaps', cases: [] }));
    const io = capture();
    expect(await main(['eval-cases', path, '--check'], io)).toBe(0);
    expect(io.out()).toMatch(/\n0 of 0 cases match the reference\.\n$/);
  });

  it('leaves no temporary file behind when the output directory does not exist', async () => {
    const io = capture();
    const out = join(work, 'no-such-dir', 'out.json');
    expect(await main(['eval-cases', files[0], '--out', out], io)).toBe(2);
    expect(io.err()).toMatch(/cannot write .*out\.json/);
    expect(readdirSync(work).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

describe('the installed bin', () => {
  const bin = fileURLToPath(new URL('../../bin/label-assign.js', import.meta.url));
  it('prints help with the commands', () => {
    const text = execFileSync(process.execPath, [bin, '--help'], { encoding: 'utf8' });
    expect(text).toMatch(/Usage: label-assign/);
    expect(text).toMatch(/eval-cases/);
  });
  it('stops quietly when the reader of its output goes away (was: an unhandled EPIPE with a stack trace)', () => {
    // `true` exits without reading, so the help text hits a closed pipe.
    const result = spawnSync('sh', ['-c', '"$0" "$1" --help | true', process.execPath, bin], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
  });
  it('exits 2 with one line and no stack trace on bad input', () => {
    const result = spawnSync(process.execPath, [bin, 'eval-cases', 'nowhere.json'], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^label-assign: eval-cases: nowhere\.json: cannot read the file \(no such file or folder\)\n$/);
  });
});
