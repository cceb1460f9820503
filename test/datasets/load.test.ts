import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { cliLoaderNames } from '../../src/cli/compare.js';
import { detectDatasetFormat, loadCoco, loadDataset, loadVoc, loadYolo, type Dataset } from '../../src/datasets/index.js';
import { loadDatasetAs } from '../../src/datasets/load.js';
import { expectErrorCode } from '../helpers/assertions.js';

const fixtures = fileURLToPath(new URL('../fixtures/datasets/', import.meta.url));

const temp = mkdtempSync(join(tmpdir(), 'label-assign-load-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** Everything but the name, for comparing a loader's result with loadDataset's. */
function content(d: Dataset): unknown {
  return { format: d.format, categories: d.categories, images: d.images, skipped: d.skipped };
}

describe('loadDataset detects the format', () => {
  it('a .json file: COCO instances or compact boxes, by content', () => {
    expect(detectDatasetFormat(join(fixtures, 'coco/instances_tiny.json'))).toBe('coco');
    const coco = loadDataset(join(fixtures, 'coco/instances_tiny.json'));
    expect(coco.format).toBe('coco');
    expect(content(coco)).toEqual(content(loadCoco(join(fixtures, 'coco/instances_tiny.json'))));
    const compact = loadDataset(join(fixtures, 'coco/compact_tiny.json'), { name: 'c' });
    expect(compact.format).toBe('compact');
    expect(compact.name).toBe('c');
  });

  it('a folder of .xml files: VOC, with its options', () => {
    expect(detectDatasetFormat(join(fixtures, 'voc'))).toBe('voc');
    const voc = loadDataset(join(fixtures, 'voc'), { difficultAsIgnore: false });
    expect(content(voc)).toEqual(content(loadVoc(join(fixtures, 'voc'), { difficultAsIgnore: false })));
  });

  it('a folder of .txt labels: YOLO, with its options', () => {
    const train = join(fixtures, 'yolo/labels/train');
    expect(detectDatasetFormat(train)).toBe('yolo');
    const yolo = loadDataset(train, { unknownSize: 'skip' });
    expect(content(yolo)).toEqual(content(loadYolo(train, { unknownSize: 'skip' })));
  });

  it('writes its messages in the words of the caller: a command names its flags, from the start', () => {
    const both = join(temp, 'both-cli');
    mkdirSync(both);
    writeFileSync(join(both, 'a.txt'), '0 0.5 0.5 0.5 0.5\n');
    writeFileSync(join(both, 'b.xml'), '<annotation><size><width>4</width><height>4</height></size></annotation>');
    const names = cliLoaderNames('inspect');
    expectErrorCode(() => detectDatasetFormat(both, names), 'io', /^inspect: .*both-cli: holds both VOC \.xml and YOLO \.txt files; pass --format voc or --format yolo$/);
    expectErrorCode(
      () => loadDatasetAs(names, both, { format: 'yolo' }),
      'io',
      /^inspect: .*a\.txt: no image size: give --image-size WxH, or --image-sizes FILE \(a JSON file of stem -> \[width, height\]\); no image_sizes\.json was found near the labels \(--unknown-size skip leaves such images out, reporting their boxes\)$/,
    );
    expectErrorCode(() => loadDatasetAs(names, both, { format: 'yolo', unknownSize: 'later' as never }), 'invalid-argument', /^inspect: --unknown-size must be 'error' or 'skip', but was 'later'$/);
  });

  it('format forces a reading', () => {
    const both = join(temp, 'both');
    mkdirSync(both);
    writeFileSync(join(both, 'a.txt'), '0 0.5 0.5 0.5 0.5\n');
    writeFileSync(join(both, 'b.xml'), '<annotation><size><width>4</width><height>4</height></size></annotation>');
    expectErrorCode(() => loadDataset(both), 'io', /holds both VOC \.xml and YOLO \.txt files; pass format: 'voc' or 'yolo'/);
    expect(loadDataset(both, { format: 'voc' }).images.map((im) => im.id)).toEqual(['b']);
    expect(loadDataset(both, { format: 'yolo', imageSize: [4, 4] }).images.map((im) => im.id)).toEqual(['a']);
  });

  it('paths that hold no dataset', () => {
    expectErrorCode(() => loadDataset(join(temp, 'nothing-here')), 'io', /^loadDataset: .*nothing-here: no such file or folder/);
    const text = join(temp, 'notes.csv');
    writeFileSync(text, 'a,b\n');
    expectErrorCode(() => loadDataset(text), 'io', /notes\.csv: not a dataset: expected a COCO \.json file/);
    const empty = join(temp, 'empty');
    mkdirSync(empty);
    expectErrorCode(() => loadDataset(empty), 'io', /empty: no dataset found/);
    expectErrorCode(() => loadDataset(join(fixtures, 'yolo')), 'io', /labels\/ holds one folder per split/);
  });

  it('loader errors come through with loadDataset as the function name', () => {
    const bad = join(temp, 'bad.json');
    writeFileSync(bad, '{"images": [], "annotations": [], "categories": [{"id": 1}]}');
    expectErrorCode(() => loadDataset(bad), 'io', /^loadDataset: .*bad\.json: categories\[0\]: name must be a string/);
  });

  it('options: unknown keys, keys of another format, bad format', () => {
    const coco = join(fixtures, 'coco/instances_tiny.json');
    expectErrorCode(() => loadDataset(coco, { fromat: 'coco' } as never), 'invalid-config', /unknown option 'fromat'.*did you mean 'format'/);
    expectErrorCode(
      () => loadDataset(coco, { imageSize: [640, 480] }),
      'invalid-config',
      /loadDataset: option 'imageSize' does not apply to a COCO JSON file \(.*\); its options are: name/,
    );
    expectErrorCode(() => loadDataset(join(fixtures, 'voc'), { unknownSize: 'skip' }), 'invalid-config', /option 'unknownSize' does not apply to a Pascal VOC XML folder/);
    expectErrorCode(() => loadDataset(coco, { format: 'kitti' as never }), 'invalid-argument', /options\.format must be 'coco', 'voc' or 'yolo', but was 'kitti'/);
    expectErrorCode(() => loadDataset('' as never), 'invalid-argument', /loadDataset: path must be a non-empty path/);
  });
});

const shared = fileURLToPath(new URL('../../../shared/data/', import.meta.url));
const hasShared = existsSync(join(shared, 'coco_val2017_subset500.json'));
if (!hasShared) console.warn(`[datasets] ../shared/data is absent: skipping loadDataset on the real files (looked in ${shared})`);

/** `[images, objects, ignore regions, images without objects, categories, skipped]`. */
function counts(d: Dataset): number[] {
  let objects = 0;
  let ignore = 0;
  let empty = 0;
  for (const im of d.images) {
    objects += im.labels.length;
    ignore += im.ignoreBoxes.length / 4;
    if (im.labels.length === 0 && im.ignoreBoxes.length === 0) empty++;
  }
  return [d.images.length, objects, ignore, empty, d.categories.length, d.skipped.length];
}

describe.skipIf(!hasShared)(`loadDataset on every real file in ../shared/data: the counts of its README${hasShared ? '' : ' (skipped: ../shared/data is absent)'}`, () => {
  const cases: [string, object, string, number[]][] = [
    ['coco_val2017_subset500.json', {}, 'compact', [500, 3854, 0, 3, 80, 0]],
    ['coco_val2017_subset500_instances.json', {}, 'coco', [500, 3854, 0, 3, 80, 0]],
    ['coco_original/coco_tiny_val2017_80img_instances.json', {}, 'coco', [80, 815 - 11, 11, 0, 80, 0]],
    ['coco_original/coco128_train2017_instances.json', {}, 'coco', [128, 939 - 10, 10, 2, 80, 0]],
    ['voc_sample/pascal_voc2007_val_coco.json', {}, 'coco', [2510, 7818 - 1511, 1511, 0, 20, 0]],
    ['voc_sample/raccoon_xml', {}, 'voc', [200, 217, 0, 0, 1, 0]],
    ['yolo_sample/labels/val2017', {}, 'yolo', [128, 898, 0, 0, 80, 0]],
    ['yolo_sample/labels/train2017', { imageSize: [640, 480] }, 'yolo', [128, 941, 0, 0, 80, 0]],
  ];
  for (const [path, options, format, expected] of cases) {
    it(`${path}: ${expected[0]} images, ${expected[1]} objects, ${expected[2]} ignore regions`, () => {
      const d = loadDataset(join(shared, path), options);
      expect(d.format).toBe(format);
      expect(d.synthetic).toBe(false);
      expect(counts(d)).toEqual(expected);
    });
  }
});
