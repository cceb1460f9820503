import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCoco, type Dataset } from '../../src/datasets/index.js';
import { expectErrorCode } from '../helpers/assertions.js';

const fixtures = fileURLToPath(new URL('../fixtures/datasets/coco/', import.meta.url));
const instancesTiny = join(fixtures, 'instances_tiny.json');
const compactTiny = join(fixtures, 'compact_tiny.json');

function totals(d: Dataset): { objects: number; ignore: number; empty: number } {
  let objects = 0;
  let ignore = 0;
  let empty = 0;
  for (const im of d.images) {
    objects += im.labels.length;
    ignore += im.ignoreBoxes.length / 4;
    if (im.labels.length === 0) empty++;
    expect(im.boxes.length).toBe(4 * im.labels.length);
  }
  return { objects, ignore, empty };
}

const temp = mkdtempSync(join(tmpdir(), 'label-assign-coco-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));
let counter = 0;
function writeTemp(content: string | object): string {
  const path = join(temp, `case-${counter++}.json`);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content, null, 1));
  return path;
}

const image = { id: 7, width: 100, height: 80, file_name: 'a.jpg' };
const category = { id: 3, name: 'cat' };
const annotation = { id: 11, image_id: 7, category_id: 3, bbox: [10, 20, 30, 40], area: 1200, iscrowd: 0 };
function cocoWith(patch: { images?: unknown; annotations?: unknown; categories?: unknown }): object {
  return { images: [image], annotations: [annotation], categories: [category], ...patch };
}

describe('loadCoco on the COCO instances fixture', () => {
  const d = loadCoco(instancesTiny);

  it('keeps every image in file order, with 0 objects when it has no annotations', () => {
    expect(d.format).toBe('coco');
    expect(d.synthetic).toBe(false);
    expect(d.name).toBe('instances_tiny.json');
    expect(d.images.map((im) => im.id)).toEqual(['42', '438', '250']);
    expect(d.images.map((im) => [im.width, im.height, im.fileName])).toEqual([
      [640, 478, '000000000042.jpg'],
      [640, 480, '000000000438.jpg'],
      [640, 480, '000000000250.jpg'],
    ]);
    expect(d.images[2].labels.length).toBe(0);
    expect(d.images[2].ignoreBoxes.length).toBe(0);
  });

  it('sorts the categories by id and labels objects by their index', () => {
    expect(d.categories).toEqual([
      { id: 1, name: 'person' },
      { id: 18, name: 'dog' },
      { id: 60, name: 'donut' },
    ]);
    expect([...d.images[0].labels]).toEqual([1, 0]);
    expect([...d.images[1].labels]).toEqual(new Array(13).fill(2));
  });

  it('turns [x, y, w, h] into corners, keeps a partly-outside box unclipped', () => {
    const b = d.images[0].boxes;
    expect([...b.subarray(0, 4)]).toEqual([214.15, 41.29, 214.15 + 348.26, 41.29 + 243.78].map(Math.fround));
    expect([...b.subarray(4, 8)]).toEqual([-5, 470, 15, 490]);
  });

  it('turns crowd annotations into ignore regions', () => {
    expect([...d.images[1].ignoreBoxes]).toEqual([39, 48, 442, 351]);
    expect(totals(d)).toEqual({ objects: 15, ignore: 1, empty: 1 });
  });

  it('reports every skipped annotation with its id and reason', () => {
    expect(d.skipped.map((s) => [s.imageId, s.where])).toEqual([
      ['42', 'annotation id 900000001'],
      ['42', 'annotation id 900000002'],
      ['42', 'annotation id 900000003'],
      ['42', 'annotation id 900000004'],
      ['42', 'annotation id 900000005'],
      ['42', 'annotation id 900000007'],
    ]);
    const reasons = d.skipped.map((s) => s.reason);
    expect(reasons[0]).toMatch(/width 0\.5 < 1 pixel/);
    expect(reasons[1]).toMatch(/area 0 <= 0/);
    expect(reasons[2]).toMatch(/outside the 640x478 image/);
    expect(reasons[3]).toMatch(/category_id 12 is not in categories/);
    expect(reasons[4]).toMatch(/ignore: 1/);
    expect(reasons[5]).toMatch(/width 0\.9 < 1 pixel \(a crowd region\)/);
  });

  it('returns frozen data', () => {
    expect(Object.isFrozen(d)).toBe(true);
    expect(Object.isFrozen(d.images)).toBe(true);
    expect(Object.isFrozen(d.images[0])).toBe(true);
  });
});

describe('loadCoco on the compact-boxes-v1 fixture', () => {
  const d = loadCoco(compactTiny, { name: 'tiny' });
  const instances = loadCoco(instancesTiny);

  it('reads the same boxes as the instances layout', () => {
    expect(d.format).toBe('compact');
    expect(d.name).toBe('tiny');
    expect(d.categories).toEqual(instances.categories);
    expect(d.images.map((im) => im.id)).toEqual(['42', '438', '250']);
    // Image 42 has iscrowd null: every box an object; the made-up ones are not in this file.
    expect([...d.images[0].boxes]).toEqual([...instances.images[0].boxes.subarray(0, 4)]);
    expect([...d.images[1].boxes]).toEqual([...instances.images[1].boxes]);
    expect([...d.images[1].labels]).toEqual([...instances.images[1].labels]);
    expect([...d.images[1].ignoreBoxes]).toEqual([39, 48, 442, 351]);
    expect(d.images[2].labels.length).toBe(0);
  });

  it('reports the zero-height box by image id and index', () => {
    expect(d.skipped).toEqual([{ imageId: '438', where: 'image id 438, boxes[14]', reason: 'height 0 < 1 pixel' }]);
  });
});

describe('loadCoco errors name the file and the line, annotation or image', () => {
  it('invalid JSON: file, line and column', () => {
    const path = writeTemp('{\n  "images": [],\n  "annotations": [,]\n}');
    expectErrorCode(() => loadCoco(path), 'io', /^loadCoco: /, new RegExp(`${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3:19: invalid JSON`));
    const truncated = writeTemp('{"images": [');
    expectErrorCode(() => loadCoco(truncated), 'io', /:1:13: invalid JSON \(Unexpected end of JSON input\)/);
    // V8 gives no position for this one; the loader finds it.
    const bare = writeTemp('{\n "images": nan}');
    expectErrorCode(() => loadCoco(bare), 'io', /:2:13: invalid JSON \(Unexpected token 'a'\)/);
  });

  it('a missing file', () => {
    expectErrorCode(() => loadCoco(join(temp, 'nope.json')), 'io', /nope\.json: cannot read the file \(no such file or folder\)/);
  });

  it('missing or mistyped top-level arrays', () => {
    expectErrorCode(() => loadCoco(writeTemp([])), 'io', /the top level must be an object, but was an array/);
    expectErrorCode(() => loadCoco(writeTemp({ images: [], categories: [] })), 'io', /has no 'annotations' array/);
    expectErrorCode(() => loadCoco(writeTemp({ annotations: [], categories: [] })), 'io', /has no 'images' array/);
    expectErrorCode(() => loadCoco(writeTemp({ images: [], annotations: [] })), 'io', /has no 'categories' array/);
    expectErrorCode(() => loadCoco(writeTemp({ images: {}, annotations: [], categories: [] })), 'io', /images must be an array, but was an object/);
    expectErrorCode(() => loadCoco(writeTemp({ format: 'boxes-v9', images: [] })), 'io', /unknown format 'boxes-v9'/);
  });

  it('bad images', () => {
    expectErrorCode(() => loadCoco(writeTemp(cocoWith({ images: [{ id: 7, height: 80 }] }))), 'io', /image id 7: width is missing/);
    expectErrorCode(() => loadCoco(writeTemp(cocoWith({ images: [{ ...image, height: '80' }] }))), 'io', /image id 7: height must be an integer > 0, but was '80'/);
    expectErrorCode(() => loadCoco(writeTemp(cocoWith({ images: [{ ...image, width: 0 }] }))), 'io', /image id 7: width must be an integer > 0, but was 0/);
    expectErrorCode(() => loadCoco(writeTemp(cocoWith({ images: [{ width: 3, height: 3 }] }))), 'io', /images\[0\]: id must be a number or a non-empty string, but was undefined/);
    expectErrorCode(() => loadCoco(writeTemp(cocoWith({ images: [image, image] }))), 'io', /image id 7: duplicate image id 7/);
  });

  it('bad categories', () => {
    expectErrorCode(() => loadCoco(writeTemp(cocoWith({ categories: [{ id: 1.5, name: 'x' }] }))), 'io', /categories\[0\]: id must be an integer, but was 1\.5/);
    expectErrorCode(() => loadCoco(writeTemp(cocoWith({ categories: [{ id: 1 }] }))), 'io', /categories\[0\]: name must be a string, but was undefined/);
    expectErrorCode(() => loadCoco(writeTemp(cocoWith({ categories: [category, category] }))), 'io', /categories\[1\]: duplicate category id 3/);
  });

  it('bad annotations: named by id (or by index when there is none)', () => {
    const bad = (patch: object): string => writeTemp(cocoWith({ annotations: [{ ...annotation, ...patch }] }));
    expectErrorCode(() => loadCoco(bad({ bbox: [1, 2, 3] })), 'io', /annotation id 11: bbox must be \[x, y, w, h\] \(4 numbers\), but was an array of length 3/);
    expectErrorCode(() => loadCoco(bad({ bbox: undefined })), 'io', /annotation id 11: bbox must be .* but was undefined/);
    expectErrorCode(() => loadCoco(bad({ bbox: [1, 2, 'x', 4] })), 'io', /annotation id 11: bbox\[2\] must be a finite number, but was 'x'/);
    expectErrorCode(() => loadCoco(bad({ bbox: [1, 2, null, 4] })), 'io', /annotation id 11: bbox\[2\] must be a finite number, but was null/);
    expectErrorCode(() => loadCoco(bad({ image_id: 8 })), 'io', /annotation id 11: image_id 8 is not in images/);
    expectErrorCode(() => loadCoco(bad({ image_id: undefined })), 'io', /annotation id 11: image_id is missing/);
    expectErrorCode(() => loadCoco(bad({ category_id: 'cat' })), 'io', /annotation id 11: category_id must be a finite number, but was 'cat'/);
    expectErrorCode(() => loadCoco(bad({ area: 'big' })), 'io', /annotation id 11: area must be a finite number, but was 'big'/);
    expectErrorCode(() => loadCoco(bad({ iscrowd: 2 })), 'io', /annotation id 11: iscrowd must be 0 or 1, but was 2/);
    expectErrorCode(() => loadCoco(bad({ id: undefined, bbox: 'x' })), 'io', /annotations\[0\]: bbox must be/);
    expectErrorCode(() => loadCoco(writeTemp(cocoWith({ annotations: [3] }))), 'io', /annotations\[0\]: the annotation must be an object, but was 3/);
  });

  it('malformed boxes and sizes are errors, not skipped boxes or NaN later (regressions)', () => {
    const bad = (patch: object): string => writeTemp(cocoWith({ annotations: [{ ...annotation, ...patch }] }));
    // A negative width or height was skipped as "width -5 < 1 pixel": it is a malformed box.
    expectErrorCode(() => loadCoco(bad({ bbox: [10, 20, -5, 40] })), 'io', /annotation id 11: bbox \[10, 20, -5, 40\] has a negative width; boxes are \[x, y, width, height\] with width, height >= 0/);
    expectErrorCode(() => loadCoco(bad({ bbox: [10, 20, 5, -1] })), 'io', /annotation id 11: bbox \[10, 20, 5, -1\] has a negative height/);
    expectErrorCode(() => loadCoco(bad({ area: -3 })), 'io', /annotation id 11: area must be >= 0, but was -3/);
    // A corner beyond float32 became Infinity in the image's boxes, rejected deep inside an assigner.
    expectErrorCode(() => loadCoco(bad({ bbox: [1, 2, 1e39, 4], area: undefined })), 'io', /annotation id 11: bbox \[1, 2, 1e\+39, 4\]: corner 1e\+39 is beyond the float32 range/);
    // Regression: a corner finite in float32 but beyond 1e15 passed the loader, and the presets
    // (which trust a loader's boxes) would have computed infinite areas from it.
    expectErrorCode(() => loadCoco(bad({ bbox: [1, 2, 1e20, 4], area: undefined })), 'io', /annotation id 11: bbox \[1, 2, 100000000000000000000, 4\]: corner 100000000000000000000 is beyond the float32 range the toolkit computes in \(\|corner\| <= 1000000000000000\)/);
    // A fractional image size was accepted and failed later in Preset.prepare, without the file.
    expectErrorCode(() => loadCoco(writeTemp(cocoWith({ images: [{ ...image, width: 100.5 }] }))), 'io', /case-\d+\.json: image id 7: width must be an integer > 0, but was 100\.5/);
    const compact = (box: number[]): string => writeTemp({ format: 'compact-boxes-v1', categories: [category], images: [{ id: 5, width: 50, height: 40, boxes: [box], category_ids: [3], iscrowd: null }] });
    expectErrorCode(() => loadCoco(compact([1, 2, -3, 4])), 'io', /image id 5, boxes\[0\]: the box \[1, 2, -3, 4\] has a negative width/);
    // Degenerate but well-formed boxes are still skipped and reported, as mmdetection skips them.
    expect(loadCoco(bad({ bbox: [10, 20, 0, 40], area: 0 })).skipped).toEqual([{ imageId: '7', where: 'annotation id 11', reason: 'width 0 < 1 pixel' }]);
  });

  it('an annotation without area or iscrowd uses w * h and 0', () => {
    const d = loadCoco(writeTemp(cocoWith({ annotations: [{ id: 1, image_id: 7, category_id: 3, bbox: [1, 2, 3, 4] }] })));
    expect([...d.images[0].boxes]).toEqual([1, 2, 4, 6]);
    expect(d.skipped).toEqual([]);
  });

  it('bad compact files', () => {
    const compact = (img: object, extra: object = {}): string =>
      writeTemp({ format: 'compact-boxes-v1', categories: [category], images: [{ id: 5, width: 50, height: 40, boxes: [[1, 2, 3, 4]], category_ids: [3], iscrowd: null, ...img }], ...extra });
    expectErrorCode(() => loadCoco(compact({ category_ids: [] })), 'io', /image id 5: category_ids has 0 entries but boxes has 1/);
    expectErrorCode(() => loadCoco(compact({ iscrowd: [0, 1] })), 'io', /image id 5: iscrowd has 2 entries but boxes has 1/);
    expectErrorCode(() => loadCoco(compact({ boxes: [[1, 2, 3]] })), 'io', /image id 5, boxes\[0\]: must be \[x, y, w, h\]/);
    expectErrorCode(() => loadCoco(compact({ boxes: [[1, 2, 'w', 4]] })), 'io', /image id 5, boxes\[0\]: \[2\] must be a finite number, but was 'w'/);
    expectErrorCode(() => loadCoco(compact({ boxes: undefined })), 'io', /image id 5: has no 'boxes' array/);
    expectErrorCode(() => loadCoco(compact({ height: -1 })), 'io', /image id 5: height must be an integer > 0, but was -1/);
    expectErrorCode(() => loadCoco(compact({}, { bbox_format: 'xyxy' })), 'io', /bbox_format must start with 'xywh', but was 'xyxy'/);
  });

  it('bad options', () => {
    expectErrorCode(() => loadCoco(instancesTiny, { nmae: 'x' } as never), 'invalid-config', /loadCoco: unknown option 'nmae' in options; did you mean 'name'\?/);
    expectErrorCode(() => loadCoco(instancesTiny, { name: '' }), 'invalid-argument', /loadCoco: options\.name must be a non-empty string/);
  });
});

const shared = fileURLToPath(new URL('../../../shared/data/', import.meta.url));
const hasShared = existsSync(join(shared, 'coco_val2017_subset500.json'));
if (!hasShared) console.warn(`[datasets] ../shared/data is absent: skipping the COCO tests on the real files (looked in ${shared})`);

describe.skipIf(!hasShared)(`loadCoco on the real COCO files in ../shared/data (counts from its README)${hasShared ? '' : ' (skipped: ../shared/data is absent)'}`, () => {
  it('the val2017 500-image subset, compact layout: 500 images, 3,854 boxes, 3 empty, 80 categories', () => {
    const d = loadCoco(join(shared, 'coco_val2017_subset500.json'));
    expect(d.format).toBe('compact');
    expect(d.images.length).toBe(500);
    expect(totals(d)).toEqual({ objects: 3854, ignore: 0, empty: 3 });
    expect(d.categories.length).toBe(80);
    expect(d.skipped).toEqual([]);
    expect(d.images[0].id).toBe('139');
    expect([...d.images[0].boxes.subarray(0, 4)]).toEqual([236, 142, 261, 212]);
  });

  it('the same subset in the instances layout gives the same images and boxes', () => {
    const d = loadCoco(join(shared, 'coco_val2017_subset500_instances.json'));
    const c = loadCoco(join(shared, 'coco_val2017_subset500.json'));
    expect(d.format).toBe('coco');
    expect(d.images.length).toBe(500);
    expect(totals(d)).toEqual({ objects: 3854, ignore: 0, empty: 3 });
    expect(d.categories).toEqual(c.categories);
    for (let i = 0; i < 500; i++) {
      expect(d.images[i].id).toBe(c.images[i].id);
      expect(d.images[i].boxes).toEqual(c.images[i].boxes);
      expect(d.images[i].labels).toEqual(c.images[i].labels);
    }
  });

  it('original val2017 (COCO_Tiny): 80 images, 815 annotations of which 11 crowd -> ignore', () => {
    const d = loadCoco(join(shared, 'coco_original/coco_tiny_val2017_80img_instances.json'));
    expect(d.images.length).toBe(80);
    expect(totals(d)).toEqual({ objects: 804, ignore: 11, empty: 0 });
    expect(d.categories.length).toBe(80);
    expect(d.skipped).toEqual([]);
  });

  it('original train2017 (coco128): 128 images, 939 annotations of which 10 crowd -> ignore', () => {
    const d = loadCoco(join(shared, 'coco_original/coco128_train2017_instances.json'));
    expect(d.images.length).toBe(128);
    expect(totals(d)).toEqual({ objects: 929, ignore: 10, empty: 2 });
    expect(d.categories.length).toBe(80);
    expect(d.skipped).toEqual([]);
  });

  it('VOC2007 val as COCO JSON: 2,510 images, 7,818 objects, 1,511 iscrowd (= difficult) -> ignore', () => {
    const d = loadCoco(join(shared, 'voc_sample/pascal_voc2007_val_coco.json'));
    expect(d.images.length).toBe(2510);
    expect(totals(d)).toEqual({ objects: 7818 - 1511, ignore: 1511, empty: expect.any(Number) });
    expect(d.categories.map((c) => c.name).slice(0, 3)).toEqual(['aeroplane', 'bicycle', 'bird']);
    expect(d.categories.length).toBe(20);
    expect(d.skipped).toEqual([]);
  });
});
