// Helpers of the report and CLI tests: small stand-in presets built from the toolkit's own
// generators and assigners (on a small input size so the tests stay fast; they follow the Preset
// contract of src/presets/preset.ts: keep-ratio resize, pad to a multiple of 32), tiny random
// datasets, and shape checks of the compare outputs (a hand-written schema: the project has no
// JSON-schema dependency).
import { assignFcos } from '../../src/assigners/fcos.js';
import { assignMaxIoU } from '../../src/assigners/max-iou.js';
import type { Dataset, DatasetImage } from '../../src/datasets/dataset.js';
import { anchorGenerator } from '../../src/geometry/priors/anchor-generator.js';
import { pointGenerator } from '../../src/geometry/priors/point-generator.js';
import { priorLevels, type PriorSet } from '../../src/geometry/priors/prior-set.js';
import type { PreparedImage, Preset, PresetAssignment } from '../../src/presets/preset.js';
import { CSV_COLUMNS } from '../../src/report/csv.js';
import { JSON_FORMAT } from '../../src/report/json.js';
import { unsafeUniformIntDistribution, xoroshiro128plus } from 'pure-rand';

const STRIDES = [8, 16, 32, 64, 128];

/** mmdetection's keep-ratio rule with a small target scale, then padding to a multiple of 32. */
function prepareKeepRatio(image: DatasetImage, long: number, short: number): PreparedImage {
  const scale = Math.min(long / Math.max(image.width, image.height), short / Math.min(image.width, image.height));
  const w = Math.trunc(image.width * scale + 0.5);
  const h = Math.trunc(image.height * scale + 0.5);
  const scaleX = w / image.width;
  const scaleY = h / image.height;
  const scaleBoxes = (boxes: Float32Array): Float32Array => {
    const out = new Float32Array(boxes.length);
    for (let i = 0; i < boxes.length; i += 4) {
      out[i] = boxes[i] * scaleX;
      out[i + 1] = boxes[i + 1] * scaleY;
      out[i + 2] = boxes[i + 2] * scaleX;
      out[i + 3] = boxes[i + 3] * scaleY;
    }
    return out;
  };
  return {
    image,
    resized: [h, w],
    padded: [Math.ceil(h / 32) * 32, Math.ceil(w / 32) * 32],
    scaleX,
    scaleY,
    offsetX: 0,
    offsetY: 0,
    gtBoxes: scaleBoxes(image.boxes),
    ignoreBoxes: scaleBoxes(image.ignoreBoxes),
  };
}

function featmapSizes(prepared: PreparedImage): [number, number][] {
  return STRIDES.map((s) => [Math.ceil(prepared.padded[0] / s), Math.ceil(prepared.padded[1] / s)]);
}

function cellBoxes(set: PriorSet): Float32Array {
  const out = new Float32Array(set.numPriors * 4);
  for (const level of set.levels) {
    for (let i = level.start; i < level.start + level.count; i++) {
      const x = set.priors[2 * i];
      const y = set.priors[2 * i + 1];
      out.set([x - level.strideX / 2, y - level.strideY / 2, x + level.strideX / 2, y + level.strideY / 2], 4 * i);
    }
  }
  return out;
}

/** RetinaNet-like anchors with MaxIoU (0.5 / 0.4), on a 320 x 192 input. */
export function stubAnchorPreset(name = 'stub-anchors'): Preset {
  const generator = anchorGenerator({ strides: STRIDES, ratios: [0.5, 1, 2], octaveBaseScale: 4, scalesPerOctave: 3 });
  return {
    name,
    description: 'test stub: RetinaNet anchors, MaxIoU 0.5/0.4, 320x192 input',
    reference: 'retinanet_r50_fpn_1x_coco (scaled down)',
    levelNames: ['P3', 'P4', 'P5', 'P6', 'P7'],
    prepare: (image) => prepareKeepRatio(image, 320, 192),
    assign(prepared, gtBoxes = prepared.gtBoxes, gtLabels = prepared.image.labels): PresetAssignment {
      const set = generator.gridPriors(featmapSizes(prepared));
      const result = assignMaxIoU(
        { priors: set, gtBoxes, gtLabels, ignoreBoxes: prepared.ignoreBoxes },
        { positiveIouThreshold: 0.5, negativeIouThreshold: 0.4, minPositiveIou: 0, ignoreIofThreshold: 0.5 },
      );
      return { result, priorLevel: priorLevels(set), priorBoxes: set.priors };
    },
  };
}

/** FCOS-like points on five levels, on a 320 x 192 input. */
export function stubPointPreset(name = 'stub-points'): Preset {
  const generator = pointGenerator({ strides: STRIDES });
  return {
    name,
    description: 'test stub: FCOS points and ranges, 320x192 input',
    reference: 'fcos_r50-caffe_fpn_gn-head_1x_coco (scaled down)',
    levelNames: ['P3', 'P4', 'P5', 'P6', 'P7'],
    prepare: (image) => prepareKeepRatio(image, 320, 192),
    assign(prepared, gtBoxes = prepared.gtBoxes, gtLabels = prepared.image.labels): PresetAssignment {
      const set = generator.gridPriors(featmapSizes(prepared));
      const result = assignFcos({ priors: set, gtBoxes, gtLabels, ignoreBoxes: prepared.ignoreBoxes }, { strides: STRIDES });
      return { result, priorLevel: priorLevels(set), priorBoxes: cellBoxes(set) };
    },
  };
}

/** Uniform doubles in [0, 1) from pure-rand's xoroshiro128+, for the tiny test datasets. */
function random(seed: number): () => number {
  const rng = xoroshiro128plus(seed);
  return () => unsafeUniformIntDistribution(0, 0x3fffffff, rng) / 0x40000000;
}

/** One image from `[x1, y1, x2, y2, label]` rows. */
export function image(id: string, width: number, height: number, rows: readonly (readonly number[])[], ignore: readonly (readonly number[])[] = []): DatasetImage {
  return {
    id,
    fileName: `${id}.jpg`,
    width,
    height,
    boxes: Float32Array.from(rows.flatMap((r) => r.slice(0, 4))),
    labels: Int32Array.from(rows.map((r) => r[4] ?? 0)),
    ignoreBoxes: Float32Array.from(ignore.flat()),
  };
}

/**
 * A small random dataset: `numImages` images of 320..640 x 240..480 pixels with 0..8 objects of
 * every size (some tiny, some crowded together, some overlapping), 3 classes, a few ignore
 * regions. Deterministic for a seed.
 */
export function tinyDataset(numImages = 12, seed = 1, synthetic = false): Dataset {
  const next = random(seed);
  const images: DatasetImage[] = [];
  for (let i = 0; i < numImages; i++) {
    const width = 320 + Math.floor(next() * 320);
    const height = 240 + Math.floor(next() * 240);
    const rows: number[][] = [];
    const count = i === 0 ? 0 : Math.floor(next() * 9);
    for (let k = 0; k < count; k++) {
      const size = [4, 12, 30, 60, 120, 220][Math.floor(next() * 6)] * (0.7 + next() * 0.6);
      const aspect = 0.5 + next() * 1.5;
      const w = Math.min(width - 1, size * Math.sqrt(aspect));
      const h = Math.min(height - 1, size / Math.sqrt(aspect));
      const x = next() * (width - w);
      const y = next() * (height - h);
      rows.push([x, y, x + w, y + h, Math.floor(next() * 3)]);
    }
    // Two identical objects in one image: their priors are claimed twice.
    if (i === 1) rows.push([40, 40, 120, 120, 1], [40, 40, 120, 120, 2]);
    const ignore = i % 4 === 3 ? [[0, 0, width / 4, height / 4]] : [];
    images.push(image(String(100 + i), width, height, rows, ignore));
  }
  return {
    name: synthetic ? 'tiny-synthetic' : 'tiny',
    format: synthetic ? 'synthetic' : 'coco',
    synthetic,
    categories: [
      { id: 1, name: 'person' },
      { id: 2, name: 'car' },
      { id: 3, name: 'dog' },
    ],
    images,
    skipped: [],
  };
}

// ---------------------------------------------------------------- output shape checks

type Json = unknown;

function isRecord(v: Json): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const isCount = (v: Json): boolean => Number.isInteger(v) && (v as number) >= 0;
const isShare = (v: Json): boolean => v === null || (typeof v === 'number' && v >= 0 && v <= 1);
const isNumberOrNull = (v: Json): boolean => v === null || typeof v === 'number';

/** Errors in a `label-assign-compare/1` document; empty when it is valid. */
export function validateCompareJson(doc: Json): string[] {
  const errors: string[] = [];
  const need = (ok: boolean, what: string): void => {
    if (!ok) errors.push(what);
  };
  if (!isRecord(doc)) return ['document is not an object'];
  need(doc.format === JSON_FORMAT, 'format');
  need(typeof doc.synthetic === 'boolean', 'synthetic');
  need(doc.synthetic ? typeof doc.note === 'string' && /SYNTHETIC/.test(doc.note) : doc.note === null, 'note');
  const dataset = doc.dataset;
  need(isRecord(dataset), 'dataset');
  if (isRecord(dataset)) {
    need(typeof dataset.name === 'string', 'dataset.name');
    need(dataset.synthetic === doc.synthetic, 'dataset.synthetic');
    for (const k of ['images', 'objects', 'ignoreRegions', 'categories', 'skippedBoxes']) need(isCount(dataset[k]), `dataset.${k}`);
    need(isRecord(dataset.objectsBySize), 'dataset.objectsBySize');
  }
  need(Array.isArray(doc.categories) && doc.categories.every((c) => typeof c === 'string'), 'categories');
  need(Array.isArray(doc.skipped), 'skipped');
  const presets = Array.isArray(doc.presets) ? doc.presets : [];
  need(Array.isArray(doc.presets) && presets.length > 0, 'presets');
  const levelsOf = new Map<string, number>();
  presets.forEach((p, i) => {
    need(isRecord(p) && typeof p.name === 'string' && Array.isArray(p.levelNames), `presets[${i}]`);
    if (isRecord(p) && Array.isArray(p.levelNames)) levelsOf.set(p.name as string, p.levelNames.length);
  });
  const summary = Array.isArray(doc.summary) ? doc.summary : [];
  need(summary.length === presets.length, 'summary length');
  summary.forEach((s, i) => {
    const at = `summary[${i}]`;
    if (!isRecord(s)) return need(false, at);
    need(s.preset === (presets[i] as Record<string, Json>)?.name, `${at}.preset`);
    for (const k of ['images', 'objects']) need(isCount(s[k]), `${at}.${k}`);
    for (const k of ['priorsPerImage', 'positivesPerImage', 'positivesPerObject']) {
      const d = s[k];
      need(isRecord(d) && isCount(d.count) && ['mean', 'median', 'p10', 'p90', 'max'].every((q) => isNumberOrNull(d[q])), `${at}.${k}`);
    }
    const zero = (z: Json, path: string): void => need(isRecord(z) && isCount(z.objects) && isCount(z.withoutPositives) && isShare(z.share), path);
    zero(s.withoutPositives, `${at}.withoutPositives`);
    const bySize = s.withoutPositivesBySize;
    need(isRecord(bySize), `${at}.withoutPositivesBySize`);
    if (isRecord(bySize)) for (const k of ['small', 'medium', 'large']) zero(bySize[k], `${at}.withoutPositivesBySize.${k}`);
    need(Array.isArray(s.withoutPositivesByClass), `${at}.withoutPositivesByClass`);
    if (Array.isArray(s.withoutPositivesByClass)) s.withoutPositivesByClass.forEach((c, k) => zero(c, `${at}.withoutPositivesByClass[${k}]`));
    need(Array.isArray(s.positivesPerLevel) && s.positivesPerLevel.length === levelsOf.get(s.preset as string), `${at}.positivesPerLevel`);
    need(Array.isArray(s.positivesPerObjectHistogram), `${at}.positivesPerObjectHistogram`);
    need(isRecord(s.ignoredPriors) && isCount(s.ignoredPriors.total), `${at}.ignoredPriors`);
    need(isRecord(s.multiClaimedPriors) && isCount(s.multiClaimedPriors.total), `${at}.multiClaimedPriors`);
    const bpr = s.bestPossibleRecall;
    need(isRecord(bpr) && isCount(bpr.objects) && isCount(bpr.matchable) && isShare(bpr.share), `${at}.bestPossibleRecall`);
  });
  const images = doc.images;
  need(Array.isArray(images), 'images');
  if (Array.isArray(images)) {
    need(images.length === (isRecord(dataset) ? (dataset.images as number) : 0) * presets.length, 'images length');
    images.forEach((row, i) => {
      const at = `images[${i}]`;
      if (!isRecord(row)) return need(false, at);
      need(typeof row.imageId === 'string', `${at}.imageId`);
      need(levelsOf.has(row.preset as string), `${at}.preset`);
      for (const k of ['priors', 'positivePriors', 'objects', 'objectsWithoutPositives', 'ignoredPriors', 'multiClaimedPriors', 'matchableObjects']) {
        need(isCount(row[k]), `${at}.${k}`);
      }
      const perObject = row.positivesPerObject;
      need(Array.isArray(perObject) && perObject.length === row.objects && perObject.every(isCount), `${at}.positivesPerObject`);
      if (Array.isArray(perObject)) {
        need(perObject.filter((v) => v === 0).length === row.objectsWithoutPositives, `${at}.objectsWithoutPositives`);
        need(perObject.reduce((a: number, b) => a + (b as number), 0) === row.positivePriors, `${at}.positivePriors`);
      }
      need(Array.isArray(row.positivesAlonePerObject) && row.positivesAlonePerObject.length === row.objects, `${at}.positivesAlonePerObject`);
      need(Array.isArray(row.positivesPerLevel) && row.positivesPerLevel.length === levelsOf.get(row.preset as string), `${at}.positivesPerLevel`);
    });
  }
  return errors;
}

/** A small RFC 4180 reader (quoted fields, doubled quotes), enough to check our own CSV. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

/** Errors in a compare CSV: header, column count, integer columns. */
export function validateCompareCsv(text: string): string[] {
  const rows = parseCsv(text);
  const errors: string[] = [];
  if (rows.length === 0 || rows[0].join(',') !== CSV_COLUMNS.join(',')) errors.push('header');
  rows.slice(1).forEach((r, i) => {
    if (r.length !== CSV_COLUMNS.length) errors.push(`row ${i + 1}: ${r.length} fields`);
    for (const c of ['priors', 'positive_priors', 'objects', 'objects_without_positives', 'ignored_priors', 'multi_claimed_priors', 'matchable_objects'] as const) {
      if (!/^\d+$/.test(r[CSV_COLUMNS.indexOf(c)] ?? '')) errors.push(`row ${i + 1}: ${c}`);
    }
    if (!/^(true|false)$/.test(r[1] ?? '')) errors.push(`row ${i + 1}: synthetic`);
  });
  return errors;
}
