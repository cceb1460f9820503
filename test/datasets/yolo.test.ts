import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadYolo, resolveYoloOptions } from '../../src/datasets/index.js';
import { expectErrorCode } from '../helpers/assertions.js';

const root = fileURLToPath(new URL('../fixtures/datasets/yolo', import.meta.url));
const train = join(root, 'labels', 'train');

// Case folders sit two levels below the temporary root, so that the search for classes.txt
// and image_sizes.json (the folder and two above it) never leaves it.
const temp = mkdtempSync(join(tmpdir(), 'label-assign-yolo-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));
let counter = 0;
/** A label folder with the given files; returns the folder. */
function folderWith(files: Record<string, string>): string {
  const dir = join(temp, 'x', 'y', `case-${counter++}`);
  mkdirSync(dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

/** The box the loader must give for a normalised line on a `width x height` image, in float32. */
function expectedBox(cx: number, cy: number, w: number, h: number, width: number, height: number): number[] {
  const x = (cx - w / 2) * width;
  const y = (cy - h / 2) * height;
  return [x, y, x + w * width, y + h * height].map(Math.fround);
}

describe('loadYolo on the fixture folder', () => {
  it('an image whose size is null in the sidecar is an error naming its file by default', () => {
    expectErrorCode(
      () => loadYolo(train),
      'io',
      /^loadYolo: /,
      /000000000656\.txt: image size unknown: .*image_sizes\.json gives null for '000000000656' \(unknownSize: 'skip' leaves such images out/,
    );
  });

  const d = loadYolo(train, { unknownSize: 'skip' });

  it('with unknownSize: skip, leaves that image out and reports each of its boxes', () => {
    expect(d.format).toBe('yolo');
    expect(d.name).toBe('train');
    expect(d.images.map((im) => im.id)).toEqual(['000000000009', '000000000025', '000000000250']);
    expect(d.skipped.map((s) => [s.imageId, s.where])).toEqual([
      ['000000000656', '000000000656.txt:1'],
      ['000000000656', '000000000656.txt:2'],
      ['000000000656', '000000000656.txt:3'],
    ]);
    expect(d.skipped[0].reason).toMatch(/^image left out: image size unknown: .*image_sizes\.json gives null for '000000000656'$/);
  });

  it('sizes come from the sidecar group named like the folder, or another group', () => {
    expect(d.images.map((im) => [im.width, im.height, im.fileName])).toEqual([
      [640, 480, '000000000009.jpg'],
      [640, 426, '000000000025.jpg'],
      [640, 480, '000000000250.jpg'],
    ]);
  });

  it('classes from classes.txt two folders up; labels are the class ids', () => {
    expect(d.categories.length).toBe(80);
    expect(d.categories[0]).toEqual({ id: 0, name: 'person' });
    expect(d.categories[45]).toEqual({ id: 45, name: 'bowl' });
    expect([...d.images[0].labels]).toEqual([45, 45, 50, 45, 49, 49, 49, 49]);
    expect([...d.images[1].labels]).toEqual([23, 23]);
  });

  it('converts normalised cx cy w h to pixel corners; an empty file is an image without objects', () => {
    expect([...d.images[0].boxes.subarray(0, 4)]).toEqual(expectedBox(0.479492, 0.688771, 0.955609, 0.5955, 640, 480));
    expect([...d.images[1].boxes.subarray(4, 8)]).toEqual(expectedBox(0.185977, 0.901608, 0.206297, 0.129554, 640, 426));
    expect(d.images[2].labels.length).toBe(0);
    expect(d.images.every((im) => im.ignoreBoxes.length === 0)).toBe(true);
  });

  it('one imageSize for all images replaces the sidecar', () => {
    const all = loadYolo(train, { imageSize: [100, 50], name: 'fixed' });
    expect(all.name).toBe('fixed');
    expect(all.images.length).toBe(4);
    expect(all.images.every((im) => im.width === 100 && im.height === 50)).toBe(true);
    expect(all.skipped).toEqual([]);
    expect([...all.images[0].boxes.subarray(0, 4)]).toEqual(expectedBox(0.479492, 0.688771, 0.955609, 0.5955, 100, 50));
  });

  it('imageSizes as a map; classNames given', () => {
    const sized = loadYolo(train, {
      imageSizes: { '000000000009': [10, 10], '000000000025': [20, 20], '000000000250': [30, 30], '000000000656': [40, 40] },
      classNames: Array.from({ length: 80 }, (_, i) => `c${i}`),
    });
    expect(sized.images.map((im) => im.width)).toEqual([10, 20, 30, 40]);
    expect(sized.categories[45]).toEqual({ id: 45, name: 'c45' });
  });

  it('a dataset folder with one labels/ subfolder per split asks for one of them', () => {
    expectErrorCode(() => loadYolo(root), 'io', /labels\/ holds one folder per split; load one of them: .*labels[/\\]train/);
  });
});

describe('loadYolo on label folders without classes.txt or sidecar', () => {
  it('reads a labels/ subfolder; classes named by their number; skips and reports tiny boxes', () => {
    const dir = folderWith({});
    mkdirSync(join(dir, 'labels'));
    writeFileSync(join(dir, 'labels', 'img.txt'), '2 0.5 0.5 0.5 0.5\r\n\r\n0 0.5 0.5 0.001 0.5\n  \n1 0.5 0.5 0 0.2\n');
    const d = loadYolo(dir, { imageSize: [200, 100] });
    expect(d.categories).toEqual([
      { id: 0, name: '0' },
      { id: 1, name: '1' },
      { id: 2, name: '2' },
    ]);
    expect([...d.images[0].boxes]).toEqual([50, 25, 150, 75]);
    expect([...d.images[0].labels]).toEqual([2]);
    expect(d.skipped).toEqual([
      { imageId: 'img', where: 'img.txt:3', reason: 'width 0.2 < 1 pixel' },
      { imageId: 'img', where: 'img.txt:5', reason: 'width 0 < 1 pixel' },
    ]);
  });

  it('a box outside the image (within the slack) is skipped and reported', () => {
    const dir = folderWith({ 'a.txt': '0 1.0005 0.5 0.001 0.5\n' });
    const d = loadYolo(dir, { imageSize: [2000, 100] });
    expect(d.skipped).toHaveLength(1);
    expect(d.skipped[0].reason).toMatch(/^outside the 2000x100 image/);
  });
});

describe('loadYolo errors name the file and line', () => {
  const size = { imageSize: [640, 480] as const };

  it('malformed lines', () => {
    const cases: [string, RegExp][] = [
      ['0 0.5 0.5 0.5\n', /a\.txt:1: expected 5 values 'class cx cy w h', found 4/],
      ['0 0.5 0.5 0.5 0.5\n0 0.5 0.5 0.5 0.5 0.1\n', /a\.txt:2: expected 5 values 'class cx cy w h', found 6/],
      ['\n0 0.1 0.1 0.2 0.1 0.2 0.2\n', /a\.txt:2: expected 5 values .*found 7 \(a segmentation polygon\? only boxes are read\)/],
      ['x 0.5 0.5 0.5 0.5\n', /a\.txt:1: class must be a non-negative integer, but was 'x'/],
      ['1.5 0.5 0.5 0.5 0.5\n', /a\.txt:1: class must be a non-negative integer, but was '1\.5'/],
      ['-1 0.5 0.5 0.5 0.5\n', /a\.txt:1: class must be a non-negative integer, but was '-1'/],
      ['0 0.5 abc 0.5 0.5\n', /a\.txt:1: cy must be a decimal number, but was 'abc'/],
      ['0 0.5 0.5 nan 0.5\n', /a\.txt:1: w must be a decimal number, but was 'nan'/],
      // Regression: Number() read these as 1, 1, 0 and 1; the reference's float() refuses them.
      ['0 0.5 0.5 0x1 0.5\n', /a\.txt:1: w must be a decimal number, but was '0x1'/],
      ['0 0.5 0.5 0.2 0b1\n', /a\.txt:1: h must be a decimal number, but was '0b1'/],
      ['0 0x0 0.5 0.2 0.2\n', /a\.txt:1: cx must be a decimal number, but was '0x0'/],
      ['0 0.5 0o1 0.2 0.2\n', /a\.txt:1: cy must be a decimal number, but was '0o1'/],
      ['0 320 240 50 60\n', /a\.txt:1: cx must be normalised to \[0, 1\], but was 320 \(pixel coordinates\?\)/],
      ['0 0.5 0.5 0.5 -0.2\n', /a\.txt:1: h must be normalised to \[0, 1\], but was -0\.2$/],
      // Regression: a negative size within the rounding slack was skipped as "width -0.32 < 1 pixel".
      ['0 0.5 0.5 -0.0005 0.2\n', /a\.txt:1: w must be normalised to \[0, 1\], but was -0\.0005$/],
    ];
    for (const [content, message] of cases) expectErrorCode(() => loadYolo(folderWith({ 'a.txt': content }), size), 'io', /^loadYolo: /, message);
  });

  it('a class beyond the class names', () => {
    const dir = folderWith({ 'a.txt': '0 0.5 0.5 0.5 0.5\n3 0.5 0.5 0.5 0.5\n', 'classes.txt': 'cat\ndog\n' });
    expectErrorCode(() => loadYolo(dir, size), 'io', /a\.txt:2: class 3 is not below the number of class names \(2\)/);
    expectErrorCode(() => loadYolo(dir, { ...size, classNames: ['a'] }), 'io', /a\.txt:2: class 3 is not below the number of class names \(1\)/);
  });

  it('a huge class id without class names is an error (was: out of memory allocating every category up to it)', () => {
    expectErrorCode(() => loadYolo(folderWith({ 'a.txt': '99999999 0.5 0.5 0.5 0.5\n' }), size), 'io', /a\.txt:1: class 99999999 is too large: without class names \(classes\.txt or classNames\) class ids must be below 100000/);
    expect(loadYolo(folderWith({ 'a.txt': '99999 0.5 0.5 0.5 0.5\n' }), size).categories).toHaveLength(100_000);
  });

  it('a bad classes.txt', () => {
    const dir = folderWith({ 'a.txt': '0 0.5 0.5 0.5 0.5\n', 'classes.txt': 'cat\n\ndog\n' });
    expectErrorCode(() => loadYolo(dir, size), 'io', /classes\.txt:2: empty class name/);
    expectErrorCode(() => loadYolo(folderWith({ 'a.txt': '', 'classes.txt': '\n\n' }), size), 'io', /classes\.txt: has no class names/);
  });

  it('unknown image sizes', () => {
    const noSidecar = folderWith({ 'a.txt': '0 0.5 0.5 0.5 0.5\n' });
    expectErrorCode(
      () => loadYolo(noSidecar),
      'io',
      /a\.txt: no image size: give imageSize: \[width, height\], or imageSizes .* no image_sizes\.json was found near the labels/,
    );
    const missing = folderWith({ 'a.txt': '0 0.5 0.5 0.5 0.5\n', 'b.txt': '', 'image_sizes.json': '{"a": [10, 20]}' });
    expectErrorCode(() => loadYolo(missing), 'io', /b\.txt: no image size: .*image_sizes\.json has no entry 'b'/);
    const skipped = loadYolo(missing, { unknownSize: 'skip' });
    expect(skipped.images.map((im) => im.id)).toEqual(['a']);
    expect(skipped.skipped).toEqual([
      { imageId: 'b', where: 'b.txt', reason: expect.stringMatching(/^image left out: no image size: .*has no entry 'b' \(the file has no boxes\)$/) },
    ]);
  });

  it('bad sidecars', () => {
    const label = { 'a.txt': '0 0.5 0.5 0.5 0.5\n' };
    expectErrorCode(() => loadYolo(folderWith({ ...label, 'image_sizes.json': '{"a": [10, 0]}' })), 'io', /image_sizes\.json: 'a': must be \[width, height\] \(two positive integers\) or null, but was \[10,0\]/);
    expectErrorCode(() => loadYolo(folderWith({ ...label, 'image_sizes.json': '{"g": {"a": [10]}}' })), 'io', /image_sizes\.json: 'g\.a': must be \[width, height\]/);
    expectErrorCode(() => loadYolo(folderWith({ ...label, 'image_sizes.json': '{"a": [10, 20],\n}' })), 'io', /image_sizes\.json:2:1: invalid JSON/);
    expectErrorCode(() => loadYolo(folderWith({ ...label, 'image_sizes.json': '[]' })), 'io', /image_sizes\.json: the top level must be an object, but was an array/);
    expectErrorCode(() => loadYolo(folderWith(label), { imageSizes: { a: 'big' } }), 'io', /options\.imageSizes: 'a': must be \[width, height\]/);
    expectErrorCode(() => loadYolo(folderWith(label), { imageSizes: join(temp, 'none.json') }), 'io', /none\.json: cannot read the file/);
  });

  it('image sizes are whole pixels (regressions)', () => {
    const label = { 'a.txt': '0 0.5 0.5 0.5 0.5\n' };
    // Fractional sizes were accepted and failed later in Preset.prepare, without the file.
    expectErrorCode(() => loadYolo(folderWith(label), { imageSize: [640.5, 480] }), 'invalid-argument', /loadYolo: options\.imageSize must be \[width, height\], two positive integers, but was an array of length 2/);
    expectErrorCode(() => loadYolo(folderWith({ ...label, 'image_sizes.json': '{"a": [640.5, 480]}' })), 'io', /image_sizes\.json: 'a': must be \[width, height\] \(two positive integers\) or null, but was \[640\.5,480\]/);
    // A size beyond the safe integers (whose boxes could overflow float32) is not a pixel size.
    expectErrorCode(() => loadYolo(folderWith(label), { imageSize: [1e300, 480] }), 'invalid-argument', /options\.imageSize must be \[width, height\], two positive integers/);
  });

  it('folders without labels', () => {
    expectErrorCode(() => loadYolo(folderWith({ 'classes.txt': 'a\n' })), 'io', /no YOLO label files \(\.txt\) in this folder \(nor in its labels\/ subfolder\)/);
  });

  it('bad options', () => {
    const dir = folderWith({ 'a.txt': '' });
    expectErrorCode(() => loadYolo(dir, { imageSize: [640] as never }), 'invalid-argument', /loadYolo: options\.imageSize must be \[width, height\], two positive integers, but was an array of length 1/);
    expectErrorCode(() => loadYolo(dir, { imageSize: [640, 0] }), 'invalid-argument', /options\.imageSize must be \[width, height\]/);
    expectErrorCode(() => loadYolo(dir, { imageSize: [640, 480], imageSizes: {} }), 'invalid-argument', /options\.imageSizes must be left out when options\.imageSize is given/);
    expectErrorCode(() => loadYolo(dir, { imageSizes: 3 as never }), 'invalid-argument', /options\.imageSizes must be a path to a JSON file or an object/);
    expectErrorCode(() => loadYolo(dir, { unknownSize: 'ignore' as never }), 'invalid-argument', /options\.unknownSize must be 'error' or 'skip', but was 'ignore'/);
    expectErrorCode(() => loadYolo(dir, { imagesize: [1, 1] } as never), 'invalid-config', /unknown option 'imagesize'.*did you mean 'imageSize'/);
    expect(resolveYoloOptions({})).toEqual({ imageSize: null, imageSizes: null, classNames: null, unknownSize: 'error', name: null });
  });
});

const shared = fileURLToPath(new URL('../../../shared/data/', import.meta.url));
const labels = join(shared, 'yolo_sample/labels');
const hasShared = existsSync(join(labels, 'val2017'));
if (!hasShared) console.warn(`[datasets] ../shared/data is absent: skipping the YOLO tests on the coco128 labels (looked in ${shared})`);

describe.skipIf(!hasShared)(`loadYolo on the coco128 YOLO labels in ../shared/data (with image_sizes.json)${hasShared ? '' : ' (skipped: ../shared/data is absent)'}`, () => {
  const count = (d: ReturnType<typeof loadYolo>): number => d.images.reduce((n, im) => n + im.labels.length, 0);

  it('val2017: 128 files, 898 boxes', () => {
    const d = loadYolo(join(labels, 'val2017'));
    expect(d.images.length).toBe(128);
    expect(count(d)).toBe(898);
    expect(d.skipped).toEqual([]);
    expect(d.categories.length).toBe(80);
    expect([d.images[0].id, d.images[0].width, d.images[0].height]).toEqual(['000000000139', 640, 426]);
  });

  it('train2017: 128 files, 941 boxes; two files have no known size (null)', () => {
    expectErrorCode(() => loadYolo(join(labels, 'train2017')), 'io', /000000000656\.txt: image size unknown/);
    const d = loadYolo(join(labels, 'train2017'), { unknownSize: 'skip' });
    expect(d.images.length).toBe(126);
    expect(count(d) + d.skipped.length).toBe(941);
    expect(new Set(d.skipped.map((s) => s.imageId))).toEqual(new Set(['000000000656', '000000000659']));
    const all = loadYolo(join(labels, 'train2017'), { imageSize: [640, 640] });
    expect(all.images.length).toBe(128);
    expect(count(all)).toBe(941);
    expect(all.skipped).toEqual([]);
  });
});
