import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { loadDataset, syntheticCocoLike } from '../../src/datasets/index.js';
import { PRESETS } from '../../src/presets/index.js';
import { capture } from '../helpers/cli.js';

const COCO = fileURLToPath(new URL('../fixtures/datasets/coco/instances_tiny.json', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'label-assign-inspect-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function positives(name: 'retinanet' | 'fcos' | 'atss', image: Parameters<(typeof PRESETS)['fcos']['prepare']>[0]): number[] {
  const preset = PRESETS[name];
  const { result } = preset.assign(preset.prepare(image));
  const perObject = new Array(image.labels.length).fill(0);
  result.label.forEach((l, i) => {
    if (l === 1) perObject[result.gtIndex[i]]++;
  });
  return perObject;
}

describe('label-assign inspect', () => {
  it('draws an image of the embedded dataset with the positives of each preset, per level', async () => {
    const out = join(work, 'embedded.svg');
    const io = capture();
    expect(await main(['inspect', '--image', '5', '--preset', 'retinanet,fcos', '--out', out], io)).toBe(0);
    expect(io.err()).toMatch(/embedded SYNTHETIC dataset/);
    const image = syntheticCocoLike({ seed: 0, numImages: 200 }).images.find((im) => im.id === '5');
    if (image === undefined) throw new Error('no image 5');
    const retina = positives('retinanet', image);
    const fcos = positives('fcos', image);
    expect(io.out()).toContain(`retinanet: positives per object [${retina.join(', ')}]`);
    expect(io.out()).toContain(`fcos: positives per object [${fcos.join(', ')}]`);
    expect(io.out()).toContain(`wrote ${out}`);
    const svg = readFileSync(out, 'utf8');
    expect(svg).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg).toContain('SYNTHETIC DATA');
    // Each positive is drawn twice: in the "all levels" panel and in its level's panel.
    const dots = (svg.match(/<circle /g) ?? []).length;
    const total = [...retina, ...fcos].reduce((a, b) => a + b, 0);
    expect(dots).toBe(2 * total);
    for (const level of ['P3 · stride 8', 'P4 · stride 16', 'P7 · stride 128']) expect(svg).toContain(level);
    expect(svg).not.toMatch(/<script|href=/);
  });

  it('draws a real image with its crowd region and names the objects without positives', async () => {
    const out = join(work, 'coco.svg');
    const io = capture();
    expect(await main(['inspect', COCO, '--image', '438', '--preset', 'atss', '--out', out], io)).toBe(0);
    expect(io.err()).toBe('');
    const image = loadDataset(COCO).images.find((im) => im.id === '438');
    if (image === undefined) throw new Error('no image 438');
    expect(image.ignoreBoxes.length).toBeGreaterThan(0);
    const svg = readFileSync(out, 'utf8');
    expect(svg).not.toContain('SYNTHETIC');
    expect(svg).toMatch(/stroke-dasharray/); // the crowd region
    expect(io.out()).toContain(`atss: positives per object [${positives('atss', image).join(', ')}]`);
  });

  it('rejects an unknown image id with examples of the ids, and writes nothing', async () => {
    const out = join(work, 'never.svg');
    const io = capture();
    expect(await main(['inspect', COCO, '--image', '9999', '--preset', 'fcos', '--out', out], io)).toBe(2);
    expect(io.err()).toBe("label-assign: inspect: no image with id '9999' in instances_tiny.json (3 images; ids look like '42', '438', '250')\n");
    expect(existsSync(out)).toBe(false);
  });

  it('says why an image left out by the loader cannot be drawn (was: "no image with id", as if it did not exist)', async () => {
    const labels = fileURLToPath(new URL('../fixtures/datasets/yolo/labels/train', import.meta.url));
    const io = capture();
    expect(await main(['inspect', labels, '--unknown-size', 'skip', '--image', '000000000656', '--preset', 'fcos', '-o', join(work, 'left-out.svg')], io)).toBe(2);
    expect(io.err()).toMatch(/^label-assign: inspect: image '000000000656' was left out: image size unknown: .*image_sizes\.json gives null for '000000000656'\n$/);
    expect(existsSync(join(work, 'left-out.svg'))).toBe(false);
  });

  it('rejects unknown presets, listing the known ones', async () => {
    const io = capture();
    expect(await main(['inspect', '--image', '1', '--preset', 'fcos,detr', '--out', join(work, 'x.svg')], io)).toBe(2);
    expect(io.err()).toMatch(/^label-assign: inspect: unknown preset 'detr'; known presets: retinanet, rpn, ssd300, fcos, fcos-center, atss, yolov3, ga-retinanet, centernet, yolov5/);
    expect(io.err().trimEnd().split('\n')).toHaveLength(1);
  });

  it('needs --image, --preset and --out', async () => {
    const io = capture();
    expect(await main(['inspect', '--image', '1', '--preset', 'fcos'], io)).toBe(2);
    // Regression: this was two lines ("error: ..." and "(run with --help for usage)").
    expect(io.err()).toBe("label-assign: inspect: required option '-o, --out <file>' not specified (see label-assign inspect --help)\n");
  });

  it('refuses an --out that would overwrite an annotation file of the dataset (was: the XML replaced by the SVG)', async () => {
    const voc = join(work, 'voc');
    mkdirSync(voc, { recursive: true });
    const xml = readFileSync(fileURLToPath(new URL('../fixtures/datasets/voc/raccoon-1.xml', import.meta.url)), 'utf8');
    writeFileSync(join(voc, 'raccoon-1.xml'), xml);
    const io = capture();
    expect(await main(['inspect', voc, '--image', 'raccoon-1', '--preset', 'fcos', '-o', join(voc, 'raccoon-1.xml')], io)).toBe(2);
    expect(io.err()).toMatch(/^label-assign: inspect: --out .*raccoon-1\.xml is inside the dataset folder and would be read as an annotation file; write it elsewhere\n$/);
    expect(readFileSync(join(voc, 'raccoon-1.xml'), 'utf8')).toBe(xml);
    // An SVG beside the annotations is fine; one object is "1 object", not "1 objects".
    const ok = capture();
    expect(await main(['inspect', voc, '--image', 'raccoon-1', '--preset', 'fcos', '-o', join(voc, 'raccoon-1.svg')], ok)).toBe(0);
    expect(ok.out()).toMatch(/^image raccoon-1 \(650x417, 1 object\) in voc\n/);
    expect(readFileSync(join(voc, 'raccoon-1.svg'), 'utf8')).toContain('650×417 px · 1 object<');
  });

  it("a preset's error starts with inspect and names the image (was: \"Preset.assign: ...\")", async () => {
    const dataset = join(work, 'giant.json');
    writeFileSync(dataset, JSON.stringify({ images: [{ id: 9, width: 1_000_000, height: 1_000_000 }], annotations: [], categories: [{ id: 1, name: 'thing' }] }));
    const config = join(work, 'unresized.json');
    writeFileSync(config, JSON.stringify({ base: 'fcos', name: 'unresized', image: { resize: 'none', scale: null } }));
    const io = capture();
    expect(await main(['inspect', dataset, '--image', '9', '--preset', config, '--out', join(work, 'giant.svg')], io)).toBe(2);
    expect(io.err()).toMatch(/^label-assign: inspect: image '9' must be small enough for preset 'unresized': its 1000000x1000000 input would need .* priors, more than 20,000,000 /);
    expect(io.err().trimEnd().split('\n')).toHaveLength(1);
    expect(existsSync(join(work, 'giant.svg'))).toBe(false);
  });

  it('rejects a bad dataset path and a missing output folder in one line', async () => {
    const a = capture();
    expect(await main(['inspect', 'nowhere.json', '--image', '1', '--preset', 'fcos', '--out', join(work, 'y.svg')], a)).toBe(2);
    expect(a.err()).toBe('label-assign: inspect: nowhere.json: no such file or folder\n');
    const b = capture();
    expect(await main(['inspect', '--image', '1', '--preset', 'fcos', '--out', join(work, 'none', 'y.svg')], b)).toBe(2);
    expect(b.err()).toMatch(/^label-assign: inspect: cannot write .*y\.svg: the folder .*none does not exist\n$/);
  });
});
