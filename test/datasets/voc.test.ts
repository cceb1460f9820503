import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadVoc, resolveVocOptions } from '../../src/datasets/index.js';
import { expectErrorCode } from '../helpers/assertions.js';

const fixture = fileURLToPath(new URL('../fixtures/datasets/voc', import.meta.url));

const temp = mkdtempSync(join(tmpdir(), 'label-assign-voc-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));
let counter = 0;
/** A folder holding one XML file `a.xml` with `content`; returns the folder. */
function folderWith(content: string): string {
  const dir = join(temp, `case-${counter++}`);
  mkdirSync(dir);
  writeFileSync(join(dir, 'a.xml'), content);
  return dir;
}
const object = (inner: string): string => `<object>${inner}</object>`;
const goodBox = '<bndbox><xmin>1</xmin><ymin>1</ymin><xmax>11</xmax><ymax>21</ymax></bndbox>';
const xml = (objects: string, size = '<size><width>100</width><height>80</height></size>'): string =>
  `<annotation>\n<filename>a.jpg</filename>\n${size}\n${objects}\n</annotation>\n`;

describe('loadVoc on the fixture folder', () => {
  const d = loadVoc(fixture);

  it('reads the files in natural name order, ids are the stems, sizes from <size>', () => {
    expect(d.format).toBe('voc');
    expect(d.name).toBe('voc');
    expect(d.images.map((im) => im.id)).toEqual(['made-up-edge', 'made-up-empty', 'raccoon-1', 'raccoon-2', 'raccoon-10', 'raccoon-119']);
    expect(d.images.map((im) => im.fileName)).toEqual([
      'made-up-edge.png',
      'made-up-empty.jpg',
      'raccoon-1.jpg',
      'raccoon-2.jpg',
      'raccoon-10.jpg',
      'raccoon-119.jpg',
    ]);
    expect([d.images[2].width, d.images[2].height]).toEqual([650, 417]);
  });

  it('categories are the names found, sorted', () => {
    expect(d.categories).toEqual([
      { id: 0, name: 'dog' },
      { id: 1, name: 'raccoon' },
    ]);
  });

  it('truncates each coordinate and subtracts 1 from all four (mmdetection XMLDataset)', () => {
    // raccoon-1.xml: <xmin>81</xmin><ymin>88</ymin><xmax>522</xmax><ymax>408</ymax>
    expect([...d.images[2].boxes]).toEqual([80, 87, 521, 407]);
    expect([...d.images[2].labels]).toEqual([1]);
    // made-up-edge.xml: 100.9 50.2 200.7 150 -> int() - 1
    expect([...d.images[0].boxes]).toEqual([99, 49, 199, 149]);
    expect([...d.images[0].labels]).toEqual([0]);
    expect([...d.images[5].boxes]).toEqual([15, 61, 361, 352, 210, 358, 276, 401, 197, 391, 279, 472]);
  });

  it('difficult objects are ignore regions by default', () => {
    expect([...d.images[0].ignoreBoxes]).toEqual([10, 20, 60, 80]);
    expect(d.images[1].labels.length).toBe(0);
  });

  it('reports skipped boxes with file, line and object number', () => {
    expect(d.skipped).toEqual([
      { imageId: 'made-up-edge', where: 'made-up-edge.xml:30 (object 3)', reason: 'width 0 < 1 pixel' },
      {
        imageId: 'made-up-edge',
        where: 'made-up-edge.xml:40 (object 4)',
        reason: 'outside the 300x200 image (box [399, 9, 449, 59]) (a difficult object)',
      },
    ]);
  });

  it('difficultAsIgnore: false keeps difficult objects as objects', () => {
    const kept = loadVoc(fixture, { difficultAsIgnore: false });
    expect([...kept.images[0].boxes]).toEqual([10, 20, 60, 80, 99, 49, 199, 149]);
    expect([...kept.images[0].labels]).toEqual([1, 0]);
    expect(kept.images[0].ignoreBoxes.length).toBe(0);
  });

  it('classNames fixes the label order and skips (and reports) other classes', () => {
    const only = loadVoc(fixture, { classNames: ['raccoon'], name: 'raccoons' });
    expect(only.name).toBe('raccoons');
    expect(only.categories).toEqual([{ id: 0, name: 'raccoon' }]);
    expect(only.images[0].labels.length).toBe(0);
    expect(only.skipped.map((s) => [s.where, s.reason])).toEqual([
      ['made-up-edge.xml:21 (object 2)', "class 'dog' is not in classNames"],
      ['made-up-edge.xml:30 (object 3)', "class 'dog' is not in classNames"],
      ['made-up-edge.xml:40 (object 4)', 'outside the 300x200 image (box [399, 9, 449, 59]) (a difficult object)'],
    ]);
    const reversed = loadVoc(fixture, { classNames: ['raccoon', 'dog'] });
    expect([...reversed.images[0].labels]).toEqual([1]);
  });

  it('reads an Annotations/ subfolder', () => {
    const root = join(temp, 'devkit');
    mkdirSync(join(root, 'Annotations'), { recursive: true });
    writeFileSync(join(root, 'Annotations', '000005.xml'), xml(object(`<name>chair</name>${goodBox}`)));
    const d2 = loadVoc(root);
    expect(d2.images.map((im) => im.id)).toEqual(['000005']);
    expect([...d2.images[0].boxes]).toEqual([0, 0, 10, 20]);
  });
});

describe('loadVoc errors name the file and line', () => {
  it('malformed XML: line and column from the parser', () => {
    const dir = folderWith('<annotation>\n<size><width>3</width>\n</annotation>');
    expectErrorCode(() => loadVoc(dir), 'io', /^loadVoc: /, /a\.xml:3:1: malformed XML \(Expected closing tag 'size'/);
    const text = folderWith('not xml at all');
    expectErrorCode(() => loadVoc(text), 'io', /a\.xml:1:1: malformed XML/);
  });

  it('missing elements', () => {
    expectErrorCode(() => loadVoc(folderWith('<other/>')), 'io', /a\.xml: no <annotation> element/);
    expectErrorCode(() => loadVoc(folderWith(xml('', ''))), 'io', /a\.xml: <annotation> has no <size>/);
    expectErrorCode(() => loadVoc(folderWith(xml('', '<size><height>3</height></size>'))), 'io', /a\.xml:3: <size> has no <width>/);
    expectErrorCode(() => loadVoc(folderWith(xml('', '<size><width>3</width><width>4</width><height>3</height></size>'))), 'io', /a\.xml:3: <size> has more than one <width>/);
    expectErrorCode(() => loadVoc(folderWith(xml(object(goodBox)))), 'io', /a\.xml:4 \(object 1\): <name> must be a non-empty text, but was missing/);
    expectErrorCode(() => loadVoc(folderWith(xml(object('<name></name>' + goodBox)))), 'io', /a\.xml:4 \(object 1\): <name> must be a non-empty text, but was ''/);
    expectErrorCode(() => loadVoc(folderWith(xml(object('<name>cat</name>')))), 'io', /a\.xml:4 \(object 1\): <object> has no <bndbox>/);
    expectErrorCode(() => loadVoc(folderWith(xml(object('<name>cat</name><bndbox/>')))), 'io', /a\.xml:4 \(object 1\): <bndbox> must hold child elements, but was empty/);
    expectErrorCode(() => loadVoc(folderWith(xml('<object></object>'))), 'io', /a\.xml:4 \(object 1\): <object> must hold child elements/);
  });

  it('bad numbers', () => {
    const box = '<bndbox><xmin>1</xmin><ymin>abc</ymin><xmax>11</xmax><ymax>21</ymax></bndbox>';
    expectErrorCode(() => loadVoc(folderWith(xml(object(`<name>cat</name>${goodBox}`) + '\n' + object(`<name>cat</name>${box}`)))), 'io', /a\.xml:5 \(object 2\): <bndbox><ymin> must be a decimal number, but was 'abc'/);
    expectErrorCode(() => loadVoc(folderWith(xml(object(`<name>cat</name><bndbox><xmin></xmin><ymin>1</ymin><xmax>2</xmax><ymax>2</ymax></bndbox>`)))), 'io', /<bndbox><xmin> must be a decimal number, but was ''/);
    expectErrorCode(() => loadVoc(folderWith(xml(object(`<name>cat</name>${goodBox.replace('11', 'inf')}`)))), 'io', /<bndbox><xmax> must be a decimal number, but was 'inf'/);
    expectErrorCode(() => loadVoc(folderWith(xml('', '<size><width>-3</width><height>3</height></size>'))), 'io', /a\.xml:3: <size><width> must be a positive integer, but was '-3'/);
    expectErrorCode(() => loadVoc(folderWith(xml(object(`<name>cat</name><difficult>maybe</difficult>${goodBox}`)))), 'io', /a\.xml:4 \(object 1\): <difficult> must be an integer \(0 or 1\), but was 'maybe'/);
  });

  it('hexadecimal, binary and octal numbers are refused: only decimal numbers, as the reference reads them (was: 0x10 read as 16)', () => {
    const box = (xmin: string): string => object(`<name>cat</name><bndbox><xmin>${xmin}</xmin><ymin>1</ymin><xmax>40</xmax><ymax>21</ymax></bndbox>`);
    for (const text of ['0x10', '0X10', '0b1', '0o7', '1_0', 'Infinity']) {
      expectErrorCode(() => loadVoc(folderWith(xml(box(text)))), 'io', new RegExp(`a\\.xml:4 \\(object 1\\): <bndbox><xmin> must be a decimal number, but was '${text}'`));
    }
    expectErrorCode(() => loadVoc(folderWith(xml('', '<size><width>0x10</width><height>3</height></size>'))), 'io', /a\.xml:3: <size><width> must be a positive integer, but was '0x10'/);
    expectErrorCode(() => loadVoc(folderWith(xml(object(`<name>cat</name><difficult>0x1</difficult>${goodBox}`)))), 'io', /<difficult> must be an integer \(0 or 1\), but was '0x1'/);
    // Decimal forms Python's float() reads stay accepted.
    for (const text of [' 12 ', '+12', '12.', '.5e1', '1.2E1']) expect(loadVoc(folderWith(xml(box(text)))).images).toHaveLength(1);
  });

  it('malformed boxes, sizes and files (regressions)', () => {
    const box = (xmin: string, ymin: string, xmax: string, ymax: string): string =>
      object(`<name>cat</name><bndbox><xmin>${xmin}</xmin><ymin>${ymin}</ymin><xmax>${xmax}</xmax><ymax>${ymax}</ymax></bndbox>`);
    // Swapped corners were skipped as "width -40 < 1 pixel": they are a malformed box.
    expectErrorCode(() => loadVoc(folderWith(xml(box('50', '1', '10', '10')))), 'io', /a\.xml:4 \(object 1\): <bndbox><xmax> \(10\) must be >= <xmin> \(50\)/);
    expectErrorCode(() => loadVoc(folderWith(xml(box('1', '30', '10', '20')))), 'io', /a\.xml:4 \(object 1\): <bndbox><ymax> \(20\) must be >= <ymin> \(30\)/);
    // A corner beyond float32 would become Infinity.
    expectErrorCode(() => loadVoc(folderWith(xml(box('1', '1', '1e39', '10')))), 'io', /<bndbox>: corner 1e\+39 is beyond the float32 range/);
    // A fractional image size was accepted and failed later in Preset.prepare.
    expectErrorCode(() => loadVoc(folderWith(xml('', '<size><width>100.5</width><height>80</height></size>'))), 'io', /a\.xml:3: <size><width> must be a positive integer, but was '100\.5'/);
    // A truncated file was "malformed XML (Invalid '[    "annotation",    "object"]' found.)" at 1:1.
    expectErrorCode(() => loadVoc(folderWith('<annotation>\n<size><width>100</width><height>80</height></size>\n<object><name>cat</name>\n')), 'io', /a\.xml:4: malformed XML \(unclosed tags <annotation>, <object>: is the file truncated\?\)/);
    // An empty <annotation/> was "no <annotation> element".
    expectErrorCode(() => loadVoc(folderWith('<annotation/>\n')), 'io', /a\.xml: <annotation> is empty: it needs a <size>/);
    // Equal corners stay a degenerate box, skipped and reported.
    expect(loadVoc(folderWith(xml(box('40', '40', '40', '90')))).skipped.map((s) => s.reason)).toEqual(['width 0 < 1 pixel']);
  });

  it('folders without XML', () => {
    const empty = join(temp, 'empty');
    mkdirSync(empty);
    expectErrorCode(() => loadVoc(empty), 'io', /empty: no \.xml files in this folder \(nor in its Annotations\/ subfolder\)/);
    expectErrorCode(() => loadVoc(join(temp, 'missing')), 'io', /missing: cannot read the folder \(no such file or folder\)/);
  });

  it('bad options', () => {
    expectErrorCode(() => loadVoc(fixture, { difficultAsIgnored: false } as never), 'invalid-config', /unknown option 'difficultAsIgnored'.*did you mean 'difficultAsIgnore'/);
    expectErrorCode(() => loadVoc(fixture, { difficultAsIgnore: 'no' as never }), 'invalid-argument', /loadVoc: options\.difficultAsIgnore must be true or false, but was 'no'/);
    expectErrorCode(() => loadVoc(fixture, { classNames: [] }), 'invalid-argument', /options\.classNames must be a non-empty array of class names/);
    expectErrorCode(() => loadVoc(fixture, { classNames: ['a', 'a'] }), 'invalid-argument', /options\.classNames\[1\] must be a name not given before, but was 'a'/);
    expectErrorCode(() => loadVoc(fixture, { classNames: ['a', ''] }), 'invalid-argument', /options\.classNames\[1\] must be a non-empty string/);
    expect(resolveVocOptions({})).toEqual({ difficultAsIgnore: true, classNames: null, name: 'voc' });
  });
});

const shared = fileURLToPath(new URL('../../../shared/data/', import.meta.url));
const raccoon = join(shared, 'voc_sample/raccoon_xml');
const hasShared = existsSync(raccoon);
if (!hasShared) console.warn(`[datasets] ../shared/data is absent: skipping the VOC test on the raccoon XML files (looked in ${shared})`);

describe.skipIf(!hasShared)(`loadVoc on the raccoon VOC XML files in ../shared/data${hasShared ? '' : ' (skipped: ../shared/data is absent)'}`, () => {
  it('200 files, 217 objects, one class', () => {
    const d = loadVoc(raccoon);
    expect(d.images.length).toBe(200);
    expect(d.images.reduce((n, im) => n + im.labels.length, 0)).toBe(217);
    expect(d.images.reduce((n, im) => n + im.ignoreBoxes.length, 0)).toBe(0);
    expect(d.categories).toEqual([{ id: 0, name: 'raccoon' }]);
    expect(d.skipped).toEqual([]);
    expect(d.images[0].id).toBe('raccoon-1');
    expect([...d.images[0].boxes]).toEqual([80, 87, 521, 407]);
  });
});
