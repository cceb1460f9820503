import { existsSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { cocoOrCompactFromJson, readCocoJson } from '../../src/datasets/coco.js';
import { loadCoco, type Dataset } from '../../src/datasets/index.js';
import { CHUNK_BYTES, readJsonFile } from '../../src/datasets/json-file.js';
import { LabelAssignError } from '../../src/errors.js';
import { expectErrorCode } from '../helpers/assertions.js';

const temp = mkdtempSync(join(tmpdir(), 'label-assign-json-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));
let counter = 0;
function writeTemp(content: string | Buffer): string {
  const path = join(temp, `case-${counter++}.json`);
  writeFileSync(path, content);
  return path;
}

/** The error message of `fn`, or '' when it does not throw. */
function message(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(LabelAssignError);
    return (error as LabelAssignError).message;
  }
  return '';
}

/** A file loaded as COCO, streamed whatever its size. */
function loadStreamed(path: string): Dataset {
  return cocoOrCompactFromJson('loadCoco', path, readCocoJson('loadCoco', path, 0), basename(path));
}

/**
 * A COCO file of `images` images with `perImage` annotations each, every annotation with a
 * polygon of 30 numbers, non-ASCII names (multi-byte characters fall on chunk boundaries), a
 * crowd region and skipped boxes here and there.
 */
function generatedCoco(images: number, perImage: number): object {
  const out = { info: { description: 'generated · données' }, images: [] as object[], annotations: [] as object[], categories: [] as object[] };
  for (let c = 1; c <= 5; c++) out.categories.push({ id: c, name: `catégorie ${c} 猫`, supercategory: 'x' });
  let id = 1;
  for (let i = 1; i <= images; i++) {
    out.images.push({ id: i, width: 640, height: 480, file_name: `image-${i}-é.jpg`, coco_url: 'http://example.invalid/a.jpg' });
    for (let k = 0; k < perImage; k++) {
      const x = (i * 7 + k * 13) % 600;
      const segmentation = [Array.from({ length: 30 }, (_, j) => Math.round((x + j * 1.37) * 100) / 100)];
      out.annotations.push({ id: id++, image_id: i, category_id: 1 + (k % 5), bbox: [x, 10 + k, k === 3 ? 0.5 : 30.25, 40.5], area: 1000, iscrowd: k === 4 ? 1 : 0, segmentation });
    }
  }
  return out;
}

describe('readJsonFile: large files are streamed, with the same result as a whole parse', () => {
  it('a generated COCO file of several chunks loads the same streamed as parsed whole (polygons dropped on the way)', () => {
    const path = writeTemp(JSON.stringify(generatedCoco(1500, 6)));
    const whole = loadCoco(path);
    const streamed = loadStreamed(path);
    expect(streamed).toEqual(whole);
    expect(whole.images).toHaveLength(1500);
    expect(whole.skipped.length).toBe(1500);
    // The streamed value keeps what the loader reads, and no polygon.
    const root = readCocoJson('loadCoco', path, 0) as { annotations: Record<string, unknown>[]; info?: unknown };
    expect(root.info).toBeUndefined();
    expect(Object.keys(root.annotations[0]).sort()).toEqual(['area', 'bbox', 'category_id', 'id', 'image_id', 'iscrowd']);
  });

  it('the bundled COCO and compact fixtures load the same streamed as parsed whole', () => {
    const fixtures = fileURLToPath(new URL('../fixtures/datasets/coco/', import.meta.url));
    for (const name of ['instances_tiny.json', 'compact_tiny.json']) expect(loadStreamed(join(fixtures, name))).toEqual(loadCoco(join(fixtures, name)));
    const sizes = fileURLToPath(new URL('../fixtures/datasets/yolo/image_sizes.json', import.meta.url));
    expect(readJsonFile('t', sizes, { streamAbove: 0 })).toEqual(readJsonFile('t', sizes));
  });

  it('the loader says the same about a wrongly shaped file, streamed or not', () => {
    const shapes = [
      '{"images": {"a": 1}, "annotations": [], "categories": []}',
      '{"images": [1], "annotations": [], "categories": []}',
      '{"images": [], "annotations": 5, "categories": []}',
      '{"images": [], "categories": []}',
      '{"format": [1, 2, 3], "images": []}',
      '{"format": "compact-boxes-v1", "bbox_format": "xyxy", "images": [], "categories": []}',
      '[1, 2, 3]',
      '"text"',
      // The last of two equal keys counts, as in JSON.parse.
      '{"images": [{"id": 1, "width": 2, "height": 2}], "images": {}, "annotations": [], "categories": []}',
    ];
    for (const text of shapes) {
      const path = writeTemp(text);
      const whole = message(() => loadCoco(path));
      expect(whole).not.toBe('');
      expect(message(() => loadStreamed(path))).toBe(whole);
    }
  });

  it('names the same line and column as JSON.parse for invalid JSON, also past the first chunk and after multi-byte characters', () => {
    const filler = `{"info": "${'é'.repeat(CHUNK_BYTES / 2)}",\n "x": [\n`;
    const texts = [
      '{\n  "images": [],\n  "annotations": [,]\n}',
      '{"images": [',
      '{\n "images": nan}',
      '{"a": 1} x',
      '{"a": 1}\n\n   {"b": 2}',
      '{"é": "ü", "x": [1 2]}',
      `${filler}1, 2,\n  3 4]}`,
      `${filler}1, 2,\n  "ü", tru]}`,
      '\ufeff{\n "a": [1,, 2]}',
    ];
    for (const text of texts) {
      const path = writeTemp(text);
      const whole = message(() => readJsonFile('loadCoco', path));
      const streamed = message(() => readJsonFile('loadCoco', path, { streamAbove: 0 }));
      const at = (m: string): string => /\.json:(\d+:\d+): invalid JSON/.exec(m)?.[1] ?? m;
      expect(at(streamed), text.slice(-40)).toBe(at(whole));
    }
  });

  it('says what is wrong in its own words', () => {
    const cases: [string, RegExp][] = [
      ['{"images": [', /:1:13: invalid JSON \(unexpected end of the file\)$/],
      ['{\n "images": nan}', /:2:13: invalid JSON \(unexpected 'a'\)$/],
      ['{"a": [1 2]}', /:1:10: invalid JSON \(unexpected number 2\)$/],
      ['{"a": 1} x', /:1:10: invalid JSON \(unexpected 'x' after the JSON value\)$/],
      ['{"a": "b\u0001"}', /:1:9: invalid JSON \(unexpected U\+0001\)$/],
      ['   ', /:1:4: invalid JSON \(unexpected end of the file\)$/],
    ];
    for (const [text, pattern] of cases) expectErrorCode(() => readJsonFile('loadCoco', writeTemp(text), { streamAbove: -1 }), 'io', /^loadCoco: .*case-\d+\.json:/, pattern);
    // Bytes that are not UTF-8 inside a string are an error (a whole parse would read U+FFFD).
    expectErrorCode(() => readJsonFile('loadCoco', writeTemp(Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d])), { streamAbove: -1 }), 'io', /:1:5: invalid JSON \(a string that is not valid UTF-8 follows here\)$/);
  });
});

describe('readJsonFile refuses at once what it cannot read whole (was: 16 GB read from /dev/zero, ERR_STRING_TOO_LONG on 595 MB)', () => {
  it('a 600 MB file of zero bytes (sparse) is invalid JSON at 1:1, found in the first chunk', () => {
    const path = join(temp, 'sparse-600mb.json');
    writeFileSync(path, '');
    truncateSync(path, 600 * 1024 * 1024);
    expectErrorCode(() => loadCoco(path), 'io', /^loadCoco: .*sparse-600mb\.json:1:1: invalid JSON \(unexpected U\+0000\)$/);
    rmSync(path);
  });

  it('a character device is not read (/dev/zero)', () => {
    if (!existsSync('/dev/zero')) return;
    expectErrorCode(() => loadCoco('/dev/zero'), 'io', /^loadCoco: \/dev\/zero: cannot read the file \(it is a character device, not a regular file\)$/);
    expectErrorCode(() => readJsonFile('t', '/dev/zero'), 'io', /it is a character device, not a regular file/);
  });

  it('a folder is "a folder"', () => {
    expectErrorCode(() => readJsonFile('t', temp), 'io', /cannot read the file \(it is a folder\)$/);
  });
});

const shared = fileURLToPath(new URL('../../../shared/data/', import.meta.url));
const hasShared = existsSync(join(shared, 'coco_val2017_instances.json'));
if (!hasShared) console.warn(`[datasets] ../shared/data is absent: skipping the streamed reading of the real COCO files (looked in ${shared})`);

describe.skipIf(!hasShared)(`the real COCO files in ../shared/data load the same streamed as parsed whole${hasShared ? '' : ' (skipped: ../shared/data is absent)'}`, () => {
  for (const name of ['coco_val2017_instances.json', 'coco_original/coco_tiny_val2017_80img_instances.json', 'voc_sample/pascal_voc2007_val_coco.json', 'coco_val2017_subset500.json']) {
    it(name, () => {
      const path = join(shared, name);
      expect(loadStreamed(path)).toEqual(loadCoco(path));
    });
  }
});
