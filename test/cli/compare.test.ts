import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { loadDataset } from '../../src/datasets/index.js';
import { PRESET_NAMES, PRESETS } from '../../src/presets/index.js';
import { capture } from '../helpers/cli.js';
import { validateCompareCsv, validateCompareJson } from '../helpers/stub-presets.js';

const fixture = (path: string): string => fileURLToPath(new URL(`../fixtures/datasets/${path}`, import.meta.url));
const COCO = fixture('coco/instances_tiny.json');
const work = mkdtempSync(join(tmpdir(), 'label-assign-compare-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const at = (name: string): string => join(work, name);
const readJson = (path: string): { [key: string]: any } => JSON.parse(readFileSync(path, 'utf8'));

describe('label-assign compare on the embedded dataset', () => {
  it('runs every preset on every image, says synthetic everywhere, and its JSON and CSV validate', () => {
    const io = capture();
    const json = at('embedded.json');
    const csv = at('embedded.csv');
    expect(main(['compare', '--json', json, '--csv', csv, '--no-progress'], io)).toBe(0);
    expect(io.err()).toMatch(/no dataset given, so this runs on the embedded SYNTHETIC dataset \(200 images\)/);
    const doc = readJson(json);
    expect(validateCompareJson(doc)).toEqual([]);
    expect(doc.synthetic).toBe(true);
    expect(doc.dataset.images).toBe(200);
    expect(doc.presets.map((p: { name: string }) => p.name)).toEqual([...PRESET_NAMES]);
    expect(doc.images).toHaveLength(200 * PRESET_NAMES.length);
    expect(validateCompareCsv(readFileSync(csv, 'utf8'))).toEqual([]);
    expect(readFileSync(csv, 'utf8').split('\n')[1]).toMatch(/^"synthetic COCO-like \(seed 0, 200 images\)",true,1,retinanet,/);
    // The terminal table: one screen, every preset, the synthetic warning.
    const table = io.out().split('wrote ')[0];
    expect(table).toMatch(/^\*\*\* SYNTHETIC DATA: /m);
    expect(table.trimEnd().split('\n').length).toBeLessThanOrEqual(50);
    for (const name of PRESET_NAMES) expect(table).toMatch(new RegExp(`^${name} `, 'm'));
    expect(io.out()).toContain(`wrote ${json}\nwrote ${csv}\n`);
  }, 600_000);
});

describe('label-assign compare on a real dataset', () => {
  it('matches a direct run of the presets, per image and per object, and lists skipped boxes', () => {
    const io = capture();
    const json = at('coco.json');
    expect(main(['compare', COCO, '--presets', 'retinanet,fcos,yolov3', '--json', json], io)).toBe(0);
    expect(io.err()).toBe('');
    const doc = readJson(json);
    expect(validateCompareJson(doc)).toEqual([]);
    expect(doc.synthetic).toBe(false);
    expect(doc.note).toBeNull();
    expect(io.out()).not.toMatch(/SYNTHETIC/);
    const dataset = loadDataset(COCO);
    expect(doc.skipped).toEqual(dataset.skipped.map((s) => ({ ...s })));
    expect(doc.skipped.length).toBeGreaterThan(0);
    let row = 0;
    for (const image of dataset.images) {
      for (const name of ['retinanet', 'fcos', 'yolov3'] as const) {
        const preset = PRESETS[name];
        const { result } = preset.assign(preset.prepare(image));
        const perObject = new Array(image.labels.length).fill(0);
        result.label.forEach((l, i) => {
          if (l === 1) perObject[result.gtIndex[i]]++;
        });
        expect(doc.images[row]).toMatchObject({ imageId: image.id, preset: name, positivesPerObject: perObject, priors: result.label.length });
        row++;
      }
    }
  });

  it('reads VOC and YOLO folders with their options', () => {
    const voc = capture();
    expect(main(['compare', fixture('voc'), '--presets', 'ssd300', '--keep-difficult', '--csv', at('voc.csv')], voc)).toBe(0);
    expect(validateCompareCsv(readFileSync(at('voc.csv'), 'utf8'))).toEqual([]);
    const yolo = capture();
    expect(main(['compare', fixture('yolo/labels/train'), '--presets', 'yolov5', '--unknown-size', 'skip', '--json', at('yolo.json')], yolo)).toBe(0);
    const doc = readJson(at('yolo.json'));
    expect(validateCompareJson(doc)).toEqual([]);
    expect(doc.skipped.some((s: { imageId: string }) => s.imageId === '000000000656')).toBe(true);
  });

  it('takes JSON preset configs next to built-in names, in-process and in worker threads alike', () => {
    const config = at('retina-0.6.json');
    writeFileSync(config, JSON.stringify({ base: 'retinanet', name: 'retina-0.6', assigner: { pos_iou_thr: 0.6 } }));
    const run = (workers: string): { [key: string]: any } => {
      const io = capture();
      const json = at(`config-${workers}.json`);
      expect(main(['compare', '--limit', '12', '--presets', `retinanet,${config}`, '--workers', workers, '--json', json], io)).toBe(0);
      return readJson(json);
    };
    const serial = run('0');
    expect(validateCompareJson(serial)).toEqual([]);
    expect(serial.presets.map((p: { name: string }) => p.name)).toEqual(['retinanet', 'retina-0.6']);
    expect(serial.dataset.name).toMatch(/, first 12 images$/);
    expect(serial.images).toHaveLength(24);
    const [base, strict] = serial.summary;
    expect(strict.positivesPerImage.mean).toBeLessThan(base.positivesPerImage.mean);
    // Worker threads rebuild the config preset from its JSON; results are identical.
    expect(run('2').images).toEqual(serial.images);
  }, 120_000);
});

describe('label-assign compare: bad arguments give one line, exit 2 and write nothing', () => {
  const keep = at('existing.json');
  const cases: [string, string[], RegExp][] = [
    ['an unknown preset', ['--presets', 'retinanet,retina'], /^label-assign: compare: unknown preset 'retina'; known presets: retinanet, rpn, ssd300, fcos, fcos-center, atss, yolov3, ga-retinanet, centernet, yolov5 \(or a JSON config file, \*\.json\)\n$/],
    ['an empty preset entry', ['--presets', 'retinanet,,fcos'], /^label-assign: compare: --presets must be a comma-separated list of preset names, but was 'retinanet,,fcos' \(known presets: retinanet, /],
    ['a preset given twice', ['--presets', 'fcos,atss,fcos'], /^label-assign: compare: preset 'fcos' is given twice in --presets\n$/],
    ['a missing preset config', ['--presets', 'missing.json'], /^label-assign: compare: cannot read the preset config missing\.json: ENOENT\n$/],
    ['a dataset path that does not exist', ['no/such/annotations.json'], /^label-assign: loadDataset: no\/such\/annotations\.json: no such file or folder\n$/],
    ['an output folder that does not exist', ['--json', join('no-such-folder', 'out.json')], /^label-assign: compare: cannot write no-such-folder\/out\.json: the folder no-such-folder does not exist\n$/],
    ['two outputs on one path', ['--json', 'same.out', '--csv', 'same.out'], /^label-assign: compare: --csv and --json both write same\.out\n$/],
    ['a zero limit', ['--limit', '0'], /^label-assign: compare: --limit must be a positive integer, but was 0\n$/],
    ['a bad format', [COCO, '--format', 'xml'], /^label-assign: compare: --format must be coco, voc or yolo, but was 'xml'\n$/],
    ['a bad image size', [fixture('yolo/labels/train'), '--image-size', '640by480'], /^label-assign: compare: --image-size must be WIDTHxHEIGHT, e.g\. 640x480, but was '640by480'\n$/],
    ['a dataset option without a dataset', ['--keep-difficult'], /^label-assign: compare: --format, --image-size, --image-sizes, --unknown-size and --keep-difficult need a dataset path\n$/],
  ];
  for (const [what, args, message] of cases) {
    it(what, () => {
      writeFileSync(keep, 'keep me');
      const before = readdirSync(work).sort();
      const io = capture();
      expect(main(['compare', ...args, ...(args.includes('--json') ? [] : ['--json', keep])], io)).toBe(2);
      expect(io.err()).toMatch(message);
      expect(io.err().trimEnd().split('\n')).toHaveLength(1);
      expect(io.out()).toBe('');
      expect(readFileSync(keep, 'utf8')).toBe('keep me');
      expect(readdirSync(work).sort()).toEqual(before);
    });
  }

  it('a malformed dataset file names the file and line', () => {
    const bad = at('broken.json');
    writeFileSync(bad, '{\n  "images": [\n    {"id": 1,,}\n  ]\n}\n');
    const io = capture();
    expect(main(['compare', bad, '--presets', 'fcos', '--json', at('never.json')], io)).toBe(2);
    expect(io.err()).toMatch(new RegExp(`^label-assign: loadDataset: ${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3(:\\d+)?: `));
    expect(io.err().trimEnd().split('\n')).toHaveLength(1);
    expect(existsSync(at('never.json'))).toBe(false);
  });

  it('an invalid preset config names the key', () => {
    const config = at('bad-config.json');
    writeFileSync(config, JSON.stringify({ base: 'retinanet', name: 'x', assigner: { pos_iou_thr: 2 } }));
    const io = capture();
    expect(main(['compare', COCO, '--presets', config], io)).toBe(2);
    expect(io.err()).toMatch(/^label-assign: presetFromConfig: .*pos_iou_thr/);
    expect(io.err().trimEnd().split('\n')).toHaveLength(1);
  });

  it('a bad --workers value is a usage error', () => {
    const io = capture();
    expect(main(['compare', COCO, '--workers', 'many'], io)).toBe(2);
    expect(io.err()).toMatch(/option '--workers <n>' argument 'many' is invalid/);
  });

  it('an output path that is a folder', () => {
    mkdirSync(at('folder.json'), { recursive: true });
    const io = capture();
    expect(main(['compare', COCO, '--presets', 'fcos', '--json', at('folder.json')], io)).toBe(2);
    expect(io.err()).toMatch(/compare: cannot write .*folder\.json: it is a folder\n$/);
  });
});
