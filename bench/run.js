// `npm run bench`: measures label-assign against a baseline measured in the same run and
// writes the figures to BENCHMARKS.md. Seeded inputs, warm-up, min and mean of several runs,
// and a sink that keeps the engine from discarding the work (after flatbush's bench.js).
import { writeFileSync, renameSync } from 'node:fs';
import { cpus } from 'node:os';
import { unsafeUniformIntDistribution, xoroshiro128plus } from 'pure-rand';
import { fileURLToPath } from 'node:url';
import { iouMatrix, pairwiseOverlapsInto } from '../dist/geometry/overlaps.js';
import { anchorGenerator } from '../dist/geometry/priors/anchor-generator.js';
import { priorsOverlappingBox } from '../dist/geometry/priors/candidates.js';
import { assignMaxIoU, assignAtss, assignFcos, pointGenerator } from '../dist/index.js';
import { insideFlags, PRESETS } from '../dist/presets/index.js';

let sink = 0;

/** Uniform doubles in [0, 1) from pure-rand's xoroshiro128+: every run measures the same inputs. */
function random(seed) {
  const rng = xoroshiro128plus(seed);
  return () => unsafeUniformIntDistribution(0, 0x3fffffff, rng) / 0x40000000;
}

function measure(fn, { warmup = 3, runs = 10 } = {}) {
  for (let i = 0; i < warmup; i++) sink += fn();
  const times = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    sink += fn();
    times.push(performance.now() - start);
  }
  return { min: Math.min(...times), mean: times.reduce((a, b) => a + b, 0) / times.length };
}

/** COCO-like ground truths on an 800 x 1333 image. */
function groundTruths(rand, n) {
  const boxes = new Float32Array(n * 4);
  for (let i = 0; i < n; i++) {
    const w = 8 + rand() * rand() * 600;
    const h = w * (0.3 + rand() * 2.5);
    const x = rand() * (1333 - w);
    const y = rand() * Math.max(1, 800 - h);
    boxes.set([x, y, x + w, Math.min(800, y + h)], i * 4);
  }
  return boxes;
}

/** The way IoU is often written in JavaScript: one object per box, float64, nested arrays. */
function naiveIouMatrix(a, b) {
  const A = [];
  const B = [];
  for (let i = 0; i < a.length; i += 4) A.push({ x1: a[i], y1: a[i + 1], x2: a[i + 2], y2: a[i + 3] });
  for (let i = 0; i < b.length; i += 4) B.push({ x1: b[i], y1: b[i + 1], x2: b[i + 2], y2: b[i + 3] });
  return A.map((p) =>
    B.map((q) => {
      const iw = Math.max(0, Math.min(p.x2, q.x2) - Math.max(p.x1, q.x1));
      const ih = Math.max(0, Math.min(p.y2, q.y2) - Math.max(p.y1, q.y1));
      const inter = iw * ih;
      const union = (p.x2 - p.x1) * (p.y2 - p.y1) + (q.x2 - q.x1) * (q.y2 - q.y1) - inter;
      return inter / Math.max(union, 1e-6);
    }),
  );
}

const rows = [];
const rand = random(42);

// RetinaNet priors for an 800 x 1333 image padded to 800 x 1344.
const retinanet = anchorGenerator({ strides: [8, 16, 32, 64, 128], ratios: [0.5, 1, 2], octaveBaseScale: 4, scalesPerOctave: 3 });
const featmapSizes = [8, 16, 32, 64, 128].map((s) => [Math.ceil(800 / s), Math.ceil(1344 / s)]);
const generation = measure(() => retinanet.gridPriors(featmapSizes).numPriors);
const priors = retinanet.gridPriors(featmapSizes);
rows.push(['RetinaNet anchors, 800x1344 (' + priors.numPriors + ' priors)', 'gridPriors', generation, null]);

for (const numGts of [8, 50]) {
  const gts = groundTruths(rand, numGts);
  const out = new Float32Array((priors.priors.length / 4) * numGts);
  const ours = measure(() => pairwiseOverlapsInto(priors.priors, gts, out)[7]);
  const baseline = measure(() => naiveIouMatrix(priors.priors, gts)[7][0], { warmup: 1, runs: 5 });
  rows.push([`IoU matrix, ${priors.numPriors} priors x ${numGts} boxes`, 'pairwiseOverlapsInto (float32-exact)', ours, baseline, 'naive JS (object per box, float64)']);
  const checked = measure(() => iouMatrix(priors.priors, gts)[7]);
  rows.push([`IoU matrix, ${priors.numPriors} priors x ${numGts} boxes`, 'iouMatrix (with input checks)', checked, baseline, 'naive JS (object per box, float64)']);

  // Which priors overlap each box: grid arithmetic against a scan of every prior.
  const found = new Int32Array(priors.numPriors);
  const search = measure(() => {
    let total = 0;
    for (let g = 0; g < numGts; g++) total += priorsOverlappingBox(priors, gts[g * 4], gts[g * 4 + 1], gts[g * 4 + 2], gts[g * 4 + 3], found);
    return total;
  });
  const scan = measure(() => {
    let total = 0;
    const p = priors.priors;
    for (let g = 0; g < numGts; g++) {
      const x1 = gts[g * 4], y1 = gts[g * 4 + 1], x2 = gts[g * 4 + 2], y2 = gts[g * 4 + 3];
      for (let i = 0; i < p.length; i += 4) if (p[i] < x2 && p[i + 2] > x1 && p[i + 1] < y2 && p[i + 3] > y1) total++;
    }
    return total;
  });
  rows.push([`Priors overlapping each of ${numGts} boxes`, 'priorsOverlappingBox (grid arithmetic)', search, scan, 'scan of every prior (typed arrays)']);
}


// Assigners on a RetinaNet-sized image: the sparse, grid-aware path against the dense
// reference algorithm (full IoU matrix, then max over each row and column), as mmdetection does it.
function denseMaxIoU(priorBoxes, gts) {
  const n = priorBoxes.length / 4;
  const k = gts.length / 4;
  const matrix = pairwiseOverlapsInto(priorBoxes, gts, new Float32Array(n * k));
  const gtIndex = new Int32Array(n);
  let positives = 0;
  for (let p = 0; p < n; p++) {
    let best = -1;
    let arg = -1;
    for (let g = 0; g < k; g++) if (matrix[p * k + g] > best) { best = matrix[p * k + g]; arg = g; }
    gtIndex[p] = best >= 0.5 ? arg : -1;
    if (best >= 0.5) positives++;
  }
  return positives;
}
for (const numGts of [8, 50]) {
  const gts = groundTruths(random(7 + numGts), numGts);
  const options = { positiveIouThreshold: 0.5, negativeIouThreshold: 0.4 };
  const sparse = measure(() => assignMaxIoU({ priors, gtBoxes: gts }, options).label.length);
  const plain = measure(() => assignMaxIoU({ priors: priors.priors, gtBoxes: gts }, options).label.length);
  const dense = measure(() => denseMaxIoU(priors.priors, gts));
  rows.push([`MaxIoU, ${priors.numPriors} anchors x ${numGts} boxes`, 'assignMaxIoU, PriorSet (grid search)', sparse, dense, 'dense IoU matrix + max (reference algorithm)']);
  rows.push([`MaxIoU, ${priors.numPriors} anchors x ${numGts} boxes`, 'assignMaxIoU, plain boxes (R-tree)', plain, dense, 'dense IoU matrix + max (reference algorithm)']);
}
{
  const atssSet = anchorGenerator({ strides: [8, 16, 32, 64, 128], ratios: [1], octaveBaseScale: 8, scalesPerOctave: 1 }).gridPriors(featmapSizes);
  const gts = groundTruths(random(99), 50);
  const grid = measure(() => assignAtss({ priors: atssSet, gtBoxes: gts }, { topK: 9 }).label.length);
  const levels = atssSet.levels.map((l) => l.count);
  const scan = measure(() => assignAtss({ priors: atssSet.priors, numLevelPriors: levels, gtBoxes: gts }, { topK: 9 }).label.length, { warmup: 1, runs: 5 });
  rows.push([`ATSS, ${atssSet.numPriors} anchors x 50 boxes`, 'assignAtss, PriorSet (window search)', grid, scan, 'assignAtss on plain boxes (scan per level)']);
  const points = pointGenerator({ strides: [8, 16, 32, 64, 128] }).gridPriors(featmapSizes);
  const fcos = measure(() => assignFcos({ priors: points, gtBoxes: gts }, { strides: [8, 16, 32, 64, 128], centerSampling: true }).label.length);
  rows.push([`FCOS, ${points.numPriors} points x 50 boxes`, 'assignFcos, PriorSet', fcos, null]);
}

// compare's work for one image: the joint assignment and one per object alone. A preset
// validates once (the image when prepared, its own priors never) and calls the kernels; the
// baseline makes the same calls through the public API, which checks everything on every call.
{
  const rpn = PRESETS.rpn;
  const boxes = groundTruths(random(5), 8);
  const image = { id: 'bench', fileName: 'bench.jpg', width: 1333, height: 800, boxes, labels: new Int32Array(8), ignoreBoxes: new Float32Array(0) };
  const prepared = rpn.prepare(image);
  const set = rpn.priors(prepared).set;
  const options = { positiveIouThreshold: 0.7, negativeIouThreshold: 0.3, minPositiveIou: 0.3, matchLowQuality: true };
  const perImage = measure(() => {
    let n = rpn.assign(prepared).result.label.length;
    for (let j = 0; j < 8; j++) n += rpn.assign(prepared, prepared.gtBoxes.subarray(4 * j, 4 * j + 4), prepared.image.labels.subarray(j, j + 1)).result.label.length;
    return n;
  });
  const publicApi = measure(() => {
    const call = (gtBoxes) => assignMaxIoU({ priors: set, gtBoxes, ignoreBoxes: prepared.ignoreBoxes, validFlags: insideFlags(set.priors, prepared.resized, 0) }, options).label.length;
    let n = call(prepared.gtBoxes);
    for (let j = 0; j < 8; j++) n += call(prepared.gtBoxes.subarray(4 * j, 4 * j + 4));
    return n;
  });
  rows.push([`compare, one image: RPN (allowed_border 0), ${set.numPriors} anchors, 8 objects together + each alone`, 'Preset.assign (validated once, kernels)', perImage, publicApi, 'the same calls through assignMaxIoU (checks every call)']);
}

const fmt = (t) => (t ? `${t.min.toFixed(2)} / ${t.mean.toFixed(2)}` : '—');
const lines = [
  '# Benchmarks',
  '',
  `Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: Node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'} (${cpus().length} cores).`,
  'Times in milliseconds, min / mean over 10 runs after 3 warm-up runs (baseline: 5 runs after 1).',
  'Every baseline is measured in the same run, on the same seeded inputs.',
  '',
  '| task | label-assign | ms (min / mean) | baseline | ms (min / mean) | speed-up (min) |',
  '|---|---|---|---|---|---|',
  ...rows.map(([task, ours, t, base, baseName]) =>
    `| ${task} | ${ours} | ${fmt(t)} | ${baseName ?? '—'} | ${fmt(base)} | ${base ? (base.min / t.min).toFixed(1) + 'x' : '—'} |`,
  ),
  '',
];
const target = fileURLToPath(new URL('../BENCHMARKS.md', import.meta.url));
writeFileSync(target + '.tmp', lines.join('\n'));
renameSync(target + '.tmp', target);
process.stdout.write(lines.join('\n') + `\n(sink ${sink > 0 ? 'ok' : 'empty'})\n`);
