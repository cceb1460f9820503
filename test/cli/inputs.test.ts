/**
 * Inputs the command line must refuse at once, with one line: files that are not regular files
 * (FIFOs, devices), files too large to read whole, numbers and case files of a kind this
 * version does not read, and run lengths without an end.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { capture } from '../helpers/cli.js';
import { fixturePath } from '../helpers/conformance.js';

const work = mkdtempSync(join(tmpdir(), 'label-assign-inputs-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const at = (name: string): string => join(work, name);
const COCO = fileURLToPath(new URL('../fixtures/datasets/coco/instances_tiny.json', import.meta.url));
const OVERLAPS = fixturePath('conformance/overlaps.json');

/** A FIFO made with mkfifo (null where there is none: the test then returns early). */
function fifo(name: string): string | null {
  const path = at(name);
  return spawnSync('mkfifo', [path]).status === 0 ? path : null;
}

/** Runs the command, expects exit 2 and one line on stderr matching `message`, nothing on stdout. */
async function refuses(args: string[], message: RegExp): Promise<void> {
  const io = capture();
  expect(await main(args, io)).toBe(2);
  expect(io.err()).toMatch(message);
  expect(io.err().trimEnd().split('\n')).toHaveLength(1);
  expect(io.out()).toBe('');
}

/** A sparse file of `mib` MiB of zero bytes: no disk space, instant to make. */
function sparse(name: string, mib: number): string {
  const path = at(name);
  writeFileSync(path, '');
  truncateSync(path, mib * 1024 * 1024);
  return path;
}

describe('inputs that are not regular files are refused at once (was: /dev/zero read for 145 s up to 16 GB; a FIFO gave "cannot read the folder (ENOTDIR)")', () => {
  it('a FIFO as the dataset, with or without --format, and it stays a FIFO', async () => {
    const pipe = fifo('dataset.json');
    if (pipe === null) return;
    await refuses(['compare', pipe, '--presets', 'fcos'], /^label-assign: compare: .*dataset\.json: not a dataset: it is a FIFO \(named pipe\); give a COCO \.json file, a folder of VOC \.xml files or a folder of YOLO \.txt labels\n$/);
    await refuses(['compare', pipe, '--format', 'coco', '--presets', 'fcos'], /^label-assign: compare: .*dataset\.json: cannot read the file \(it is a FIFO \(named pipe\), not a regular file\)\n$/);
    await refuses(['compare', pipe, '--format', 'voc', '--presets', 'fcos'], /^label-assign: compare: .*dataset\.json: cannot read the folder \(it is a FIFO \(named pipe\), not a folder\)\n$/);
    await refuses(['inspect', pipe, '--format', 'yolo', '--image', '1', '--preset', 'fcos', '--out', at('never.svg')], /^label-assign: inspect: .*dataset\.json: cannot read the folder \(it is a FIFO \(named pipe\), not a folder\)\n$/);
    expect(lstatSync(pipe).isFIFO()).toBe(true);
  });

  it.skipIf(!existsSync('/dev/zero'))('/dev/zero as a COCO file, a preset config or a case file', async () => {
    await refuses(['compare', '/dev/zero', '--format', 'coco', '--presets', 'fcos'], /^label-assign: compare: \/dev\/zero: cannot read the file \(it is a character device, not a regular file\)\n$/);
    await refuses(['compare', '/dev/zero', '--presets', 'fcos'], /^label-assign: compare: \/dev\/zero: not a dataset: it is a character device;/);
    symlinkSync('/dev/zero', at('zero-preset.json'));
    await refuses(['compare', COCO, '--presets', at('zero-preset.json')], /^label-assign: compare: .*zero-preset\.json: cannot read the file \(it is a character device, not a regular file\)\n$/);
    await refuses(['eval-cases', '/dev/zero'], /^label-assign: eval-cases: \/dev\/zero: cannot read the file \(it is a character device, not a regular file\)\n$/);
  });

  it('a FIFO as the image-sizes file or as an annotation file of a folder', async () => {
    const sizes = fifo('sizes.json');
    if (sizes === null) return;
    const yolo = at('yolo');
    mkdirSync(yolo);
    writeFileSync(join(yolo, 'a.txt'), '0 0.5 0.5 0.2 0.2\n');
    await refuses(['compare', yolo, '--image-sizes', sizes, '--presets', 'fcos'], /^label-assign: compare: .*sizes\.json: cannot read the file \(it is a FIFO \(named pipe\), not a regular file\)\n$/);
    const voc = at('voc');
    mkdirSync(voc);
    symlinkSync(sizes, join(voc, 'a.xml'));
    await refuses(['compare', voc, '--presets', 'fcos'], /^label-assign: compare: .*a\.xml: cannot read the file \(it is a FIFO \(named pipe\), not a regular file\)\n$/);
  });
});

describe('huge inputs (was: ERR_STRING_TOO_LONG without advice on a 595 MB COCO file)', () => {
  it('a 600 MB COCO file is streamed: one line at its first bad byte, at once', async () => {
    const big = sparse('huge.json', 600);
    await refuses(['compare', big, '--presets', 'fcos'], /^label-assign: compare: .*huge\.json:1:1: invalid JSON \(unexpected U\+0000\)\n$/);
    rmSync(big);
  });

  it('a preset config or a case file too large to read whole is refused by its size', async () => {
    const preset = sparse('huge-preset.json', 600);
    await refuses(['compare', COCO, '--presets', preset], /^label-assign: compare: .*huge-preset\.json: is 600 MiB, too large for a preset config, which is read whole \(at most 1 MiB\)\n$/);
    await refuses(['eval-cases', preset], /^label-assign: eval-cases: .*huge-preset\.json: is 600 MiB, too large for a case file, which is read whole \(at most 64 MiB\)\n$/);
    rmSync(preset);
  });
});

describe('eval-cases refuses what it cannot honour', () => {
  it('an unknown schema version (was: label-assign-cases/9 accepted), or none', async () => {
    const nine = at('schema-9.json');
    writeFileSync(nine, JSON.stringify({ schema: 'label-assign-cases/9', family: 'overlaps', cases: [] }));
    await refuses(['eval-cases', nine], /^label-assign: eval-cases: .*schema-9\.json: "schema" must be "label-assign-cases\/1" \(the case format this version reads\), but was "label-assign-cases\/9"\n$/);
    const none = at('schema-none.json');
    writeFileSync(none, JSON.stringify({ family: 'overlaps', cases: [] }));
    await refuses(['eval-cases', none], /"schema" must be "label-assign-cases\/1" \(the case format this version reads\), but was missing\n$/);
  });

  it('--repeat beyond 1000 is refused before anything runs (was: --repeat 1000000000 ran for ever)', async () => {
    await refuses(['eval-cases', OVERLAPS, '--repeat', '1000000000'], /^label-assign: eval-cases: --repeat must be an integer from 0 to 1000 \(timed runs per case\), but was 1000000000\n$/);
    await refuses(['eval-cases', OVERLAPS, '--repeat', '1001', '--out', at('never.json')], /--repeat must be an integer from 0 to 1000/);
    expect(readdirSync(work)).not.toContain('never.json');
  });
});
