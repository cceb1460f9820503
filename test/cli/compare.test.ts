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
  it('runs every preset on every image, says synthetic everywhere, and its JSON and CSV validate', async () => {
    const io = capture();
    const json = at('embedded.json');
    const csv = at('embedded.csv');
    expect(await main(['compare', '--json', json, '--csv', csv, '--no-progress'], io)).toBe(0);
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
  it('matches a direct run of the presets, per image and per object, and lists skipped boxes', async () => {
    const io = capture();
    const json = at('coco.json');
    expect(await main(['compare', COCO, '--presets', 'retinanet,fcos,yolov3', '--json', json], io)).toBe(0);
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

  it('reads VOC and YOLO folders with their options', async () => {
    const voc = capture();
    expect(await main(['compare', fixture('voc'), '--presets', 'ssd300', '--keep-difficult', '--csv', at('voc.csv')], voc)).toBe(0);
    expect(validateCompareCsv(readFileSync(at('voc.csv'), 'utf8'))).toEqual([]);
    const yolo = capture();
    expect(await main(['compare', fixture('yolo/labels/train'), '--presets', 'yolov5', '--unknown-size', 'skip', '--json', at('yolo.json')], yolo)).toBe(0);
    const doc = readJson(at('yolo.json'));
    expect(validateCompareJson(doc)).toEqual([]);
    expect(doc.skipped.some((s: { imageId: string }) => s.imageId === '000000000656')).toBe(true);
  });

  it('takes JSON preset configs next to built-in names, in-process and in worker threads alike', async () => {
    const config = at('retina-0.6.json');
    writeFileSync(config, JSON.stringify({ base: 'retinanet', name: 'retina-0.6', assigner: { pos_iou_thr: 0.6 } }));
    const run = async (workers: string): Promise<{ [key: string]: any }> => {
      const io = capture();
      const json = at(`config-${workers}.json`);
      expect(await main(['compare', '--limit', '12', '--presets', `retinanet,${config}`, '--workers', workers, '--json', json], io)).toBe(0);
      return readJson(json);
    };
    const serial = await run('0');
    expect(validateCompareJson(serial)).toEqual([]);
    expect(serial.presets.map((p: { name: string }) => p.name)).toEqual(['retinanet', 'retina-0.6']);
    expect(serial.dataset.name).toMatch(/, first 12 images$/);
    expect(serial.images).toHaveLength(24);
    const [base, strict] = serial.summary;
    expect(strict.positivesPerImage.mean).toBeLessThan(base.positivesPerImage.mean);
    // Worker threads rebuild the config preset from its JSON; results are identical.
    expect((await run('2')).images).toEqual(serial.images);
  }, 120_000);
});

describe('label-assign compare: bad arguments give one line, exit 2 and write nothing', () => {
  const keep = at('existing.json');
  const cases: [string, string[], RegExp][] = [
    ['an unknown preset', ['--presets', 'retinanet,retina'], /^label-assign: compare: unknown preset 'retina'; known presets: retinanet, rpn, ssd300, fcos, fcos-center, atss, yolov3, ga-retinanet, centernet, yolov5 \(or a JSON config file, \*\.json\)\n$/],
    ['an empty preset entry', ['--presets', 'retinanet,,fcos'], /^label-assign: compare: --presets must be a comma-separated list of preset names, but was 'retinanet,,fcos' \(known presets: retinanet, /],
    ['a preset given twice', ['--presets', 'fcos,atss,fcos'], /^label-assign: compare: preset 'fcos' is given twice in --presets\n$/],
    ['a missing preset config', ['--presets', 'missing.json'], /^label-assign: compare: missing\.json: cannot read the file \(no such file or folder\)\n$/],
    ['a dataset path that does not exist', ['no/such/annotations.json'], /^label-assign: compare: no\/such\/annotations\.json: no such file or folder\n$/],
    ['an output folder that does not exist', ['--json', join('no-such-folder', 'out.json')], /^label-assign: compare: cannot write no-such-folder\/out\.json: the folder no-such-folder does not exist\n$/],
    ['two outputs on one path', ['--json', 'same.out', '--csv', 'same.out'], /^label-assign: compare: --csv and --json both write same\.out\n$/],
    ['a zero limit', ['--limit', '0'], /^label-assign: compare: option '--limit <n>' argument '0' is invalid: expected a positive integer, e\.g\. 1, 10, 500 \(see label-assign compare --help\)\n$/],
    ['a bad format', [COCO, '--format', 'xml'], /^label-assign: compare: --format must be coco, voc or yolo, but was 'xml'\n$/],
    ['a bad image size', [fixture('yolo/labels/train'), '--image-size', '640by480'], /^label-assign: compare: --image-size must be WIDTHxHEIGHT in whole pixels, e\.g\. 640x480, but was '640by480'\n$/],
    ['a dataset option without a dataset', ['--keep-difficult'], /^label-assign: compare: --format, --image-size, --image-sizes, --unknown-size and --keep-difficult need a dataset path\n$/],
    // Regressions: usage errors from the argument parser were two lines ("error: ..." and a hint).
    ['a negative limit is one line, not two', ['--limit', '-1'], /^label-assign: compare: option '--limit <n>' argument '-1' is invalid: expected a positive integer/],
    ['negative workers are one line, not two', ['--workers', '-3'], /^label-assign: compare: option '--workers <n>' argument '-3' is invalid: expected a non-negative integer/],
    ['an unknown option is one line, not two', ['--limt', '3'], /^label-assign: compare: unknown option '--limt' \(Did you mean --limit\?\) \(see label-assign compare --help\)\n$/],
    // Regression: a fractional --image-size was accepted and failed later inside Preset.prepare.
    ['an image size in fractional pixels', [fixture('yolo/labels/train'), '--image-size', '640.5x480'], /^label-assign: compare: --image-size must be WIDTHxHEIGHT in whole pixels, e\.g\. 640x480, but was '640\.5x480'\n$/],
    // Regressions: these errors spoke of the loader's API options (imageSize, difficultAsIgnore) instead of the flags.
    ['--image-size with --image-sizes', [fixture('yolo/labels/train'), '--image-size', '640x480', '--image-sizes', fixture('yolo/image_sizes.json')], /^label-assign: compare: --image-size and --image-sizes cannot be used together: /],
    ['a YOLO flag on a COCO file', [COCO, '--image-size', '640x480'], /^label-assign: compare: --image-size only applies to YOLO label folders, and .*instances_tiny\.json is a COCO JSON file\n$/],
    // Regression: an empty dataset path gave "compare: : no such file or folder".
    ['an empty dataset path', [''], /^label-assign: compare: the dataset path is empty; give a COCO \.json file, a VOC folder or a YOLO folder, or leave it out for the embedded data\n$/],
    ['--keep-difficult on a COCO file', [COCO, '--keep-difficult'], /^label-assign: compare: --keep-difficult only applies to Pascal VOC folders, and .*instances_tiny\.json is a COCO JSON file\n$/],
  ];
  for (const [what, args, message] of cases) {
    it(what, async () => {
      writeFileSync(keep, 'keep me');
      const before = readdirSync(work).sort();
      const io = capture();
      expect(await main(['compare', ...args, ...(args.includes('--json') ? [] : ['--json', keep])], io)).toBe(2);
      expect(io.err()).toMatch(message);
      expect(io.err().trimEnd().split('\n')).toHaveLength(1);
      expect(io.out()).toBe('');
      expect(readFileSync(keep, 'utf8')).toBe('keep me');
      expect(readdirSync(work).sort()).toEqual(before);
    });
  }

  it('a malformed dataset file names the file and line', async () => {
    const bad = at('broken.json');
    writeFileSync(bad, '{\n  "images": [\n    {"id": 1,,}\n  ]\n}\n');
    const io = capture();
    expect(await main(['compare', bad, '--presets', 'fcos', '--json', at('never.json')], io)).toBe(2);
    expect(io.err()).toMatch(new RegExp(`^label-assign: compare: ${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3(:\\d+)?: `));
    expect(io.err().trimEnd().split('\n')).toHaveLength(1);
    expect(existsSync(at('never.json'))).toBe(false);
  });

  it('an invalid preset config names the key', async () => {
    const config = at('bad-config.json');
    writeFileSync(config, JSON.stringify({ base: 'retinanet', name: 'x', assigner: { pos_iou_thr: 2 } }));
    const io = capture();
    expect(await main(['compare', COCO, '--presets', config], io)).toBe(2);
    expect(io.err()).toMatch(/^label-assign: compare: preset config .*bad-config\.json: assigner\.pos_iou_thr must be a number in \[0, 1\], but was 2\n$/);
    expect(io.err().trimEnd().split('\n')).toHaveLength(1);
  });

  it('a bad --workers value is a usage error', async () => {
    const io = capture();
    expect(await main(['compare', COCO, '--workers', 'many'], io)).toBe(2);
    expect(io.err()).toMatch(/option '--workers <n>' argument 'many' is invalid/);
  });

  it('an output path that is a folder', async () => {
    mkdirSync(at('folder.json'), { recursive: true });
    const io = capture();
    expect(await main(['compare', COCO, '--presets', 'fcos', '--json', at('folder.json')], io)).toBe(2);
    expect(io.err()).toMatch(/compare: cannot write .*folder\.json: it is a folder\n$/);
  });
});

describe('label-assign compare: regressions on bad input', () => {
  /** Runs compare, expects exit 2 and one line matching `message`, and that no file appeared in `work`. */
  const rejects = async (args: string[], message: RegExp): Promise<void> => {
    const before = readdirSync(work).sort();
    const io = capture();
    expect(await main(['compare', ...args], io)).toBe(2);
    expect(io.err()).toMatch(message);
    expect(io.err().trimEnd().split('\n')).toHaveLength(1);
    expect(io.err()).not.toMatch(/internal error|\n\s+at /);
    expect(io.out()).toBe('');
    expect(readdirSync(work).sort()).toEqual(before);
  };
  const cocoFile = (name: string, images: unknown[], annotations: unknown[] = []): string => {
    const path = at(name);
    writeFileSync(path, JSON.stringify({ images, annotations, categories: [{ id: 1, name: 'thing' }] }));
    return path;
  };

  it('a YOLO folder without image sizes names the --image-size and --unknown-size flags, not the API options', async () => {
    const folder = at('yolo-no-sizes');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'a.txt'), '0 0.5 0.5 0.2 0.2\n');
    await rejects([folder, '--presets', 'fcos'], /^label-assign: compare: .*a\.txt: no image size: give --image-size WxH, or --image-sizes FILE .*\(--unknown-size skip leaves such images out, reporting their boxes\)\n$/);
  });

  it('a folder of both VOC and YOLO files names the --format flag, not the API option', async () => {
    const folder = at('voc-and-yolo');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'a.txt'), '0 0.5 0.5 0.2 0.2\n');
    writeFileSync(join(folder, 'b.xml'), '<annotation><size><width>4</width><height>4</height></size></annotation>');
    await rejects([folder, '--presets', 'fcos'], /^label-assign: compare: .*voc-and-yolo: holds both VOC \.xml and YOLO \.txt files; pass --format voc or --format yolo\n$/);
  });

  it('an invalid preset JSON names the file, line and column (was a bare JSON.parse message)', async () => {
    const config = at('truncated-preset.json');
    writeFileSync(config, '{\n  "name": "x",\n  "base": "retinanet",\n');
    await rejects([COCO, '--presets', config, '--json', at('never.json')], /^label-assign: compare: .*truncated-preset\.json:4:1: invalid JSON \(/);
  });

  it('an output path that is an input file is refused before it is overwritten (the dataset, a preset config)', async () => {
    const dataset = cocoFile('input-dataset.json', [{ id: 1, width: 64, height: 48 }]);
    const config = at('input-preset.json');
    writeFileSync(config, JSON.stringify({ base: 'fcos', name: 'f2' }));
    const before = [readFileSync(dataset, 'utf8'), readFileSync(config, 'utf8')];
    await rejects([dataset, '--presets', 'fcos', '--csv', dataset], /^label-assign: compare: --csv .*input-dataset\.json is one of the input files; write the output elsewhere\n$/);
    await rejects([dataset, '--presets', config, '--json', config], /^label-assign: compare: --json .*input-preset\.json is one of the input files/);
    expect([readFileSync(dataset, 'utf8'), readFileSync(config, 'utf8')]).toEqual(before);
  });

  it('an output path that would overwrite an annotation or a YOLO sidecar is refused', async () => {
    const voc = at('voc-copy');
    mkdirSync(voc, { recursive: true });
    const xml = readFileSync(fixture('voc/raccoon-1.xml'), 'utf8');
    writeFileSync(join(voc, 'raccoon-1.xml'), xml);
    await rejects([voc, '--presets', 'fcos', '--csv', join(voc, 'raccoon-1.xml')], /^label-assign: compare: --csv .*raccoon-1\.xml is inside the dataset folder and would be read as an annotation file/);
    expect(readFileSync(join(voc, 'raccoon-1.xml'), 'utf8')).toBe(xml);
    await rejects([fixture('yolo/labels/train'), '--presets', 'fcos', '--json', at('image_sizes.json')], /^label-assign: compare: --json .*image_sizes\.json: image_sizes\.json is a file the YOLO loader reads; choose another name\n$/);
  });

  it('a COCO box with a negative width is an error naming the annotation (was skipped as "width < 1")', async () => {
    const dataset = cocoFile('negative-width.json', [{ id: 1, width: 64, height: 48 }], [{ id: 5, image_id: 1, category_id: 1, bbox: [10, 10, -4, 8] }]);
    await rejects([dataset, '--presets', 'fcos', '--json', at('never.json')], /^label-assign: compare: .*negative-width\.json: annotation id 5: bbox \[10, 10, -4, 8\] has a negative width; boxes are \[x, y, width, height\]/);
  });

  it('a box beyond the float32 range is an error naming the annotation (was an Infinity caught deep inside assignMaxIoU)', async () => {
    const dataset = cocoFile('huge-box.json', [{ id: 1, width: 64, height: 48 }], [{ id: 6, image_id: 1, category_id: 1, bbox: [1, 1, 1e300, 1e300] }]);
    await rejects([dataset, '--presets', 'retinanet'], /^label-assign: compare: .*huge-box\.json: annotation id 6: bbox \[1, 1, 1e\+300, 1e\+300\]: corner 1e\+300 is beyond the float32 range/);
  });

  it('a fractional image size in a COCO file is an error naming the image (was a Preset.prepare error without the file)', async () => {
    const dataset = cocoFile('fractional-size.json', [{ id: 3, width: 64.5, height: 48 }]);
    await rejects([dataset, '--presets', 'fcos'], /^label-assign: compare: .*fractional-size\.json: image id 3: width must be an integer > 0, but was 64\.5\n$/);
  });

  it('an image that would need too many priors is an error, not a RangeError crash (exit 1, "internal error")', async () => {
    const dataset = cocoFile('giant-image.json', [{ id: 9, width: 1_000_000, height: 1_000_000 }], [{ id: 1, image_id: 9, category_id: 1, bbox: [1, 1, 10, 10] }]);
    const config = at('unresized.json');
    writeFileSync(config, JSON.stringify({ base: 'retinanet', name: 'unresized', image: { resize: 'none', scale: null } }));
    await rejects(
      [dataset, '--presets', config, '--json', at('never.json')],
      // The preset's error is in compare's words, naming the image (was prefixed "Preset.assign:").
      /^label-assign: compare: image '9' must be small enough for preset 'unresized': its 1000000x1000000 input would need .* priors, more than 20,000,000 \(resize the images/,
    );
  });

  it('a preset error while preparing an image starts with compare and names the image and the preset (was: "Preset.prepare: ...")', async () => {
    // Two images, so that --workers 2 runs them in worker threads (which rebuild the preset).
    const dataset = cocoFile('tiny-image.json', [{ id: 2, width: 64, height: 64 }, { id: 1, width: 1, height: 1 }], [{ id: 1, image_id: 1, category_id: 1, bbox: [0, 0, 1, 9e14] }]);
    const config = at('no-clip.json');
    writeFileSync(config, JSON.stringify({ base: 'retinanet', name: 'no-clip', image: { clip_boxes: false } }));
    for (const workers of ['0', '2']) {
      await rejects(
        [dataset, '--presets', `fcos,${config}`, '--workers', workers, '--json', at('never.json')],
        /^label-assign: compare: image '1'\.boxes\[0\] must be a box whose corners stay within 1000000000000000 after preset 'no-clip' resizes it \(it scales by 800 x 800\), but was 'corner \d+'\n$/,
      );
    }
  });

  it('legal empty datasets give correct empty results: no images, and images whose every box is skipped', async () => {
    const empty = cocoFile('no-images.json', []);
    const io = capture();
    expect(await main(['compare', empty, '--presets', 'retinanet,fcos', '--json', at('no-images.out.json'), '--csv', at('no-images.csv'), '--html', at('no-images.html')], io)).toBe(0);
    expect(io.err()).toBe('');
    expect(io.out()).toMatch(/^label-assign compare: no-images\.json \(coco\): 0 images, 0 objects \(– small, – medium, – large\)\n/);
    const doc = readJson(at('no-images.out.json'));
    expect(validateCompareJson(doc)).toEqual([]);
    expect(doc.images).toEqual([]);
    expect(readFileSync(at('no-images.csv'), 'utf8').trimEnd().split('\n')).toHaveLength(1);

    const skipped = cocoFile('all-skipped.json', [{ id: 1, width: 64, height: 48 }], [{ id: 2, image_id: 1, category_id: 1, bbox: [10, 10, 0.5, 8] }]);
    const io2 = capture();
    expect(await main(['compare', skipped, '--presets', 'fcos', '--json', at('all-skipped.out.json')], io2)).toBe(0);
    // Regression: the header said "1 images".
    expect(io2.out()).toMatch(/^label-assign compare: all-skipped\.json \(coco\): 1 image, 0 objects \(– small, – medium, – large\), 1 box skipped by the loader/);
    const doc2 = readJson(at('all-skipped.out.json'));
    expect(doc2.summary[0]).toMatchObject({ images: 1, objects: 0, withoutPositives: { objects: 0, withoutPositives: 0, share: null } });
    expect(doc2.skipped).toEqual([{ imageId: '1', where: 'annotation id 2', reason: 'width 0.5 < 1 pixel' }]);
  });
});

describe('label-assign compare --help', () => {
  it('lists the preset names, the dataset layouts, the exit codes and examples', async () => {
    const io = capture();
    expect(await main(['compare', '--help'], io)).toBe(0);
    const help = io.out().replace(/\s+/g, ' ');
    expect(help).toContain(`comma-separated preset names (${PRESET_NAMES.join(', ')})`);
    expect(help).toMatch(/a COCO instances \.json file .* a Pascal VOC folder of \.xml files \(or one holding Annotations\/\), or a YOLO label folder of \.txt files \(or one holding labels\/\)/);
    expect(help).toMatch(/--limit <n> only the first n images \(n >= 1\)/);
    expect(help).toMatch(/exit code 0 on success, 2 on a bad argument or input file/);
    expect(help).toMatch(/Examples: label-assign compare /);
    expect(io.err()).toBe('');
  });
});
