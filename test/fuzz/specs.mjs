// The fuzz specs: one entry per public function of `label-assign` (and its public methods) and
// of `label-assign/ndarray`. Data, read by test/fuzz/runner.mjs; test/fuzz/fuzz.test.ts fails
// when an export has no entry here.
//
// An entry:
// - `name`: the export (`iouMatrix`), or `owner#method` for a public method (`anchorGenerator#gridPriors`);
//   `module: 'ndarray'` for the subpath; `construct: true` for a class (called with `new`).
// - `params`: the parameter names, so a report says `options.strides[1]`, not `arguments[1][1]`.
// - `seeds`: known-valid calls, small and realistic (mostly the function's TSDoc @example and the
//   README's snippets), each `(j, la) => args`: `j` (test/fuzz/jitter.mjs) marks the numeric
//   leaves and their valid domain, `la` is the built package (to make prior sets, assignments).
// - `call(lib, args)`: how to call it, when not `lib[name](...args)` (methods build their receiver
//   from fixed options, so only the method's own arguments are fuzzed).
// - `owners`: the function names an error may start with (default `[name]`): a method's
//   `owner.method`, a resolver's documented owner (`resolveMaxIoUOptions` reports as
//   `assignMaxIoU`), a deprecated alias's target.
// - `outArgs`: arguments the function writes by design (`out` buffers, drawGaussian's heatmap);
//   they are left out of the no-mutation check.
// - `nonFinite`: documented non-finite result fields, `{ path, when?, why }` (`path` matches
//   `result.overlapThreshold[3]`); anything else non-finite fails.
// - `unchecked: { args, why }`: documented unchecked kernels ("a NaN gives NaN"): a hostile value
//   put into those arguments may come out as a non-finite result (errors and mutations still count).
// - `view(result)`: what of the result is checked (default all of it).
// - `invalid: false`: no hostile pass (only for the error class itself, which validates nothing).
// ---------------------------------------------------------------------------------------------
// Shared pieces

const BOX_PARAMS = ['boxes1', 'boxes2', 'options'];
const INTO_PARAMS = ['boxes1', 'boxes2', 'out', 'options'];
const LOSS_PARAMS = ['pred', 'target', 'options'];
const F32 = { form: 'f32', forms: ['f32'] };

/** Every loss documents it: "mean of nothing is NaN", as torch.mean of an empty tensor. */
const EMPTY_MEAN_IS_NAN = Object.freeze({
  path: /^result\.loss$/,
  when: (v, _args, r) => Number.isNaN(v) && r.gradPred.length === 0,
  why: 'the mean of no elements is NaN (documented on every loss, as torch.mean)',
});

/** The README's ndarray: boxes [[0, 0, 10, 10], [0, 0, 5, 5]] stored column by column. */
const readmeNdarray = () => ({ data: new Float64Array([0, 0, 0, 0, 10, 5, 10, 5]), shape: [2, 4], stride: [1, 2], offset: 0 });

const OVERLAP_MODES = ['iou', 'iof', 'giou', 'diou', 'ciou'];

/** Seeds of an all-pairs function; `withMode` adds a `mode` option. */
function pairwiseSeeds(withMode) {
  const mode = (j, m) => (withMode ? { mode: j.pick(m, OVERLAP_MODES) } : {});
  return [
    (j) => [j.boxes([[0, 0, 10, 10]], { form: 'f32' }), j.boxes([[5, 0, 15, 10]], { form: 'f32' })],
    (j) => [j.boxes([[10, 20, 110, 220], [300, 40, 380, 90]], { form: 'f32', hi: 400, size: 200 }), j.boxes([[0, 0, 100, 200]], { hi: 400, size: 200 }), { ...mode(j, 'giou'), eps: j.num(1e-6, 1e-9, 1e-2) }],
    (j) => [j.valid ? j.boxes([[0, 0, 10, 10], [0, 0, 5, 5]]) : readmeNdarray(), j.boxes([[0, 0, 10, 10]]), mode(j, 'iou')],
    (j) => [j.boxes([[10, 0, 0, 10]], { form: 'flat' }), j.boxes([[0, 0, 5, 5], [1, 1, 1, 1]], { form: 'flat' }), { ...mode(j, 'ciou'), allowInverted: true }],
  ];
}

/** Seeds of a row-by-row function (both sets have as many boxes). */
function alignedSeeds(withMode) {
  const mode = (j, m) => (withMode ? { mode: j.pick(m, OVERLAP_MODES) } : {});
  return [
    (j) => [j.boxes([[0, 0, 10, 10]]), j.boxes([[0, 0, 10, 5]]), mode(j, 'giou')],
    (j) => [j.boxes([[0, 0, 10, 10], [0, 0, 5, 5]], { form: 'f32' }), j.boxes([[5, 0, 15, 10], [0, 0, 5, 5]], { form: 'f32' }), { ...mode(j, 'diou'), eps: j.num(1e-7, 1e-9, 1e-2) }],
    (j) => [j.valid ? j.boxes([[0, 0, 10, 10], [0, 0, 5, 5]]) : readmeNdarray(), j.boxes([[0, 0, 10, 10], [1, 1, 2, 2]], { form: 'ndarray' })],
    (j) => [j.boxes([[10, 0, 0, 10]], { form: 'flat' }), j.boxes([[0, 0, 5, 5]], { form: 'flat' }), { ...mode(j, 'ciou'), allowInverted: true }],
  ];
}

/** A small RetinaNet-like anchor set: strides 8 and 16, three ratios, over a 32 x 32 image. */
function anchorSet(j, la, ratios = [0.5, 1, 2]) {
  return la
    .anchorGenerator({ strides: [8, 16], ratios, octaveBaseScale: 4, scalesPerOctave: 1 })
    .gridPriors([[j.int(4, 0, 5), j.int(4, 0, 5)], [j.int(2, 0, 3), j.int(2, 0, 3)]]);
}

/** A small FCOS point set: five levels over a 64 x 64 image. */
function pointSet(j, la) {
  return la.pointGenerator({ strides: [8, 16, 32, 64, 128] }).gridPriors([[j.int(8, 0, 9), j.int(8, 0, 9)], [4, 4], [2, 2], [1, 1], [1, 1]]);
}

const YOLO_OPTIONS = Object.freeze({
  strides: [32, 16],
  baseSizes: [[[116, 90], [156, 198]], [[30, 61], [62, 45]]],
});

/** A small YOLOv3 anchor set: two levels of two anchors over a 64 x 64 image. */
function yoloSet(j, la) {
  return la.yoloAnchorGenerator(YOLO_OPTIONS).gridPriors([[j.int(2, 0, 3), j.int(2, 0, 3)], [j.int(4, 0, 5), j.int(4, 0, 5)]]);
}

const PROPOSALS = [[10, 10, 60, 60], [12, 8, 58, 66], [200, 200, 260, 240], [0, 0, 30, 30], [5, 5, 40, 40], [100, 100, 140, 150], [30, 30, 70, 70], [11, 11, 61, 63]];
const PROPOSAL_GTS = [[10, 10, 60, 62], [100, 100, 140, 140]];

/** A Faster R-CNN second-stage assignment (the README's sampler snippet, two gts). */
function proposalAssign(j, la) {
  return la.assignMaxIoU(
    { priors: j.boxes(PROPOSALS, { form: 'f32', hi: 240, size: 60 }), gtBoxes: j.boxes(PROPOSAL_GTS, { hi: 240, size: 60 }), gtLabels: [4, 1] },
    { positiveIouThreshold: 0.5, negativeIouThreshold: 0.5, minPositiveIou: 0.5, matchLowQuality: false },
  );
}

/** Resolver specs: their errors are in the words of the function whose options they check. */
const resolver = (name, owner, seeds, params = ['options']) => ({ name, params, owners: [name, ...[owner].flat()], seeds });

// ---------------------------------------------------------------------------------------------
// Geometry: boxes and overlaps

const geometry = [
  {
    name: 'convertBoxes',
    params: ['boxes', 'from', 'to'],
    seeds: [
      (j) => [j.boxes([[10, 20, 30, 40]]), j.pick('xywh', ['xyxy', 'xywh', 'cxcywh']), j.pick('xyxy', ['xyxy', 'xywh', 'cxcywh'])],
      (j) => [j.boxes([[0, 0, 4, 5], [2, 2, 8, 8]], { form: 'f32' }), 'xyxy', 'cxcywh'],
      (j) => [j.boxes([[5, 5, 4, 2]], { form: 'ndarray' }), 'cxcywh', 'xywh'],
    ],
  },
  { name: 'areas', params: ['boxes'], seeds: [(j) => [j.boxes([[0, 0, 4, 5]])], (j) => [j.boxes([[0, 0, 4, 5], [1, 1, 1, 9]], { form: 'f32' })]] },
  { name: 'centers', params: ['boxes'], seeds: [(j) => [j.boxes([[0, 0, 4, 5]])], (j) => [j.boxes([[0, 0, 4, 5], [1, 1, 1, 9]], { form: 'ndarray' })]] },
  {
    name: 'boxCentersInto',
    params: ['boxes', 'out'],
    outArgs: [1],
    unchecked: { args: [0], why: 'TSDoc: "Unchecked: writes [cx, cy] of each box into out"' },
    seeds: [(j) => [j.boxes([[0, 0, 4, 5], [2, 2, 8, 8]], F32), new Float32Array(4)]],
  },
  {
    name: 'cellBoxes',
    params: ['featH', 'featW', 'sx', 'sy'],
    seeds: [(j) => [j.int(1, 0, 6), j.int(2, 0, 6), j.num(4, 0.5, 32), j.num(4, 0.5, 32)]],
  },
  {
    name: 'boxAreas',
    params: ['boxes', 'out'],
    outArgs: [1],
    unchecked: { args: [0], why: 'TSDoc: unchecked float32 areas of flat boxes' },
    seeds: [(j) => [j.boxes([[0, 0, 4, 5]], F32)], (j) => [j.boxes([[0, 0, 4, 5], [1, 1, 3, 3]], F32), new Float32Array(2)]],
  },
  { name: 'pairwiseOverlaps', params: BOX_PARAMS, seeds: pairwiseSeeds(true) },
  { name: 'alignedOverlaps', params: BOX_PARAMS, seeds: alignedSeeds(true) },
  ...['iouMatrix', 'iofMatrix', 'giouMatrix', 'diouMatrix', 'ciouMatrix'].map((name) => ({ name, params: BOX_PARAMS, seeds: pairwiseSeeds(false) })),
  ...['alignedIou', 'alignedIof', 'alignedGiou', 'alignedDiou', 'alignedCiou'].map((name) => ({ name, params: BOX_PARAMS, seeds: alignedSeeds(false) })),
  {
    name: 'pairwiseOverlapsInto',
    params: INTO_PARAMS,
    outArgs: [2],
    unchecked: { args: [0, 1], why: 'TSDoc: "No validation of the coordinates (a NaN gives NaN)"' },
    seeds: [
      (j) => [j.boxes([[0, 0, 10, 10], [0, 0, 5, 5]], F32), j.boxes([[5, 0, 15, 10]], F32), new Float32Array(2)],
      (j) => [j.boxes([[0, 0, 10, 10]], F32), j.boxes([[5, 0, 15, 10], [0, 0, 1, 1]], F32), new Float32Array(2), { mode: j.pick('giou', OVERLAP_MODES), eps: j.num(1e-6, 1e-9, 1e-2) }],
    ],
  },
  {
    name: 'alignedOverlapsInto',
    params: INTO_PARAMS,
    outArgs: [2],
    unchecked: { args: [0, 1], why: 'TSDoc: "No validation of the coordinates (a NaN gives NaN)"' },
    seeds: [
      (j) => [j.boxes([[0, 0, 10, 10]], F32), j.boxes([[0, 0, 10, 5]], F32), new Float32Array(1), { mode: j.pick('giou', OVERLAP_MODES) }],
      (j) => [j.boxes([[0, 0, 10, 10], [2, 2, 3, 3]], F32), j.boxes([[5, 0, 15, 10], [0, 0, 1, 1]], F32), new Float32Array(2)],
    ],
  },
];

// ---------------------------------------------------------------------------------------------
// Priors: generators, their methods, flags and candidate search

const RETINA_OPTIONS = Object.freeze({ strides: [8, 16], ratios: [0.5, 1, 2], octaveBaseScale: 4, scalesPerOctave: 3 });
const SSD_OPTIONS = Object.freeze({ strides: [8, 16, 32, 64, 100, 300], ratios: [[2], [2, 3], [2, 3], [2, 3], [2], [2]], scaleMajor: false });

const priors = [
  {
    name: 'anchorGenerator',
    params: ['options'],
    seeds: [
      (j) => [{ strides: [8, 16, 32, 64, 128], ratios: [0.5, 1, 2], octaveBaseScale: j.num(4, 0.5, 16), scalesPerOctave: j.int(3, 1, 4) }],
      (j) => [{ strides: [j.num(8, 1, 64), [16, j.num(12, 1, 64)]], ratios: [j.num(1, 0.1, 10)], scales: [j.num(4, 0.5, 16), 8], baseSizes: [j.num(8, 1, 64), 16], scaleMajor: j.bool(false), centerOffset: j.num(0.5, 0, 1) }],
      (j) => [{ strides: [8], ratios: [1], scales: [4], centers: [[j.num(4, -8, 8), j.num(4, -8, 8)]] }],
    ],
  },
  resolver('resolveAnchorGeneratorOptions', 'anchorGenerator', [
    (j) => [{ strides: [8, 16], ratios: [1], octaveBaseScale: j.num(4, 0.5, 16), scalesPerOctave: j.int(2, 1, 8) }],
    (j) => [{ strides: [8, [16, 12]], ratios: [0.5, j.num(1, 0.1, 10)], scales: [4], baseSizes: [8, 16], centerOffset: j.num(0.5, 0, 1) }],
  ]),
  {
    name: 'anchorGenerator#gridPriors',
    label: 'anchorGenerator(RETINA_OPTIONS).gridPriors',
    params: ['featmapSizes'],
    owners: ['anchorGenerator.gridPriors'],
    call: (la, args) => la.anchorGenerator(RETINA_OPTIONS).gridPriors(...args),
    seeds: [(j) => [[[j.int(4, 0, 6), j.int(5, 0, 6)], [j.int(2, 0, 4), j.int(3, 0, 4)]]]],
  },
  {
    name: 'ssdAnchorGenerator',
    params: ['options'],
    seeds: [
      () => [{ ...SSD_OPTIONS }],
      (j) => [{ strides: [8, 16, 32], ratios: [[2], [2, j.num(3, 1.1, 5)], [2]], minSizes: [j.num(10, 1, 30), 20, 40], maxSizes: [j.num(40, 30, 60), 40, 80], scaleMajor: j.bool(true) }],
      (j) => [{ strides: [8, 16, 32, 64, 128, 256, 512], ratios: [[2], [2, 3], [2, 3], [2, 3], [2, 3], [2], [2]], inputSize: 512, basesizeRatioRange: [j.pick(0.1, [0.1, 0.15]), 0.9] }],
    ],
  },
  resolver('resolveSSDAnchorGeneratorOptions', 'ssdAnchorGenerator', [
    () => [{ strides: [8, 16, 32, 64, 100, 300], ratios: [[2], [2, 3], [2, 3], [2, 3], [2], [2]] }],
    (j) => [{ strides: [8, 16], ratios: [[2], [3]], minSizes: [j.num(10, 1, 20), 20], maxSizes: [j.num(30, 20, 60), 40] }],
  ]),
  {
    name: 'ssdAnchorGenerator#gridPriors',
    label: 'ssdAnchorGenerator(SSD_OPTIONS).gridPriors',
    params: ['featmapSizes'],
    owners: ['ssdAnchorGenerator.gridPriors'],
    call: (la, args) => la.ssdAnchorGenerator(SSD_OPTIONS).gridPriors(...args),
    seeds: [(j) => [[[j.int(5, 0, 6), j.int(5, 0, 6)], [3, 3], [2, 2], [j.int(1, 0, 2), 1], [1, 1], [1, 1]]]],
  },
  {
    name: 'yoloAnchorGenerator',
    params: ['options'],
    seeds: [
      () => [{ strides: [32, 16, 8], baseSizes: [[[116, 90], [156, 198], [373, 326]], [[30, 61], [62, 45], [59, 119]], [[10, 13], [16, 30], [33, 23]]] }],
      (j) => [{ strides: [j.num(32, 1, 64), [16, j.num(16, 1, 64)]], baseSizes: [[[j.num(116, 1, 400), 90], j.num(64, 1, 400)], [[30, 61], [62, j.num(45, 1, 400)]]] }],
    ],
  },
  resolver('resolveYOLOAnchorGeneratorOptions', 'yoloAnchorGenerator', [(j) => [{ strides: [32], baseSizes: [[[j.num(116, 1, 400), 90], j.num(64, 1, 400)]] }]]),
  {
    name: 'yoloAnchorGenerator#gridPriors',
    label: 'yoloAnchorGenerator(YOLO_OPTIONS).gridPriors',
    params: ['featmapSizes'],
    owners: ['yoloAnchorGenerator.gridPriors'],
    call: (la, args) => la.yoloAnchorGenerator(YOLO_OPTIONS).gridPriors(...args),
    seeds: [(j) => [[[j.int(2, 0, 6), j.int(2, 0, 6)], [j.int(4, 0, 6), j.int(4, 0, 6)]]]],
  },
  {
    name: 'responsibleFlags',
    params: ['set', 'gtBoxes'],
    seeds: [
      (j, la) => [yoloSet(j, la), j.boxes([[10.95, 11.63, 40.74, 39.02]])],
      (j, la) => [yoloSet(j, la), j.boxes([[0, 0, 64, 64], [30, 30, 34, 34]], { form: 'f32' })],
    ],
  },
  {
    name: 'pointGenerator',
    params: ['options'],
    seeds: [(j) => [{ strides: [8, 16, 32, 64, 128], offset: j.num(0.5, 0, 1) }], (j) => [{ strides: [[j.num(8, 1, 64), 4]] }]],
  },
  resolver('resolvePointGeneratorOptions', 'pointGenerator', [(j) => [{ strides: [8, j.num(16, 1, 64)] }], (j) => [{ strides: [[8, 4]], offset: j.num(0, 0, 1) }]]),
  {
    name: 'pointGenerator#gridPriors',
    label: "pointGenerator({ strides: [8, 16, 32, 64, 128] }).gridPriors",
    params: ['featmapSizes'],
    owners: ['pointGenerator.gridPriors'],
    call: (la, args) => la.pointGenerator({ strides: [8, 16, 32, 64, 128] }).gridPriors(...args),
    seeds: [(j) => [[[j.int(8, 0, 9), j.int(12, 0, 13)], [4, 6], [2, 3], [1, j.int(2, 0, 3)], [1, 1]]]],
  },
  { name: 'pointsWithStride', params: ['set'], seeds: [(j, la) => [la.pointGenerator({ strides: [8] }).gridPriors([[j.int(1, 0, 4), j.int(2, 0, 4)]])], (j, la) => [pointSet(j, la)]] },
  { name: 'numLevelPriors', params: ['set'], seeds: [(j, la) => [anchorSet(j, la)], (j, la) => [pointSet(j, la)]] },
  { name: 'priorLevels', params: ['set'], seeds: [(j, la) => [anchorSet(j, la)], (j, la) => [pointSet(j, la)]] },
  {
    name: 'validFlags',
    params: ['set', 'padShape'],
    seeds: [
      (j, la) => [la.anchorGenerator({ strides: [8], ratios: [1], scales: [4] }).gridPriors([[8, 12]]), [j.num(58, 0, 100), j.num(82, 0, 100)]],
      (j, la) => [pointSet(j, la), [j.num(40, 0, 80), j.num(50, 0, 80)]],
    ],
  },
  {
    name: 'priorsOverlappingBox',
    params: ['set', 'x1', 'y1', 'x2', 'y2', 'out'],
    outArgs: [5],
    seeds: [
      (j, la) => {
        const set = la.anchorGenerator({ strides: [8], ratios: [1], scales: [4] }).gridPriors([[j.int(10, 0, 10), j.int(10, 0, 10)]]);
        return [set, j.num(10, -10, 90), j.num(10, -10, 90), j.num(30, -10, 90), j.num(20, -10, 90), new Int32Array(set.numPriors)];
      },
      (j, la) => {
        const set = anchorSet(j, la);
        return [set, j.num(0, -10, 40), j.num(0, -10, 40), j.num(12, 0, 40), j.num(20, 0, 40), new Int32Array(set.numPriors)];
      },
    ],
  },
  {
    name: 'pointsInBox',
    params: ['set', 'x1', 'y1', 'x2', 'y2', 'out'],
    outArgs: [5],
    seeds: [
      (j, la) => {
        const set = la.pointGenerator({ strides: [8] }).gridPriors([[j.int(10, 0, 10), j.int(10, 0, 10)]]);
        return [set, j.num(0, -10, 90), j.num(0, -10, 90), j.num(12, -10, 90), j.num(12, -10, 90), new Int32Array(set.numPriors)];
      },
      (j, la) => {
        const set = pointSet(j, la);
        return [set, j.num(4, -10, 70), j.num(4, -10, 70), j.num(40, -10, 70), j.num(30, -10, 70), new Int32Array(set.numPriors)];
      },
    ],
  },
  {
    name: 'BoxIndex',
    construct: true,
    params: ['boxes'],
    view: (index) => ({ boxes: index.boxes, numBoxes: index.numBoxes }),
    seeds: [(j) => [j.boxes([[0, 0, 10, 10], [20, 20, 30, 30]], { form: 'f32' })], (j) => [j.boxes(PROPOSALS, { hi: 240, size: 60 })]],
  },
  {
    name: 'BoxIndex#overlapping',
    label: 'new BoxIndex(Float32Array.of(0, 0, 10, 10, 20, 20, 30, 30)).overlapping',
    params: ['x1', 'y1', 'x2', 'y2', 'out'],
    outArgs: [4],
    owners: ['BoxIndex.overlapping'],
    call: (la, args) => new la.BoxIndex(Float32Array.of(0, 0, 10, 10, 20, 20, 30, 30)).overlapping(...args),
    seeds: [(j) => [j.num(5, -10, 40), j.num(5, -10, 40), j.num(25, -10, 40), j.num(25, -10, 40), new Int32Array(2)]],
  },
];

// ---------------------------------------------------------------------------------------------
// Box coders

const CODER_PARAMS = (second) => ['priors', second, 'options', 'out'];
const coderOwners = (name, encode, decode) => [name, encode, decode];

const coders = [
  {
    name: 'encodeDeltaXYWH',
    params: CODER_PARAMS('targets'),
    outArgs: [3],
    nonFinite: [{ path: /^result\[\d+\]$/, when: (v) => v === -Infinity, why: 'TSDoc: a target of zero width (height) encodes dw (dh) as -Infinity, as the reference' }],
    seeds: [
      (j) => [j.boxes([[0, 0, 10, 10]], { form: 'flat', minSize: 0.5 }), j.boxes([[1, 1, 11, 11]], { form: 'flat' })],
      (j) => [j.boxes([[0, 0, 10, 10], [4, 4, 20, 12]], { form: 'f32', minSize: 0.5 }), j.boxes([[1, 1, 11, 11], [5, 5, 9, 9]]), { targetMeans: [0, 0, j.num(0, -1, 1), 0], targetStds: [0.1, 0.1, j.num(0.2, 0.01, 2), 0.2], clipBorder: true }, new Float32Array(8)],
    ],
  },
  {
    name: 'decodeDeltaXYWH',
    params: CODER_PARAMS('deltas'),
    outArgs: [3],
    seeds: [
      (j) => [j.boxes([[0, 0, 10, 10]], { form: 'flat' }), j.values([0.1, 0.1, 0, 0], { lo: -4, hi: 4, width: 4 })],
      (j) => [j.boxes([[0, 0, 10, 10]], { form: 'flat' }), j.values([0, 0, 1, 1], { lo: -4, hi: 4, width: 4 }), { maxShape: [j.num(8, 1, 64), j.num(12, 1, 64)] }],
      (j) => [
        j.boxes([[0, 0, 10, 10], [4, 4, 20, 12]], { form: 'f32' }),
        j.values([0.5, -0.5, 2, 3, 0, 0, -1, 0.25], { lo: -8, hi: 8, width: 4 }),
        { targetStds: [0.1, 0.1, 0.2, 0.2], addCtrClamp: true, ctrClamp: j.num(32, 0, 64), whRatioClip: j.num(0.016, 1e-3, 1), clipBorder: j.bool(false), maxShape: [32, 32] },
        new Float32Array(8),
      ],
    ],
  },
  resolver('resolveDeltaXYWHOptions', ['encodeDeltaXYWH', 'decodeDeltaXYWH'], [
    (j) => [{ targetStds: [0.1, 0.1, j.num(0.2, 0.01, 2), 0.2] }, 'encode'],
    (j) => [{ maxShape: [j.num(8, 1, 64), 12], whRatioClip: j.num(0.016, 1e-3, 1), addCtrClamp: true }, 'decode'],
  ], ['options', 'op']),
  {
    name: 'encodeDistancePoint',
    params: ['points', 'targets', 'options', 'out'],
    outArgs: [3],
    seeds: [
      (j) => [j.points([[5, 5]], { form: 'flat' }), j.boxes([[0, 2, 10, 12]], { form: 'flat' })],
      (j) => [j.points([[5, 5], [20, 8]]), j.boxes([[0, 2, 10, 12], [10, 0, 30, 30]], { form: 'f32' }), { maxDis: j.num(16, 1, 64), eps: j.num(0.01, 0, 0.5) }, new Float32Array(8)],
    ],
  },
  {
    name: 'decodeDistancePoint',
    params: ['points', 'distances', 'options', 'out'],
    outArgs: [3],
    seeds: [
      (j) => [j.points([[5, 5]], { form: 'flat' }), j.values([5, 3, 5, 7], { lo: -16, hi: 16, width: 4 })],
      (j) => [j.points([[5, 5]], { form: 'flat' }), j.values([6, 3, 5, 7], { lo: -16, hi: 16, width: 4 }), { maxShape: [j.num(10, 1, 64), j.num(8, 1, 64)], clipBorder: j.bool(true) }, new Float32Array(4)],
    ],
  },
  resolver('resolveDistancePointOptions', ['encodeDistancePoint', 'decodeDistancePoint'], [
    (j) => [{ maxDis: j.num(16, 1, 64), eps: j.num(0.01, 0, 0.5) }, 'encode'],
    (j) => [{ maxShape: [j.num(10, 1, 64), 8], clipBorder: false }, 'decode'],
  ], ['options', 'op']),
  {
    name: 'encodeTBLR',
    params: CODER_PARAMS('targets'),
    outArgs: [3],
    seeds: [
      (j) => [j.boxes([[0, 0, 8, 4]], { form: 'flat', minSize: 0.5 }), j.boxes([[2, 1, 6, 3]], { form: 'flat' }), { normalizer: j.num(1, 0.1, 8) }],
      (j) => [j.boxes([[0, 0, 8, 4], [2, 2, 12, 12]], { form: 'f32', minSize: 0.5 }), j.boxes([[2, 1, 6, 3], [0, 0, 20, 20]]), { normalizer: [4, 4, j.num(2, 0.1, 8), 2] }, new Float32Array(8)],
    ],
  },
  {
    name: 'decodeTBLR',
    params: CODER_PARAMS('encodings'),
    outArgs: [3],
    seeds: [
      (j) => [j.boxes([[0, 0, 8, 4]], { form: 'flat' }), j.values([0.25, 0.25, 0.25, 0.25], { lo: -2, hi: 2, width: 4 }), { normalizer: j.num(1, 0.1, 8) }],
      (j) => [j.boxes([[0, 0, 8, 4]], { form: 'flat' }), j.values([0.5, 0.5, 0.5, 0.5], { lo: -2, hi: 2, width: 4 }), { maxShape: [j.num(3, 1, 16), 6], clipBorder: true, normalizer: [4, 4, 2, 2] }, new Float32Array(4)],
    ],
  },
  resolver('resolveTBLROptions', ['encodeTBLR', 'decodeTBLR'], [
    (j) => [{ normalizer: [4, 4, j.num(2, 0.1, 8), 2] }, 'encode'],
    (j) => [{ normalizer: j.num(4, 0.1, 8), maxShape: [8, 12], clipBorder: true }, 'decode'],
  ], ['options', 'op']),
  {
    name: 'encodeYOLO',
    params: ['anchors', 'targets', 'options', 'out'],
    outArgs: [3],
    seeds: [
      (j) => [j.boxes([[0, 0, 32, 32]], { form: 'flat', minSize: 0.5 }), j.boxes([[8, 4, 40, 36]], { form: 'flat' }), { stride: j.num(32, 1, 64) }],
      (j) => [j.boxes([[0, 0, 32, 32], [16, 16, 48, 40]], { form: 'f32', minSize: 0.5 }), j.boxes([[8, 4, 40, 36], [16, 16, 17, 17]]), { stride: [32, j.num(16, 1, 64)], eps: j.num(1e-6, 1e-9, 0.49) }, new Float32Array(8)],
    ],
  },
  {
    name: 'decodeYOLO',
    params: ['anchors', 'predictions', 'options', 'out'],
    outArgs: [3],
    seeds: [
      (j) => [j.boxes([[0, 0, 32, 32]], { form: 'flat' }), j.values([0.75, 0.625, 0, 0], { lo: -4, hi: 4, width: 4 }), { stride: j.num(32, 1, 64) }],
      (j) => [j.boxes([[0, 0, 32, 32], [16, 16, 48, 40]], { form: 'f32' }), j.values([0.5, 0.5, 1, -1, 0, 1, 0.2, 0.3], { lo: -4, hi: 4, width: 4 }), { stride: [32, j.num(16, 1, 64)] }, new Float32Array(8)],
    ],
  },
  resolver('resolveYOLOOptions', ['encodeYOLO', 'decodeYOLO'], [(j) => [{ stride: j.num(32, 1, 64) }, j.int(3, 0, 6)], (j) => [{ stride: [32, 16, j.num(8, 1, 64)], eps: j.num(1e-6, 1e-9, 0.49) }, 3]], ['options', 'n']),
];

// ---------------------------------------------------------------------------------------------
// Assigners

const ASSIGN_PARAMS = ['input', 'options'];

const assigners = [
  {
    name: 'checkAssignResult',
    params: ['fn', 'path', 'result', 'check'],
    owners: (args) => (typeof args[0] === 'string' ? [args[0], 'checkAssignResult'] : ['checkAssignResult']),
    unchecked: { args: [2], why: 'TSDoc: @returns result, the argument itself (its maxOverlap is only checked for NaN)' },
    seeds: [
      (j, la) => ['samplePseudo', 'assign', proposalAssign(j, la)],
      (j, la) => ['sampleRandom', 'assign', proposalAssign(j, la), { needOverlap: true, gtLabels: [4, 1], numPriors: 8, numGts: 2 }],
    ],
  },
  {
    name: 'assignMaxIoU',
    params: ASSIGN_PARAMS,
    seeds: [
      (j) => [
        { priors: j.boxes([[0, 0, 10, 10], [10, 10, 20, 20]], { hi: 20, size: 12 }), gtBoxes: j.boxes([[0, 0, 10, 9]], { hi: 20, size: 12 }), gtLabels: j.ints([3], 0, 9) },
        { positiveIouThreshold: j.num(0.5, 0, 1), negativeIouThreshold: j.num(0.5, 0, 1) },
      ],
      (j, la) => {
        const set = anchorSet(j, la);
        const lo = j.num(0.1, 0, 1);
        return [
          { priors: set, gtBoxes: j.boxes([[4, 4, 20, 28], [16, 8, 30, 16]], { hi: 32, size: 32 }), gtLabels: [0, 17], ignoreBoxes: j.boxes([[0, 0, 8, 8]], { hi: 32, size: 16 }), validFlags: j.flags(set.numPriors) },
          { positiveIouThreshold: j.num(0.5, 0, 1), negativeIouThreshold: [lo, j.num(0.4, lo, 1)], minPositiveIou: j.num(0, 0, 1), gtMaxAssignAll: j.bool(true), matchLowQuality: j.bool(true), ignoreIofThreshold: j.num(0.5, -1, 1), ignoreWrtCandidates: j.bool(true) },
        ];
      },
      (j) => [
        { priors: j.boxes(PROPOSALS, { form: 'f32', hi: 240, size: 60 }), gtBoxes: j.boxes(PROPOSAL_GTS, { hi: 240, size: 60 }), gtLabels: [4, 1] },
        { positiveIouThreshold: 0.5, negativeIouThreshold: 0.5, minPositiveIou: j.num(0.5, 0, 1), matchLowQuality: false },
      ],
    ],
  },
  resolver('resolveMaxIoUOptions', 'assignMaxIoU', [
    (j) => [{ positiveIouThreshold: j.num(0.7, 0, 1), negativeIouThreshold: j.num(0.3, 0, 1), minPositiveIou: j.num(0.3, 0, 1) }],
    (j) => [{ positiveIouThreshold: 0.5, negativeIouThreshold: [0, j.num(0.4, 0, 1)], ignoreIofThreshold: j.num(0.5, -1, 1), gtMaxAssignAll: false, ignoreWrtCandidates: false }],
  ]),
  {
    name: 'assignApproxMaxIoU',
    params: ASSIGN_PARAMS,
    seeds: [
      (j) => [
        {
          priors: j.boxes([[0, 0, 20, 20], [20, 0, 40, 20]], { hi: 40, size: 20 }),
          approxs: j.boxes([[0, 5, 20, 15], [5, 0, 15, 20], [20, 5, 40, 15], [25, 0, 35, 20]], { hi: 40, size: 20 }),
          approxsPerSquare: 2,
          gtBoxes: j.boxes([[5, 0, 15, 20]], { hi: 40, size: 20 }),
        },
        { positiveIouThreshold: j.num(0.5, 0, 1), negativeIouThreshold: j.num(0.4, 0, 1) },
      ],
      (j, la) => {
        const sizes = [[j.int(4, 0, 5), j.int(4, 0, 5)]];
        const squares = la.anchorGenerator({ strides: [8], ratios: [1], scales: [4] }).gridPriors(sizes);
        const approxs = la.anchorGenerator({ strides: [8], ratios: [0.5, 1, 2], scales: [4] }).gridPriors(sizes);
        return [
          { priors: squares, approxs, approxsPerSquare: 3, gtBoxes: j.boxes([[4, 4, 20, 28]], { hi: 32, size: 32 }), gtLabels: [2], ignoreBoxes: j.boxes([[20, 20, 32, 32]], { hi: 32, size: 16 }), validFlags: j.flags(squares.numPriors) },
          { positiveIouThreshold: j.num(0.5, 0, 1), negativeIouThreshold: j.num(0.4, 0, 1), minPositiveIou: j.num(0.4, 0, 1), ignoreIofThreshold: j.num(0.5, -1, 1) },
        ];
      },
    ],
  },
  resolver('resolveApproxMaxIoUOptions', 'assignApproxMaxIoU', [(j) => [{ positiveIouThreshold: j.num(0.5, 0, 1), negativeIouThreshold: j.num(0.4, 0, 1), minPositiveIou: j.num(0.4, 0, 1) }]]),
  {
    name: 'assignAtss',
    params: ASSIGN_PARAMS,
    nonFinite: [{ path: /^result\.overlapThreshold\[\d+\]$/, when: Number.isNaN, why: 'TSDoc: NaN for a gt with fewer than two candidates, and for every gt when there are no priors' }],
    seeds: [
      (j, la) => [
        { priors: la.anchorGenerator({ strides: [8, 16], ratios: [1], octaveBaseScale: 8, scalesPerOctave: 1 }).gridPriors([[j.int(8, 0, 8), j.int(8, 0, 8)], [j.int(4, 0, 4), 4]]), gtBoxes: j.boxes([[10, 10, 40, 40]]), gtLabels: [3] },
        { topK: j.int(9, 1, 12) },
      ],
      (j) => [
        {
          priors: j.boxes([[0, 0, 10, 10], [10, 0, 20, 10], [0, 10, 10, 20], [10, 10, 20, 20], [0, 0, 20, 20], [10, 10, 30, 30]], { hi: 30, size: 20, form: 'f32' }),
          numLevelPriors: [4, 2],
          gtBoxes: j.boxes([[2, 2, 18, 18], [8, 8, 26, 28]], { hi: 30, size: 20 }),
          gtLabels: [1, 0],
          ignoreBoxes: j.boxes([[0, 0, 6, 6]], { hi: 30, size: 10 }),
        },
        { topK: j.int(3, 1, 6), ignoreIofThreshold: j.num(0.5, -1, 1) },
      ],
      (j, la) => {
        const set = anchorSet(j, la, [1]);
        return [
          { priors: set, gtBoxes: j.boxes([[4, 4, 24, 20]], { hi: 32, size: 32 }), gtLabels: [2], predScores: j.values(Array.from({ length: set.numPriors * 3 }, (_, i) => ((i * 37) % 11) - 5), { width: 3 }), predBoxes: j.boxes(Array.from({ length: set.numPriors }, (_, i) => [i % 8, i % 5, (i % 8) + 8, (i % 5) + 12]), { hi: 32, size: 32, form: 'f32' }) },
          { topK: 4, alpha: j.num(0.8, 0, 1) },
        ];
      },
    ],
  },
  resolver('resolveAtssOptions', 'assignAtss', [() => [{}], (j) => [{ topK: j.int(9, 1, 64), alpha: j.num(0.8, 0, 1), ignoreIofThreshold: j.num(0.5, -1, 1) }]]),
  {
    name: 'assignFcos',
    params: ASSIGN_PARAMS,
    nonFinite: [{ path: /^result\.(centerness|maxOverlap)\[\d+\]$/, when: (v, args) => Number.isNaN(v) && args[1]?.normOnBbox === true, why: 'TSDoc: NaN centerness where a normalised positive has both distances of an axis underflow to 0 (subnormal inputs only)' }],
    seeds: [
      (j, la) => [{ priors: pointSet(j, la), gtBoxes: j.boxes([[16, 16, 60, 50]]), gtLabels: [3] }, { strides: [8, 16, 32, 64, 128] }],
      (j) => [
        {
          priors: j.points([[4, 4], [12, 4], [4, 12], [12, 12], [8, 8], [24, 8]], { hi: 32 }),
          numLevelPriors: [4, 2],
          gtBoxes: j.boxes([[0, 0, 16, 16], [2, 2, 30, 30]], { hi: 32, size: 32 }),
          gtLabels: [1, 5],
          ignoreBoxes: j.boxes([[20, 20, 32, 32]], { hi: 32, size: 16 }),
        },
        { strides: [8, 16], regressRanges: [[-1, j.num(32, 0, 64)], [32, 1e8]], centerSampling: true, centerSampleRadius: j.num(1.5, 0.1, 3), normOnBbox: j.bool(true), ignoreCoverageThreshold: j.num(0.5, 0, 1) },
      ],
    ],
  },
  {
    ...resolver('resolveFcosOptions', 'assignFcos', [
      (j) => [{ strides: [8, 16, 32, 64, j.num(128, 1, 256)] }],
      (j) => [{ strides: [8, 16], regressRanges: [[-1, j.num(64, 0, 128)], [64, 1e8]], centerSampling: true, centerSampleRadius: j.num(1.5, 0.1, 3), normOnBbox: true }],
    ]),
    nonFinite: [{ path: /^result\.regressRanges\[\d+\]\[[01]\]$/, when: (v) => !Number.isNaN(v), why: 'TSDoc: a range is a [lo, hi] pair with lo <= hi and no NaN (an infinite end is allowed)' }],
  },
  {
    name: 'assignYoloV3Grid',
    params: ASSIGN_PARAMS,
    seeds: [
      (j, la) => [{ priors: yoloSet(j, la), gtBoxes: j.boxes([[10.25, 7.5, 40.75, 42.5]]), gtLabels: j.ints([3], 0, 3) }, { numClasses: 4 }],
      (j, la) => {
        const set = yoloSet(j, la);
        const lo = j.num(0, 0, 1);
        return [
          { priors: set, gtBoxes: j.boxes([[10, 8, 40, 42], [30, 30, 60, 50]], { hi: 64, size: 48 }), gtLabels: [0, 1], ignoreBoxes: j.boxes([[0, 0, 16, 16]]), validFlags: j.flags(set.numPriors) },
          { numClasses: 2, positiveIouThreshold: j.num(0.5, 0, 1), negativeIouThreshold: [lo, j.num(0.4, lo, 1)], minPositiveIou: j.num(0, 0, 1), gtMaxAssignAll: j.bool(false), oneHotSmoother: j.num(0.1, 0, 1), ignoreCoverageThreshold: j.num(0.5, 0, 1) },
        ];
      },
    ],
  },
  resolver('resolveYoloV3GridOptions', 'assignYoloV3Grid', [(j) => [{ numClasses: j.int(80, 1, 100) }], (j) => [{ numClasses: 3, negativeIouThreshold: [0, j.num(0.4, 0, 1)], oneHotSmoother: j.num(0.1, 0, 1) }]]),
  {
    name: 'assignYoloV5Ratio',
    params: ASSIGN_PARAMS,
    seeds: [
      (j, la) => [{ priors: la.yoloAnchorGenerator({ strides: [8], baseSizes: [[[10, 13], [16, 30], [33, 23]]] }).gridPriors([[j.int(8, 0, 8), j.int(8, 0, 8)]]), gtBoxes: j.boxes([[14.3, 34.8, 26.3, 54.8]]) }, { anchorT: j.num(2, 1.01, 8) }],
      (j, la) => {
        const set = yoloSet(j, la);
        return [
          { priors: set, gtBoxes: j.boxes([[10, 8, 40, 42], [30, 30, 60, 50]]), gtLabels: [0, 7], ignoreBoxes: j.boxes([[0, 0, 16, 16]]), validFlags: j.flags(set.numPriors) },
          { anchorT: j.num(4, 1.01, 8), neighborOffset: j.num(0.5, 0, 0.5), ignoreCoverageThreshold: j.num(0.5, 0, 1) },
        ];
      },
    ],
  },
  resolver('resolveYoloV5RatioOptions', 'assignYoloV5Ratio', [() => [{}], (j) => [{ anchorT: j.num(4, 1.01, 8), neighborOffset: j.num(0.5, 0, 0.5), ignoreCoverageThreshold: j.num(0.5, 0, 1) }]]),
  {
    name: 'centerNetTargets',
    params: ASSIGN_PARAMS,
    seeds: [
      (j) => [{ gtBoxes: j.boxes([[8, 8, 24, 24]], { hi: 32, size: 24 }), gtLabels: j.ints([1], 0, 1), featmapSize: [8, 8], imageShape: [32, 32] }, { numClasses: 2 }],
      (j) => [{ gtBoxes: j.boxes([[2, 2, 30, 12], [10, 10, 14, 30]], { hi: 32, size: 30, form: 'f32' }), gtLabels: [0, 2], featmapSize: [j.int(8, 1, 8), j.int(6, 1, 8)], imageShape: [j.num(32, 32, 64), j.num(32, 32, 64)] }, { numClasses: 3, minOverlap: j.num(0.3, 0.01, 0.99) }],
    ],
  },
  ...['assignCenterNet', 'centerNetAssign'].map((name) => ({
    name,
    params: ASSIGN_PARAMS,
    // centerNetAssign is the deprecated alias of assignCenterNet (the same function).
    owners: ['assignCenterNet'],
    seeds: [
      (j) => [{ gtBoxes: j.boxes([[8, 8, 24, 24]], { hi: 32, size: 24 }), featmapSize: [8, 8], imageShape: [32, 32] }, { numClasses: 1 }],
      (j) => [
        { gtBoxes: j.boxes([[2, 2, 30, 12], [10, 10, 14, 30]], { hi: 32, size: 30 }), gtLabels: [0, 2], featmapSize: [8, 8], imageShape: [32, 32], ignoreBoxes: j.boxes([[0, 0, 8, 8]], { hi: 32, size: 16 }), validFlags: j.flags(64) },
        { numClasses: 3, minOverlap: j.num(0.3, 0.01, 0.99), ignoreCoverageThreshold: j.num(0.5, 0, 1) },
      ],
    ],
  })),
  {
    name: 'drawGaussian',
    params: ['heatmap', 'height', 'width', 'cx', 'cy', 'radius', 'k'],
    outArgs: [0],
    unchecked: { args: [0], why: "TSDoc: draws into the caller's heatmap in place (max with the kernel); its own values pass through" },
    seeds: [(j) => [new Float32Array(25), 5, 5, j.int(2, -3, 7), j.int(2, -3, 7), j.int(1, 0, 4)], (j) => [new Float32Array(12), 3, 4, j.int(1, -1, 4), 1, j.int(2, 0, 3), j.num(0.5, -2, 2)]],
  },
  { name: 'gaussianRadius', params: ['height', 'width', 'minOverlap'], seeds: [(j) => [j.num(10, 0, 1000), j.num(10, 0, 1000), j.num(0.3, 0.01, 0.99)]] },
  resolver('resolveCenterNetOptions', [], [(j) => [{ numClasses: j.int(80, 1, 100) }], (j) => [{ numClasses: 2, minOverlap: j.num(0.7, 0.01, 0.99), ignoreCoverageThreshold: j.num(0.5, 0, 1) }]]),
  {
    name: 'gaLocationTargets',
    params: ASSIGN_PARAMS,
    seeds: [
      (j) => [{ gtBoxes: j.boxes([[0, 0, 32, 32]], { hi: 64, size: 64 }), featmapSizes: [[8, 8], [4, 4]] }, { octaveBaseScale: j.num(4, 0.5, 16), strides: [8, 16] }],
      (j) => [{ gtBoxes: j.boxes([[4, 4, 20, 28], [30, 30, 62, 62]], { hi: 64, size: 64, form: 'f32' }), gtLabels: [0, 1], featmapSizes: [[j.int(8, 0, 8), 8], [4, j.int(4, 0, 4)]] }, { octaveBaseScale: 8, strides: [8, [16, 16]], centerRatio: j.num(0.2, 0.01, 0.5), ignoreRatio: j.num(0.5, 0.5, 1) }],
    ],
  },
  ...['assignGaLocation', 'gaLocationAssign'].map((name) => ({
    name,
    params: ASSIGN_PARAMS,
    // gaLocationAssign is the deprecated alias of assignGaLocation (the same function).
    owners: ['assignGaLocation'],
    seeds: [
      (j) => [{ gtBoxes: j.boxes([[0, 0, 32, 32]], { hi: 64, size: 64 }), featmapSizes: [[8, 8], [4, 4]] }, { octaveBaseScale: 4, strides: [8, 16] }],
      (j) => [
        { gtBoxes: j.boxes([[4, 4, 20, 28], [30, 30, 62, 62]], { hi: 64, size: 64 }), gtLabels: [3, 1], featmapSizes: [[8, 8], [4, 4]], ignoreBoxes: j.boxes([[40, 0, 64, 24]], { hi: 64, size: 32 }), validFlags: j.flags(80) },
        { octaveBaseScale: j.num(4, 0.5, 16), strides: [8, 16], centerRatio: j.num(0.2, 0.01, 0.5), ignoreRatio: j.num(0.5, 0.5, 1), ignoreCoverageThreshold: j.num(0.5, 0, 1) },
      ],
    ],
  })),
  resolver('resolveGaLocationOptions', [], [(j) => [{ octaveBaseScale: j.num(8, 0.5, 16), strides: [4, 8, 16, 32, 64] }], (j) => [{ octaveBaseScale: 4, strides: [[8, 8]], centerRatio: j.num(0.2, 0.01, 0.5), ignoreRatio: j.num(0.5, 0.5, 1), ignoreCoverageThreshold: j.num(0.5, 0, 1) }]]),
];

// ---------------------------------------------------------------------------------------------
// Samplers

const SAMPLER_PARAMS = ['assign', 'options'];
const seedOption = (j) => j.int(42, -(2 ** 31), 2 ** 31 - 1);

const samplers = [
  {
    name: 'sampleRandom',
    params: SAMPLER_PARAMS,
    seeds: [
      (j, la) => [proposalAssign(j, la), { num: j.int(512, 1, 600), posFraction: j.num(0.25, 0, 1), seed: seedOption(j) }],
      (j, la) => [proposalAssign(j, la), { num: j.int(6, 1, 12), posFraction: j.num(0.5, 0, 1), negPosUb: j.num(2, 0, 5), addGtAsProposals: j.bool(false), rng: la.seededGenerator(seedOption(j)) }],
    ],
  },
  resolver('resolveRandomSamplerOptions', 'sampleRandom', [(j) => [{ num: j.int(512, 1, 600), posFraction: j.num(0.25, 0, 1), seed: seedOption(j) }], (j, la) => [{ num: 64, posFraction: 0.5, negPosUb: j.num(3, 0, 5), addGtAsProposals: false, rng: la.seededGenerator(5) }]]),
  {
    name: 'sampleIoUBalancedNegatives',
    params: SAMPLER_PARAMS,
    seeds: [
      (j, la) => [proposalAssign(j, la), { num: j.int(6, 1, 12), posFraction: j.num(0.25, 0, 1), floorThr: -1, floorFraction: 0, numBins: j.int(3, 1, 5), seed: seedOption(j) }],
      (j, la) => [proposalAssign(j, la), { num: j.int(5, 1, 12), posFraction: 0.25, floorThr: j.num(0.1, 0, 0.99), floorFraction: j.num(0.5, 0, 1), numBins: 2, negPosUb: 3, seed: 0 }],
    ],
  },
  resolver('resolveIoUBalancedSamplerOptions', 'sampleIoUBalancedNegatives', [(j) => [{ num: 512, posFraction: 0.25, seed: 1, floorThr: j.num(0.2, 0, 0.99), floorFraction: j.num(0.5, 0, 1), numBins: j.int(3, 1, 8) }]]),
  {
    name: 'sampleInstanceBalancedPositives',
    params: SAMPLER_PARAMS,
    seeds: [(j, la) => [proposalAssign(j, la), { num: j.int(4, 1, 12), posFraction: j.num(0.5, 0, 1), seed: seedOption(j) }]],
  },
  resolver('resolveInstanceBalancedSamplerOptions', 'sampleInstanceBalancedPositives', [(j) => [{ num: j.int(512, 1, 600), posFraction: j.num(0.25, 0, 1), seed: 3 }]]),
  {
    name: 'sampleCombined',
    params: SAMPLER_PARAMS,
    seeds: [
      (j, la) => [proposalAssign(j, la), { num: j.int(6, 1, 12), posFraction: j.num(0.25, 0, 1), seed: seedOption(j), posSampler: { type: j.pick('instance-balanced', ['random', 'instance-balanced']) }, negSampler: { type: 'iou-balanced', numBins: j.int(3, 1, 5) } }],
      (j, la) => [proposalAssign(j, la), { num: 4, posFraction: 0.5, rng: la.seededGenerator(1), posSampler: { type: 'random' }, negSampler: { type: 'random' } }],
    ],
  },
  resolver('resolveCombinedSamplerOptions', 'sampleCombined', [(j) => [{ num: 512, posFraction: j.num(0.25, 0, 1), seed: 0, posSampler: { type: 'instance-balanced' }, negSampler: { type: 'iou-balanced', floorThr: j.num(0.1, 0, 0.99) } }]]),
  {
    name: 'sampleOhem',
    params: ['assign', 'losses', 'options'],
    seeds: [
      (j, la) => [proposalAssign(j, la), j.values([2, 0.5, 1, 3, 0.1, 0.2, 5, 0.3, 0.4, 1.5], { lo: 0, hi: 10 }), { num: j.int(4, 1, 12), posFraction: j.num(0.25, 0, 1) }],
      (j, la) => [proposalAssign(j, la), function losses(candidates, positive) { return Float32Array.from(candidates, (i) => ((i * 7) % 5) + (positive ? 1 : 0)); }, { num: 3, posFraction: 0.5, negPosUb: j.num(1, 0, 4), addGtAsProposals: j.bool(true) }],
    ],
  },
  resolver('resolveOhemSamplerOptions', 'sampleOhem', [(j) => [{ num: j.int(512, 1, 600), posFraction: j.num(0.25, 0, 1), negPosUb: j.num(3, 0, 5) }]]),
  {
    name: 'sampleSsdHardNegatives',
    params: ['assign', 'losses', 'options'],
    seeds: [
      (j, la) => [proposalAssign(j, la), j.values([0.1, 0.2, 2.5, 0.7, 0.3, 1.1, 0.9, 0.05], { lo: 0, hi: 10, form: 'f32' }), { negPosRatio: j.int(3, 0, 8) }],
      (j, la) => [proposalAssign(j, la), [0.1, 0.2, 2.5, 0.7, 0.3, 1.1, 0.9, 0.05]],
    ],
  },
  resolver('resolveSsdHardNegativeOptions', 'sampleSsdHardNegatives', [() => [{}], (j) => [{ negPosRatio: j.int(3, 0, 10) }]]),
  { name: 'samplePseudo', params: ['assign'], seeds: [(j, la) => [proposalAssign(j, la)], (j, la) => [la.assignAtss({ priors: anchorSet(j, la, [1]), gtBoxes: j.boxes([[4, 4, 24, 20]], { hi: 32, size: 32 }) }, { topK: 4 })]] },
  {
    name: 'softmaxCrossEntropy',
    params: ['logits', 'numChannels', 'targets', 'weights'],
    seeds: [(j) => [j.values([0, 0], { form: 'f32' }), 2, j.ints([1], 0, 1)], (j) => [j.values([1, 2, 3, -1, 0, 4]), 3, [2, 0], j.values([1, 0.5], { lo: 0, hi: 2 })]],
  },
  {
    name: 'ssdHeadLoss',
    params: ['input', 'options'],
    seeds: [
      (j) => [
        {
          clsScore: j.values([2, -1, 0, 0.5, 0.5, 3, 1, 1, 1, -2, 4, 0]),
          labels: j.ints([0, 2, 2, 1], 0, 2),
          labelWeights: j.values([1, 1, 1, 0], { lo: 0, hi: 1 }),
          bboxPred: j.values([0.1, 0.2, -0.1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1], { form: 'f32' }),
          bboxTargets: j.values([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.5, 0.5, 0.5, 0.5], { form: 'f32' }),
          bboxWeights: j.values([1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1], { lo: 0, hi: 1 }),
          avgFactor: j.num(2, 1, 8),
        },
        { numClasses: 2, negPosRatio: j.int(3, 0, 6), smoothL1Beta: j.num(1, 0.01, 4) },
      ],
    ],
  },
  { name: 'expectedPositives', params: ['options'], seeds: [(j, la) => [la.resolveRandomSamplerOptions({ num: j.int(10, 1, 100), posFraction: j.num(0.3, 0, 1), seed: 0 })]] },
  { name: 'expectedNegatives', params: ['options', 'numPos'], seeds: [(j, la) => [la.resolveOhemSamplerOptions({ num: j.int(64, 1, 100), posFraction: 0.25, negPosUb: j.num(3, 0, 5) }), j.int(5, 0, 100)]] },
  { name: 'seededGenerator', params: ['seed'], seeds: [(j) => [seedOption(j)]] },
];

// ---------------------------------------------------------------------------------------------
// Losses

const REDUCTION = ['none', 'mean', 'sum'];
/** Loss options shared by every loss: a reduction, and sometimes a weight / avgFactor / lossWeight. */
const reduceOpts = (j, count) => ({ reduction: j.pick('mean', REDUCTION), lossWeight: j.num(1, -4, 4), ...(count ? { weight: j.values(Array.from({ length: count }, (_, i) => (i % 3) * 0.5), { lo: 0, hi: 2 }) } : {}) });
const loss = (name, seeds) => ({ name, params: LOSS_PARAMS, nonFinite: [EMPTY_MEAN_IS_NAN], seeds });

/** Seeds of a box loss (pred boxes may be inverted; targets may not). */
const boxLoss = (name, example, extra = () => ({})) =>
  loss(name, [
    example,
    (j) => [j.boxes([[0, 0, 10, 10], [5, 5, 20, 25]], { hi: 32, size: 24 }), j.boxes([[1, 1, 11, 9], [4, 6, 18, 30]], { hi: 32, size: 24 }), { ...reduceOpts(j, 2), ...extra(j) }],
    (j) => [j.values([0, 0, 10, 10, 30, 30, 20, 20], { lo: -4, hi: 40, width: 4, form: 'f32' }), j.boxes([[0, 0, 10, 5], [20, 20, 30, 30]], { form: 'f32' }), { reduction: 'mean', avgFactor: j.num(2, 0, 10), weight: j.values([1, 0, 1, 1, 0.5, 0.5, 0.5, 0.5], { lo: 0, hi: 1 }) }],
  ]);

const losses = [
  loss('focalLoss', [
    (j) => [j.values([2, -1, 0, 3], { form: 'f32', width: 2 }), { labels: j.ints([0, 2], 0, 2) }, { numClasses: 2 }],
    (j) => [j.values([2, -1, 0, 3, 1, 1]), { dense: j.values([1, 0, 0.5, 0, 0, 1], { lo: 0, hi: 1 }) }, { numClasses: 2, gamma: j.num(2, 0, 5), alpha: j.num(0.25, 0, 1), ...reduceOpts(j, 3) }],
    (j) => [j.values([0.9, 0.1, 0.2, 0.7], { lo: 0, hi: 1 }), { labels: [1, 0] }, { numClasses: 2, activated: true, reduction: 'mean', avgFactor: j.num(2, 0, 10) }],
  ]),
  loss('qualityFocalLoss', [
    (j) => [j.values([0.5, -2, 1, 0]), { labels: j.ints([0, 2], 0, 2), scores: j.values([0.8, 0], { lo: 0, hi: 1 }) }, { numClasses: 2 }],
    (j) => [j.values([0.5, -2, 1, 0], { form: 'f32', width: 2 }), { dense: j.values([0.8, 0, 0, 0.3], { lo: 0, hi: 1 }) }, { numClasses: 2, beta: j.num(2, 0, 4), ...reduceOpts(j, 2) }],
    (j) => [j.values([0.6, 0.2, 0.9, 0.4], { lo: 0, hi: 1 }), { labels: [1, 0], scores: [0.5, 1] }, { numClasses: 2, activated: true }],
  ]),
  loss('distributionFocalLoss', [
    (j) => [j.values(new Float32Array(17)), j.values([3.4], { lo: 0, hi: 15.99 }), { regMax: 16 }],
    (j) => [j.values([0, 1, 2, 3, 4, 1, 0, 0], { width: 4 }), j.values([1.5, 0.25], { lo: 0, hi: 2.99 }), { regMax: 3, ...reduceOpts(j, 2) }],
  ]),
  {
    name: 'dflTargets',
    params: ['distances', 'options'],
    seeds: [(j) => [j.values([3.25, 20, -1], { lo: -40, hi: 40 }), { regMax: 16 }], (j) => [j.values([1, 2.5, 0, 7]), { regMax: j.int(8, 1, 20), eps: j.num(0.1, 0.001, 0.9) }]],
  },
  { name: 'decodeDistribution', params: ['logits', 'options'], seeds: [(j) => [j.values([0, 0, 0]), { regMax: 2 }], (j) => [j.values(new Float32Array(34), { width: 17 })]] },
  {
    name: 'distributionStatistics',
    params: ['logits', 'options'],
    seeds: [(j) => [j.values([0, 0, Math.log(2)]), { regMax: 2, topK: j.int(2, 1, 3) }], (j) => [j.values(new Float32Array(34), { width: 17 }), { addMean: j.bool(false) }]],
  },
  loss('varifocalLoss', [
    (j) => [j.values([1.5, -2]), j.values([0.8, 0], { lo: 0, hi: 1 }), { numClasses: 2, reduction: 'sum' }],
    (j) => [j.values([1.5, -2, 0, 3], { width: 2 }), j.values([0.8, 0, 0, 1], { lo: 0, hi: 1, width: 2 }), { numClasses: 2, alpha: j.num(0.75, 0, 2), gamma: j.num(2, 0, 4), iouWeighted: j.bool(true), ...reduceOpts(j, 4) }],
  ]),
  boxLoss('iouLoss', (j) => [j.boxes([[0, 0, 10, 10]]), j.boxes([[0, 0, 10, 5]]), { mode: j.pick('linear', ['linear', 'square', 'log']) }], (j) => ({ eps: j.num(1e-6, 1e-9, 0.1) })),
  boxLoss('giouLoss', (j) => [j.boxes([[0, 0, 10, 10]]), j.boxes([[20, 0, 30, 10]]), { reduction: 'sum' }], (j) => ({ eps: j.num(1e-6, 1e-9, 0.1) })),
  boxLoss('diouLoss', (j) => [j.boxes([[0, 0, 10, 10]]), j.boxes([[0, 0, 10, 10]])], (j) => ({ eps: j.num(1e-6, 1e-9, 0.1) })),
  boxLoss('ciouLoss', (j) => [j.boxes([[0, 0, 10, 10]]), j.boxes([[0, 0, 20, 10]]), { reduction: 'none' }], (j) => ({ eps: j.num(1e-6, 1e-9, 0.1) })),
  boxLoss('boundedIouLoss', (j) => [j.boxes([[0, 0, 10, 10]]), j.boxes([[0, 0, 10, 10]]), { reduction: 'sum' }], (j) => ({ beta: j.num(0.2, 0.01, 2), eps: j.num(1e-3, 0, 0.1), weight: j.values([1, 1, 1, 1, 0, 0.5, 0.5, 1], { lo: 0, hi: 1 }) })),
  boxLoss('eiouLoss', (j) => [j.boxes([[0, 0, 10, 10]]), j.boxes([[0, 0, 10, 5]]), { reduction: 'sum' }], (j) => ({ eps: j.num(1e-6, 1e-9, 0.1), smoothPoint: j.num(0.1, 0.01, 1) })),
  boxLoss('siouLoss', (j) => [j.boxes([[0, 0, 10, 10]]), j.boxes([[2, 0, 12, 10]]), { negGamma: true, reduction: 'sum' }], (j) => ({ eps: j.num(1e-6, 1e-9, 0.1), negGamma: j.bool(false) })),
  loss('smoothL1Loss', [(j) => [j.values([0.5, 3]), j.values([0, 0]), { reduction: 'none' }], (j) => [j.values([0.5, 3, -1, 2], { width: 2 }), j.values([0, 0, 1, 1], { width: 2 }), { beta: j.num(1, 0.01, 4), ...reduceOpts(j, 4) }]]),
  loss('l1Loss', [(j) => [j.values([1, -2]), j.values([0, 0])], (j) => [j.values([1, -2, 3, 0.5], { width: 2 }), j.values([0, 0, 1, 1]), reduceOpts(j, 4)]]),
  loss('balancedL1Loss', [
    (j) => [j.values([0.5, 2]), j.values([0, 0]), { reduction: 'none' }],
    (j) => [j.values([0.5, 2, -1, 0]), j.values([0, 0, 1, 1]), { alpha: j.num(0.5, 0.01, 2), gamma: j.num(1.5, 0.01, 4), beta: j.num(1, 0.01, 4), ...reduceOpts(j, 4) }],
  ]),
  loss('gaussianFocalLoss', [
    (j) => [j.values([0.9, 0.1], { lo: 0, hi: 1 }), j.values([1, 0.5], { lo: 0, hi: 1 }), { reduction: 'sum' }],
    (j) => [j.values([0.9, 0.1, 0.3, 0.5, 0.2, 0.99], { lo: 0, hi: 1 }), j.values([1, 0.5, 0, 0.2, 0.1, 1], { lo: 0, hi: 1 }), { alpha: j.num(2, 0, 4), gamma: j.num(4, 0, 6), posWeight: j.num(1, 0, 2), negWeight: j.num(1, 0, 2), ...reduceOpts(j, 6) }],
    (j) => [j.values([0.9, 0.1, 0.3, 0.5, 0.2, 0.99], { lo: 0, hi: 1 }), j.values([1, 0.5, 0, 0.2, 0.1, 1], { lo: 0, hi: 1 }), { posInds: [j.int(1, 0, 1)], posLabels: [j.int(2, 0, 2)], numClasses: 3, avgFactor: j.num(1, 0, 4) }],
  ]),
  {
    name: 'crossEntropyLoss',
    params: ['pred', 'labels', 'options'],
    nonFinite: [EMPTY_MEAN_IS_NAN],
    seeds: [
      (j) => [j.values([0, 0, 0]), j.ints([1], 0, 2), { numClasses: 3 }],
      (j) => [j.values([1, 2, 0, 0, -1, 3], { width: 3 }), [2, -100], { numClasses: 3, classWeight: j.values([1, 0.5, 2], { lo: 0, hi: 2 }), ignoreIndex: j.pick(-100, [-100, -1]), avgNonIgnore: j.bool(true), ...reduceOpts(j, 2) }],
    ],
  },
  loss('binaryCrossEntropyLoss', [
    (j) => [j.values([0, 0]), { labels: j.ints([1], -1, 2) }, { numClasses: 2, reduction: 'sum' }],
    (j) => [j.values([1, -1, 0.5, 2], { width: 2 }), { dense: j.values([1, 0, 0.5, 0], { lo: 0, hi: 1 }) }, { numClasses: 2, classWeight: [1, j.num(2, 0, 4)], avgNonIgnore: j.bool(false), ...reduceOpts(j, 4) }],
  ]),
];

// ---------------------------------------------------------------------------------------------
// The error class (a constructor of data, not a boundary: no hostile pass)

const errors = [
  {
    name: 'LabelAssignError',
    construct: true,
    params: ['code', 'path', 'message'],
    invalid: false,
    view: (e) => ({ name: e.name, code: e.code, path: e.path, message: e.message }),
    seeds: [(j) => [j.pick('invalid-argument', ['invalid-argument', 'invalid-config', 'unsupported', 'io']), 'options.topK', 'assignAtss: options.topK must be a positive integer, but was 0']],
  },
];

// ---------------------------------------------------------------------------------------------
// label-assign/ndarray: the overlap functions with scijs ndarray results

const ndarrayView = (m) => ({ data: m.data, shape: m.shape, stride: m.stride, offset: m.offset });
const ndarraySubpath = [
  { name: 'pairwiseOverlaps', seeds: [...pairwiseSeeds(true), (j) => [{ data: j.values([0, 0, 10, 10], { form: 'f32' }), shape: [1, 4], stride: [4, 1], offset: 0 }, j.boxes([[5, 0, 15, 10]])]] },
  { name: 'alignedOverlaps', seeds: alignedSeeds(true) },
  ...['iouMatrix', 'iofMatrix', 'giouMatrix', 'diouMatrix', 'ciouMatrix'].map((name) => ({ name, seeds: pairwiseSeeds(false) })),
  ...['alignedIou', 'alignedIof', 'alignedGiou', 'alignedDiou', 'alignedCiou'].map((name) => ({ name, seeds: alignedSeeds(false) })),
].map((spec) => ({ ...spec, module: 'ndarray', params: BOX_PARAMS, view: ndarrayView }));

export const SPECS = Object.freeze([...geometry, ...priors, ...coders, ...assigners, ...samplers, ...losses, ...errors, ...ndarraySubpath]);
