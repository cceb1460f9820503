import { describe, expect, it } from 'vitest';
import type { DatasetImage } from '../../src/datasets/dataset.js';
import { LabelAssignError } from '../../src/errors.js';
import { BUILTIN_CONFIGS, PRESET_NAMES, PRESETS, presetFromConfig } from '../../src/presets/index.js';

const IMAGE: DatasetImage = {
  id: '1',
  fileName: '1.jpg',
  width: 640,
  height: 480,
  boxes: Float32Array.of(10, 20, 110, 220, 300, 300, 340, 330, 500, 40, 620, 200),
  labels: Int32Array.of(0, 1, 2),
  ignoreBoxes: Float32Array.of(200, 200, 260, 260),
};

function positives(label: Int8Array): number {
  let n = 0;
  for (let i = 0; i < label.length; i++) if (label[i] === 1) n++;
  return n;
}

function sameArrays(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

describe('presetFromConfig: valid configs', () => {
  it('every built-in config, given in full, builds a preset identical to the built-in one', () => {
    for (const name of PRESET_NAMES) {
      const json = JSON.parse(JSON.stringify(BUILTIN_CONFIGS[name])) as unknown;
      const copy = presetFromConfig(json);
      const builtin = PRESETS[name];
      expect([copy.name, copy.description, copy.reference, copy.levelNames]).toEqual([builtin.name, builtin.description, builtin.reference, builtin.levelNames]);
      const a = copy.assign(copy.prepare(IMAGE));
      const b = builtin.assign(builtin.prepare(IMAGE));
      expect(sameArrays(a.result.label, b.result.label), name).toBe(true);
      expect(sameArrays(a.result.gtIndex, b.result.gtIndex), name).toBe(true);
      expect(sameArrays(a.priorBoxes, b.priorBoxes), name).toBe(true);
    }
  });

  it('overrides a named preset key by key and keeps the rest', () => {
    const strict = presetFromConfig({ name: 'retina-0.6', assigner: { pos_iou_thr: 0.6 } }, 'retinanet');
    expect(strict.config.assigner).toEqual({ type: 'MaxIoUAssigner', pos_iou_thr: 0.6, neg_iou_thr: 0.4, min_pos_iou: 0, ignore_iof_thr: -1 });
    expect(strict.config.prior_generator).toEqual(BUILTIN_CONFIGS.retinanet.prior_generator);
    expect(strict.name).toBe('retina-0.6');
    expect(strict.description).toBe('retinanet with its assigner overridden');
    expect(strict.reference).toBe('retinanet_r50_fpn_1x_coco (modified)');
    expect(strict.levelNames).toEqual(['P3', 'P4', 'P5', 'P6', 'P7']);
    const loose = PRESETS.retinanet.assign(PRESETS.retinanet.prepare(IMAGE)).result;
    const tight = strict.assign(strict.prepare(IMAGE)).result;
    expect(positives(tight.label)).toBeLessThan(positives(loose.label));
  });

  it('takes the base from the config, and a base given both ways when they agree', () => {
    const a = presetFromConfig({ name: 'atss-7', base: 'atss', assigner: { topk: 7 } });
    const b = presetFromConfig({ name: 'atss-7', base: 'atss', assigner: { topk: 7 } }, 'atss');
    expect(a.config).toEqual(b.config);
    expect(a.config.assigner).toEqual({ type: 'ATSSAssigner', topk: 7 });
    expect('base' in a.config).toBe(false);
  });

  it('merges image keys and keeps explicit description and reference', () => {
    const p = presetFromConfig({ name: 'retina-small', description: 'small input', reference: 'mine', image: { scale: [666, 400] } }, 'retinanet');
    expect(p.config.image).toEqual({ resize: 'keep_ratio', scale: [666, 400], pad_divisor: 32 });
    expect([p.description, p.reference]).toEqual(['small input', 'mine']);
    expect(p.prepare(IMAGE).resized).toEqual([400, 533]);
  });

  it('replaces a section whose type changes (mmdetection _delete_)', () => {
    const p = presetFromConfig({ name: 'retina-atss', assigner: { type: 'ATSSAssigner', topk: 9 } }, 'retinanet');
    expect(p.config.assigner).toEqual({ type: 'ATSSAssigner', topk: 9 });
    const a = p.assign(p.prepare(IMAGE));
    expect(a.priorLevel.length).toBe(18134 * 9);
    expect(positives(a.result.label)).toBeGreaterThan(0);
  });

  it('switching to or from ApproxMaxIoU drops the generator sections that no longer apply', () => {
    const toApprox = presetFromConfig(
      {
        name: 'retina-ga',
        assigner: { type: 'ApproxMaxIoUAssigner', pos_iou_thr: 0.5, neg_iou_thr: 0.4, min_pos_iou: 0.4 },
        approx_anchor_generator: BUILTIN_CONFIGS.retinanet.prior_generator,
        square_anchor_generator: { type: 'AnchorGenerator', ratios: [1], scales: [4], strides: [8, 16, 32, 64, 128] },
      },
      'retinanet',
    );
    expect('prior_generator' in toApprox.config).toBe(false);
    const fromApprox = presetFromConfig(
      { name: 'ga-plain', assigner: { type: 'MaxIoUAssigner', pos_iou_thr: 0.5, neg_iou_thr: 0.4 }, prior_generator: BUILTIN_CONFIGS.retinanet.prior_generator },
      'ga-retinanet',
    );
    expect('approx_anchor_generator' in fromApprox.config || 'square_anchor_generator' in fromApprox.config).toBe(false);
    expect(fromApprox.assign(fromApprox.prepare(IMAGE)).priorLevel.length).toBe(18134 * 9);
  });

  it('re-derives inherited level names when the number of levels changes', () => {
    const p = presetFromConfig({ name: 'retina-3', prior_generator: { strides: [8, 16, 32] } }, 'retinanet');
    expect(p.levelNames).toEqual(['P3', 'P4', 'P5']);
    const q = presetFromConfig({ name: 'ssd-5', prior_generator: { strides: [8, 16, 32, 64, 100], ratios: [[2], [2, 3], [2, 3], [2], [2]] } }, 'ssd300');
    expect(q.levelNames).toEqual(['P3', 'P4', 'P5', 'P6', 'S100']);
  });

  it('accepts a complete config from JSON text, with defaults for optional keys', () => {
    const text = `{
      "name": "my-rpn",
      "image": { "resize": "keep_ratio", "scale": [1000, 600], "pad_divisor": 32 },
      "prior_generator": { "type": "AnchorGenerator", "scales": [8], "ratios": [0.5, 1.0, 2.0], "strides": [4, 8, 16, 32, 64] },
      "assigner": { "type": "MaxIoUAssigner", "pos_iou_thr": 0.7, "neg_iou_thr": 0.3, "min_pos_iou": 0.3 },
      "allowed_border": 0
    }`;
    const p = presetFromConfig(JSON.parse(text));
    expect([p.description, p.reference]).toEqual(['custom preset my-rpn', 'custom']);
    expect(p.levelNames).toEqual(['P2', 'P3', 'P4', 'P5', 'P6']);
    const prepared = p.prepare(IMAGE);
    expect(prepared.resized).toEqual([600, 800]);
    const a = p.assign(prepared);
    expect(a.result.label.includes(-1)).toBe(true);
    // A preset's own config rebuilds it.
    expect(presetFromConfig(p.config).config).toEqual(p.config);
  });

  it('a null section is removed from the base, then must be given again', () => {
    expect(() => presetFromConfig({ name: 'x', prior_generator: null }, 'retinanet')).toThrow(/prior_generator must be given/);
  });
});

/** [config, base, error path, message]: every invalid key and type path. */
const INVALID: readonly [unknown, string | undefined, string, RegExp][] = [
  [42, undefined, 'config', /^presetFromConfig: config must be an object, but was 42$/],
  [[{ name: 'x' }], undefined, 'config', /config must be an object, but was an array of length 1/],
  [{ name: 'x', assigne: {} }, 'retinanet', 'config.assigne', /unknown option 'assigne' in config; did you mean 'assigner'\? Known options: name, base/],
  [{}, undefined, 'name', /name must be a non-empty string, but was undefined/],
  [{ name: 'bad name' }, undefined, 'name', /name must be letters, digits, "\.", "_" or "-", starting with a letter or digit, but was 'bad name'/],
  [{ name: 'x', description: 5 }, 'retinanet', 'description', /description must be a non-empty string, but was 5/],
  [{ name: 'x', reference: '' }, 'retinanet', 'reference', /reference must be a non-empty string, but was ''/],
  [{ name: 'x', level_names: 'P3' }, 'retinanet', 'level_names', /level_names must be an array of level names, but was 'P3'/],
  [{ name: 'x', level_names: ['P3', 4] }, 'retinanet', 'level_names[1]', /level_names\[1\] must be a non-empty string, but was 4/],
  [{ name: 'x', level_names: ['P3'] }, 'retinanet', 'level_names', /level_names must be an array of 5 names \(one per level of the prior generator\), but was an array of length 1/],
  [{ name: 'x' }, undefined, 'image', /image must be given \(an object with resize, scale, pad_divisor, \.\.\.\)/],
  [{ name: 'x', image: 3 }, 'retinanet', 'image', /image must be an object, but was 3/],
  [{ name: 'x', image: { sclae: [1, 2] } }, 'retinanet', 'image.sclae', /unknown option 'sclae' in image; did you mean 'scale'\?/],
  [{ name: 'x', image: { resize: 'fit' } }, 'retinanet', 'image.resize', /image\.resize must be one of 'keep_ratio', 'stretch', 'letterbox', 'none', but was 'fit'/],
  [{ name: 'x', image: { resize: 'none' } }, 'retinanet', 'image.scale', /image\.scale must be absent \(or null, to drop a base preset's\) when image\.resize is 'none', but was an array of length 2/],
  [{ name: 'x', image: { resize: 'stretch', scale: null } }, 'retinanet', 'image.scale', /image\.scale must be a pair \[a, b\] of numbers, but was null/],
  [{ name: 'x', image: { scale: [1333] } }, 'retinanet', 'image.scale', /image\.scale must be a pair \[a, b\] of numbers, but was an array of length 1/],
  [{ name: 'x', image: { scale: [1333.5, 800] } }, 'retinanet', 'image.scale[0]', /image\.scale\[0\] must be an integer >= 1, but was 1333\.5/],
  [{ name: 'x', image: { pad_divisor: 0 } }, 'retinanet', 'image.pad_divisor', /image\.pad_divisor must be an integer >= 1, but was 0/],
  [{ name: 'x', image: { center_pad: [31, -1] } }, 'retinanet', 'image.center_pad[1]', /image\.center_pad\[1\] must be an integer >= 0, but was -1/],
  [{ name: 'x', image: { center_pad: 31 } }, 'retinanet', 'image.center_pad', /image\.center_pad must be a pair \[a, b\] of numbers, but was 31/],
  [{ name: 'x', image: { clip_boxes: 'yes' } }, 'retinanet', 'image.clip_boxes', /image\.clip_boxes must be true or false, but was 'yes'/],
  [{ name: 'x', image: { resize: 'keep_ratio', scale: [1, 1] } }, undefined, 'assigner', /assigner must be given \(an object with a type, e\.g\. MaxIoUAssigner\)/],
  [{ name: 'x', assigner: null }, 'retinanet', 'assigner', /assigner must be given/],
  [{ name: 'x', assigner: [] }, 'retinanet', 'assigner', /assigner must be an object, but was an array of length 0/],
  [{ name: 'x', assigner: { type: 'MaxIoU' } }, 'retinanet', 'assigner.type', /assigner\.type must be one of 'MaxIoUAssigner', 'ApproxMaxIoUAssigner', 'ATSSAssigner', 'GridAssigner', 'FCOSAssigner', 'YOLOv5Assigner', 'CenterNetAssigner', but was 'MaxIoU'/],
  [{ name: 'x', assigner: { pos_iou_th: 0.5 } }, 'retinanet', 'assigner.pos_iou_th', /unknown option 'pos_iou_th' in assigner; did you mean 'pos_iou_thr'\?/],
  [{ name: 'x', assigner: { pos_iou_thr: '0.5' } }, 'retinanet', 'assigner.pos_iou_thr', /assigner\.pos_iou_thr must be a finite number, but was '0\.5'/],
  [{ name: 'x', assigner: { pos_iou_thr: 1.5 } }, 'retinanet', 'assigner.pos_iou_thr', /^presetFromConfig: assigner\.pos_iou_thr must be a number in \[0, 1\], but was 1\.5$/],
  [{ name: 'x', assigner: { neg_iou_thr: [0.5, 0.3] } }, 'retinanet', 'assigner.neg_iou_thr', /assigner\.neg_iou_thr must be a \[lo, hi\] pair with lo <= hi \(lo is 0\.5\), but was 0\.3/],
  [{ name: 'x', assigner: { neg_iou_thr: [0.5, 0.3, 1] } }, 'retinanet', 'assigner.neg_iou_thr', /assigner\.neg_iou_thr must be a pair \[a, b\] of numbers, but was an array of length 3/],
  [{ name: 'x', assigner: { gt_max_assign_all: 1 } }, 'retinanet', 'assigner.gt_max_assign_all', /assigner\.gt_max_assign_all must be true or false, but was 1/],
  [{ name: 'x', assigner: { ignore_iof_thr: 2 } }, 'retinanet', 'assigner.ignore_iof_thr', /assigner\.ignore_iof_thr must be a number <= 1, but was 2/],
  [{ name: 'x', prior_generator: 'anchors' }, 'retinanet', 'prior_generator', /prior_generator must be an object, but was 'anchors'/],
  [{ name: 'x', prior_generator: { type: 'Anchors' } }, 'retinanet', 'prior_generator.type', /prior_generator\.type must be one of 'AnchorGenerator', 'SSDAnchorGenerator', 'YOLOAnchorGenerator', 'MlvlPointGenerator', 'FeatureGrid', but was 'Anchors'/],
  [{ name: 'x', prior_generator: { ratio: [1] } }, 'retinanet', 'prior_generator.ratio', /unknown option 'ratio' in prior_generator; did you mean 'ratios'\?/],
  [{ name: 'x', prior_generator: { ratios: [0.5, -1] } }, 'retinanet', 'prior_generator.ratios[1]', /prior_generator\.ratios\[1\] must be a positive number, but was -1/],
  [{ name: 'x', prior_generator: { ratios: [0.5, 'a'] } }, 'retinanet', 'prior_generator.ratios[1]', /prior_generator\.ratios\[1\] must be a finite number, but was 'a'/],
  [{ name: 'x', prior_generator: { ratios: 1 } }, 'retinanet', 'prior_generator.ratios', /prior_generator\.ratios must be an array of numbers, but was 1/],
  [{ name: 'x', prior_generator: { strides: [8, 'x'] } }, 'retinanet', 'prior_generator.strides[1]', /prior_generator\.strides\[1\] must be a finite number, but was 'x'/],
  [{ name: 'x', prior_generator: { scales: [8] } }, 'retinanet', 'prior_generator.scales', /prior_generator\.scales must be left out when octave_base_scale\/scales_per_octave are set/],
  [{ name: 'x', prior_generator: { scales_per_octave: 1.5 } }, 'retinanet', 'prior_generator.scales_per_octave', /prior_generator\.scales_per_octave must be an integer >= 1, but was 1\.5/],
  [{ name: 'x', prior_generator: { scale_major: 'no' } }, 'retinanet', 'prior_generator.scale_major', /prior_generator\.scale_major must be true or false, but was 'no'/],
  [{ name: 'x', prior_generator: { centers: [[1, 2]] } }, 'retinanet', 'prior_generator.centers', /prior_generator\.centers must be an array of 5 \[x, y\] pairs \(one per level of strides\), but was an array of length 1/],
  [{ name: 'x', prior_generator: { center_offset: 2 } }, 'retinanet', 'prior_generator.center_offset', /prior_generator\.center_offset must be a number in \[0, 1\], but was 2/],
  [{ name: 'x', prior_generator: { type: 'MlvlPointGenerator', strides: [8] } }, 'retinanet', 'prior_generator.type', /prior_generator\.type must be 'AnchorGenerator' or 'SSDAnchorGenerator' or 'YOLOAnchorGenerator' with assigner\.type 'MaxIoUAssigner', but was 'MlvlPointGenerator'/],
  [{ name: 'x', assigner: { type: 'FCOSAssigner' } }, 'retinanet', 'prior_generator.type', /prior_generator\.type must be 'MlvlPointGenerator' with assigner\.type 'FCOSAssigner', but was 'AnchorGenerator'/],
  [{ name: 'x', prior_generator: { strides: [[8, 16], 16, 32, 64, 128] } }, 'fcos', 'prior_generator.strides[0]', /prior_generator\.strides\[0\] must be a single number \(square strides\) for this assigner, but was an array of length 2/],
  [{ name: 'x', prior_generator: { offset: 'half' } }, 'fcos', 'prior_generator.offset', /prior_generator\.offset must be a finite number, but was 'half'/],
  [{ name: 'x', prior_generator: { strides: [8, 16, 32] } }, 'fcos', 'assigner.regress_ranges', /assigner\.regress_ranges must be an array of one \[lo, hi\] pair per level \(3, as prior_generator\.strides\), but was an array of length 5/],
  [{ name: 'x', assigner: { regress_ranges: [[0, 64]] } }, 'fcos', 'assigner.regress_ranges', /assigner\.regress_ranges must be an array of one \[lo, hi\] pair per level \(5, as prior_generator\.strides\)/],
  [{ name: 'x', assigner: { regress_ranges: [0, 64] } }, 'fcos', 'assigner.regress_ranges[0]', /assigner\.regress_ranges\[0\] must be a pair \[a, b\] of numbers, but was 0/],
  [{ name: 'x', assigner: { center_sample_radius: 0 } }, 'fcos', 'assigner.center_sample_radius', /assigner\.center_sample_radius must be a number > 0, but was 0/],
  [{ name: 'x', assigner: { center_sampling: 'yes' } }, 'fcos', 'assigner.center_sampling', /assigner\.center_sampling must be true or false, but was 'yes'/],
  [{ name: 'x', allowed_border: 0 }, 'fcos', 'allowed_border', /allowed_border must be negative \(every anchor used\) with assigner\.type 'FCOSAssigner'; allowed_border >= 0 is supported with MaxIoUAssigner and ATSSAssigner, but was 0/],
  [{ name: 'x', allowed_border: 'no' }, 'retinanet', 'allowed_border', /allowed_border must be a finite number, but was 'no'/],
  [{ name: 'x', assigner: { alpha: 0.5 } }, 'atss', 'assigner.alpha', /assigner\.alpha must be absent \(cost-based ATSS needs network predictions, which a preset does not have\), but was 0\.5/],
  [{ name: 'x', assigner: { alpha: 2 } }, 'atss', 'assigner.alpha', /assigner\.alpha must be a number in \[0, 1\], but was 2/],
  [{ name: 'x', assigner: { topk: 0 } }, 'atss', 'assigner.topk', /assigner\.topk must be an integer >= 1, but was 0/],
  [{ name: 'x', prior_generator: { type: 'AnchorGenerator', ratios: [1], scales: [1], strides: [8] } }, 'ga-retinanet', 'prior_generator', /prior_generator must be absent with an ApproxMaxIoUAssigner \(give approx_anchor_generator and square_anchor_generator\), but was an object/],
  [{ name: 'x', approx_anchor_generator: null }, 'ga-retinanet', 'approx_anchor_generator', /approx_anchor_generator must be given with an ApproxMaxIoUAssigner/],
  [{ name: 'x', square_anchor_generator: null }, 'ga-retinanet', 'square_anchor_generator', /square_anchor_generator must be given with an ApproxMaxIoUAssigner/],
  [{ name: 'x', approx_anchor_generator: { type: 'YOLOAnchorGenerator', strides: [8], base_sizes: [[8]] } }, 'ga-retinanet', 'approx_anchor_generator.type', /approx_anchor_generator\.type must be 'AnchorGenerator', but was 'YOLOAnchorGenerator'/],
  [{ name: 'x', square_anchor_generator: { type: 'SSDAnchorGenerator' } }, 'ga-retinanet', 'square_anchor_generator.type', /square_anchor_generator\.type must be 'AnchorGenerator', but was 'SSDAnchorGenerator'/],
  [{ name: 'x', square_anchor_generator: { strides: [8, 16, 32, 64, 256] } }, 'ga-retinanet', 'square_anchor_generator.strides', /square_anchor_generator\.strides must be equal to approx_anchor_generator\.strides \(8, 16, 32, 64, 128\); they are 8, 16, 32, 64, 256/],
  [{ name: 'x', square_anchor_generator: { ratios: [1, 2] } }, 'ga-retinanet', 'square_anchor_generator', /square_anchor_generator must be a generator with one anchor per location \(one ratio, one scale\); it has 2/],
  [{ name: 'x', approx_anchor_generator: { ratios: [0] } }, 'ga-retinanet', 'approx_anchor_generator.ratios[0]', /approx_anchor_generator\.ratios\[0\] must be a positive number, but was 0/],
  [{ name: 'x', approx_anchor_generator: { type: 'AnchorGenerator', ratios: [1], scales: [1], strides: [8, 16, 32, 64, 128] } }, 'retinanet', 'approx_anchor_generator', /approx_anchor_generator must be absent unless assigner\.type is 'ApproxMaxIoUAssigner' \(it is 'MaxIoUAssigner'\), but was an object/],
  [{ name: 'x', allowed_border: 0 }, 'ga-retinanet', 'allowed_border', /allowed_border must be negative \(every anchor used\) with assigner\.type 'ApproxMaxIoUAssigner'/],
  [{ name: 'x', prior_generator: { input_size: 400 } }, 'ssd300', 'prior_generator.input_size', /prior_generator\.input_size must be 300 or 512 when min_sizes and max_sizes are not given \(set min_sizes and max_sizes for other input sizes\), but was 400/],
  [{ name: 'x', prior_generator: { ratios: [2, 3] } }, 'ssd300', 'prior_generator.ratios[0]', /prior_generator\.ratios\[0\] must be an array of numbers, but was 2/],
  [{ name: 'x', prior_generator: { min_sizes: [1, 2, 3, 4, 5, 6] } }, 'ssd300', 'prior_generator.max_sizes', /prior_generator\.max_sizes must be given together with min_sizes/],
  [{ name: 'x', prior_generator: { basesize_ratio_range: [0.9, 0.15] } }, 'ssd300', 'prior_generator.basesize_ratio_range[1]', /prior_generator\.basesize_ratio_range\[1\] must be a number > 0\.9, but was 0\.15/],
  [{ name: 'x', prior_generator: { base_sizes: [[[1, 2]], [[3, 4]]] } }, 'yolov3', 'prior_generator.base_sizes', /prior_generator\.base_sizes must be an array of 3 lists of sizes \(one per level of strides\), but was an array of length 2/],
  [{ name: 'x', prior_generator: { base_sizes: [[[1, 'a']]] } }, 'yolov3', 'prior_generator.base_sizes[0][0][1]', /prior_generator\.base_sizes\[0\]\[0\]\[1\] must be a finite number, but was 'a'/],
  [{ name: 'x', prior_generator: { base_sizes: [[1], 2, [3]] } }, 'yolov3', 'prior_generator.base_sizes[1]', /prior_generator\.base_sizes\[1\] must be an array of \[w, h\] sizes, but was 2/],
  [{ name: 'x', assigner: { pos_iou_thr: 2 } }, 'yolov3', 'assigner.pos_iou_thr', /assigner\.pos_iou_thr must be a number in \[0, 1\], but was 2/],
  [{ name: 'x', assigner: { num_classes: 80 } }, 'yolov3', 'assigner.num_classes', /unknown option 'num_classes' in assigner/],
  [{ name: 'x', assigner: { anchor_t: 1 } }, 'yolov5', 'assigner.anchor_t', /assigner\.anchor_t must be a number > 1, but was 1/],
  [{ name: 'x', assigner: { neighbor_offset: 0.7 } }, 'yolov5', 'assigner.neighbor_offset', /assigner\.neighbor_offset must be a number in \[0, 0\.5\], but was 0\.7/],
  [{ name: 'x', assigner: { min_overlap: 1 } }, 'centernet', 'assigner.min_overlap', /assigner\.min_overlap must be a number in \(0, 1\), but was 1/],
  [{ name: 'x', assigner: { ignore_coverage_thr: -0.5 } }, 'centernet', 'assigner.ignore_coverage_thr', /assigner\.ignore_coverage_thr must be a number in \[0, 1\], but was -0\.5/],
  [{ name: 'x', prior_generator: { stride: 0 } }, 'centernet', 'prior_generator.stride', /prior_generator\.stride must be a positive number, but was 0/],
  [{ name: 'x', prior_generator: { stride: [4, 4] } }, 'centernet', 'prior_generator.stride', /prior_generator\.stride must be a finite number, but was an array of length 2/],
  [{ name: 'x', base: 'retina' }, undefined, 'base', /base must be one of retinanet, rpn, ssd300, fcos, fcos-center, atss, yolov3, ga-retinanet, centernet, yolov5, but was 'retina'/],
  [{ name: 'x', base: 'atss' }, 'retinanet', 'base', /presetFromConfig: base is 'atss' in the config but 'retinanet' was passed; give one/],
  [{ name: 'x', base: 3 }, undefined, 'base', /base must be a preset name, but was 3/],
];

describe('presetFromConfig: invalid configs', () => {
  it.each(INVALID.map(([json, base, path, message]) => [path, JSON.stringify(json), base ?? '-', json, message] as const))(
    '%s: %s (base %s)',
    (path, _text, base, json, message) => {
      let error: unknown;
      try {
        presetFromConfig(json, base === '-' ? undefined : base);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(LabelAssignError);
      const e = error as LabelAssignError;
      expect(e.code).toBe('invalid-config');
      expect(e.path).toBe(path);
      expect(e.message).toMatch(message);
      expect(e.message.startsWith('presetFromConfig: ')).toBe(true);
    },
  );

  it('rejects a non-string base argument', () => {
    expect(() => presetFromConfig({ name: 'x' }, 3 as unknown as string)).toThrow(/presetFromConfig: base must be a preset name, but was 3/);
  });
});

describe('preset.config', () => {
  it('is a frozen deep copy: neither the caller\'s object nor the built-in configs can change through it', () => {
    const json = { name: 'r7', assigner: { pos_iou_thr: 0.7 } };
    const p = presetFromConfig(json, 'retinanet');
    expect(Object.isFrozen(json)).toBe(false);
    expect(Object.isFrozen(p.config.assigner)).toBe(true);
    expect(Object.isFrozen(p.config.image?.scale)).toBe(true);
    expect(() => {
      (p.config.assigner as Record<string, unknown>).pos_iou_thr = 0.1;
    }).toThrow(TypeError);
    expect(PRESETS.retinanet.config.assigner).toEqual(BUILTIN_CONFIGS.retinanet.assigner);
  });
});
