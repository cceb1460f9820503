// Preset configs speak mmdetection's dialect: every error names the snake_case key the user
// wrote, under presetFromConfig, from the resolver that rejects it (no message is rewritten).
import { describe, expect, it } from 'vitest';
import { ASSIGNER_KEYS, GENERATOR_KEYS, type AssignerType, type GeneratorType } from '../../src/interop/mmdet/config-keys.js';
import { presetFromConfigAs } from '../../src/presets/from-config.js';
import { presetFromConfig, type PresetName } from '../../src/presets/index.js';
import { thrown } from '../helpers/assertions.js';


const FCOS_RANGES = [[64, -1], [64, 128], [128, 256], [256, 512], [512, 1e8]];

/**
 * [type, base preset, section, override of the section, path of the error]: one bad value per
 * key of every assigner and generator type. Values of the right JSON shape reach the toolkit's
 * resolvers (which write the message); values of the wrong shape are caught by the reader.
 */
const BAD_KEYS: readonly [AssignerType | GeneratorType, PresetName, string, Record<string, unknown>, string][] = [
  ['MaxIoUAssigner', 'retinanet', 'assigner', { pos_iou_thr: 1.5 }, 'assigner.pos_iou_thr'],
  ['MaxIoUAssigner', 'retinanet', 'assigner', { neg_iou_thr: [0.5, 0.3] }, 'assigner.neg_iou_thr'],
  ['MaxIoUAssigner', 'retinanet', 'assigner', { min_pos_iou: -0.5 }, 'assigner.min_pos_iou'],
  ['MaxIoUAssigner', 'retinanet', 'assigner', { gt_max_assign_all: 1 }, 'assigner.gt_max_assign_all'],
  ['MaxIoUAssigner', 'retinanet', 'assigner', { match_low_quality: 'no' }, 'assigner.match_low_quality'],
  ['MaxIoUAssigner', 'retinanet', 'assigner', { ignore_iof_thr: 2 }, 'assigner.ignore_iof_thr'],
  ['MaxIoUAssigner', 'retinanet', 'assigner', { ignore_wrt_candidates: 0 }, 'assigner.ignore_wrt_candidates'],
  ['ApproxMaxIoUAssigner', 'ga-retinanet', 'assigner', { pos_iou_thr: -1 }, 'assigner.pos_iou_thr'],
  ['ApproxMaxIoUAssigner', 'ga-retinanet', 'assigner', { neg_iou_thr: [0.4, 1.5] }, 'assigner.neg_iou_thr[1]'],
  ['ApproxMaxIoUAssigner', 'ga-retinanet', 'assigner', { min_pos_iou: 2 }, 'assigner.min_pos_iou'],
  ['ApproxMaxIoUAssigner', 'ga-retinanet', 'assigner', { gt_max_assign_all: 'yes' }, 'assigner.gt_max_assign_all'],
  ['ApproxMaxIoUAssigner', 'ga-retinanet', 'assigner', { match_low_quality: 0 }, 'assigner.match_low_quality'],
  ['ApproxMaxIoUAssigner', 'ga-retinanet', 'assigner', { ignore_iof_thr: 1.01 }, 'assigner.ignore_iof_thr'],
  ['ApproxMaxIoUAssigner', 'ga-retinanet', 'assigner', { ignore_wrt_candidates: 'x' }, 'assigner.ignore_wrt_candidates'],
  ['ATSSAssigner', 'atss', 'assigner', { topk: 0 }, 'assigner.topk'],
  ['ATSSAssigner', 'atss', 'assigner', { alpha: 2 }, 'assigner.alpha'],
  ['ATSSAssigner', 'atss', 'assigner', { ignore_iof_thr: 1.5 }, 'assigner.ignore_iof_thr'],
  ['GridAssigner', 'yolov3', 'assigner', { pos_iou_thr: 2 }, 'assigner.pos_iou_thr'],
  ['GridAssigner', 'yolov3', 'assigner', { neg_iou_thr: [0.6, 0.2] }, 'assigner.neg_iou_thr[1]'],
  ['GridAssigner', 'yolov3', 'assigner', { min_pos_iou: 1.5 }, 'assigner.min_pos_iou'],
  ['GridAssigner', 'yolov3', 'assigner', { gt_max_assign_all: 'x' }, 'assigner.gt_max_assign_all'],
  ['GridAssigner', 'yolov3', 'assigner', { ignore_coverage_thr: 2 }, 'assigner.ignore_coverage_thr'],
  ['FCOSAssigner', 'fcos', 'assigner', { regress_ranges: FCOS_RANGES }, 'assigner.regress_ranges[0]'],
  ['FCOSAssigner', 'fcos', 'assigner', { center_sampling: 'x' }, 'assigner.center_sampling'],
  ['FCOSAssigner', 'fcos', 'assigner', { center_sample_radius: 0 }, 'assigner.center_sample_radius'],
  ['FCOSAssigner', 'fcos', 'assigner', { norm_on_bbox: 1 }, 'assigner.norm_on_bbox'],
  ['FCOSAssigner', 'fcos', 'assigner', { ignore_coverage_thr: 2 }, 'assigner.ignore_coverage_thr'],
  ['YOLOv5Assigner', 'yolov5', 'assigner', { anchor_t: 1 }, 'assigner.anchor_t'],
  ['YOLOv5Assigner', 'yolov5', 'assigner', { neighbor_offset: 0.7 }, 'assigner.neighbor_offset'],
  ['YOLOv5Assigner', 'yolov5', 'assigner', { ignore_coverage_thr: -0.1 }, 'assigner.ignore_coverage_thr'],
  ['CenterNetAssigner', 'centernet', 'assigner', { min_overlap: 1 }, 'assigner.min_overlap'],
  ['CenterNetAssigner', 'centernet', 'assigner', { ignore_coverage_thr: 1.5 }, 'assigner.ignore_coverage_thr'],
  ['AnchorGenerator', 'retinanet', 'prior_generator', { strides: [8, -16, 32, 64, 128] }, 'prior_generator.strides[1]'],
  ['AnchorGenerator', 'retinanet', 'prior_generator', { ratios: [0.5, 0] }, 'prior_generator.ratios[1]'],
  ['AnchorGenerator', 'retinanet', 'prior_generator', { scales: [8] }, 'prior_generator.scales'],
  ['AnchorGenerator', 'retinanet', 'prior_generator', { octave_base_scale: -4 }, 'prior_generator.octave_base_scale'],
  ['AnchorGenerator', 'retinanet', 'prior_generator', { scales_per_octave: 2000 }, 'prior_generator.scales_per_octave'],
  ['AnchorGenerator', 'retinanet', 'prior_generator', { base_sizes: [8] }, 'prior_generator.base_sizes'],
  ['AnchorGenerator', 'retinanet', 'prior_generator', { scale_major: 'x' }, 'prior_generator.scale_major'],
  ['AnchorGenerator', 'retinanet', 'prior_generator', { centers: [[0, 0]] }, 'prior_generator.centers'],
  ['AnchorGenerator', 'retinanet', 'prior_generator', { center_offset: 2 }, 'prior_generator.center_offset'],
  ['AnchorGenerator', 'ga-retinanet', 'approx_anchor_generator', { octave_base_scale: 0 }, 'approx_anchor_generator.octave_base_scale'],
  ['AnchorGenerator', 'ga-retinanet', 'square_anchor_generator', { scales: [-1] }, 'square_anchor_generator.scales[0]'],
  ['SSDAnchorGenerator', 'ssd300', 'prior_generator', { strides: [8, 16, 32, 64, 100, 0] }, 'prior_generator.strides[5]'],
  ['SSDAnchorGenerator', 'ssd300', 'prior_generator', { ratios: [[2]] }, 'prior_generator.ratios'],
  ['SSDAnchorGenerator', 'ssd300', 'prior_generator', { min_sizes: [0, 1, 1, 1, 1, 1], max_sizes: [1, 1, 1, 1, 1, 1] }, 'prior_generator.min_sizes[0]'],
  ['SSDAnchorGenerator', 'ssd300', 'prior_generator', { min_sizes: [1, 1, 1, 1, 1, 1], max_sizes: [1, 1, 1, 1, 1, -1] }, 'prior_generator.max_sizes[5]'],
  ['SSDAnchorGenerator', 'ssd300', 'prior_generator', { basesize_ratio_range: [0.9, 0.15] }, 'prior_generator.basesize_ratio_range[1]'],
  ['SSDAnchorGenerator', 'ssd300', 'prior_generator', { input_size: 400 }, 'prior_generator.input_size'],
  ['SSDAnchorGenerator', 'ssd300', 'prior_generator', { scale_major: 0 }, 'prior_generator.scale_major'],
  ['YOLOAnchorGenerator', 'yolov3', 'prior_generator', { strides: [32, 16, -8] }, 'prior_generator.strides[2]'],
  ['YOLOAnchorGenerator', 'yolov3', 'prior_generator', { base_sizes: [[[1, 2]], [[3, 4]]] }, 'prior_generator.base_sizes'],
  ['MlvlPointGenerator', 'fcos', 'prior_generator', { strides: [8, 16, 32, 64, -128] }, 'prior_generator.strides[4]'],
  ['MlvlPointGenerator', 'fcos', 'prior_generator', { offset: 'half' }, 'prior_generator.offset'],
  ['FeatureGrid', 'centernet', 'prior_generator', { stride: 0 }, 'prior_generator.stride'],
];

describe('presetFromConfig: every key of every type is named as the config writes it', () => {
  it.each(BAD_KEYS.map(([type, base, section, override, path]) => [type, path, base, section, override] as const))(
    '%s: %s',
    (_type, path, base, section, override) => {
      const e = thrown(() => presetFromConfig({ name: 'x', [section]: override }, base));
      expect(e.code).toBe('invalid-config');
      expect(e.path).toBe(path);
      expect(e.message.startsWith(`presetFromConfig: ${path} must be `)).toBe(true);
      // No camelCase option name of the toolkit leaks into a config error.
      expect(e.message.slice('presetFromConfig: '.length)).not.toMatch(/\b[a-z]+[A-Z][a-zA-Z]*\b/);
    },
  );

  it('covers every key of every assigner and generator table', () => {
    const covered = new Set(BAD_KEYS.map(([type, , , , path]) => `${type} ${path.replace(/^[a-z_]+\.([a-z_]+).*$/, '$1')}`));
    const tables = { ...ASSIGNER_KEYS, ...GENERATOR_KEYS } as Record<string, readonly (readonly [string, string, string])[]>;
    const missing = Object.entries(tables).flatMap(([type, table]) => table.map(([key]) => `${type} ${key}`).filter((k) => !covered.has(k)));
    expect(missing).toEqual([]);
  });

  it('mentions another option by its key, or by its path when it lives in another section', () => {
    expect(thrown(() => presetFromConfig({ name: 'x', prior_generator: { type: 'SSDAnchorGenerator', strides: [8, 16, 32], ratios: [[2], [2], [2]], min_sizes: [1, 2, 3] } }, 'ssd300')).message).toBe(
      'presetFromConfig: prior_generator.max_sizes must be given together with min_sizes',
    );
    expect(thrown(() => presetFromConfig({ name: 'x', assigner: { regress_ranges: [[0, 64]] } }, 'fcos')).message).toMatch(
      /^presetFromConfig: assigner\.regress_ranges must be an array of one \[lo, hi\] pair per level \(5, as prior_generator\.strides\)/,
    );
    expect(thrown(() => presetFromConfig({ name: 'x', assigner: { neg_iou_thr: [0.6, 0.2] } }, 'yolov3')).message).toBe(
      'presetFromConfig: assigner.neg_iou_thr[1] must be >= neg_iou_thr[0] (0.6), but was 0.2',
    );
  });

  it('accepts the mmdetection-only keys that change nothing, and rejects the values that would', () => {
    const p = presetFromConfig(
      { name: 'x', assigner: { gpu_assign_thr: 100, iou_calculator: { type: 'BboxOverlaps2D' } }, prior_generator: { use_box_type: false } },
      'retinanet',
    );
    expect(p.config.assigner).toMatchObject({ gpu_assign_thr: 100 });
    const e = thrown(() => presetFromConfig({ name: 'x', assigner: { iou_calculator: { type: 'BboxOverlaps3D' } } }, 'atss'));
    expect(e.code).toBe('unsupported');
    expect(e.path).toBe('assigner.iou_calculator');
    expect(e.message).toMatch(/^presetFromConfig: ATSSAssigner supports only iou_calculator \{"type": "BboxOverlaps2D"\}/);
    expect(thrown(() => presetFromConfig({ name: 'x', assigner: { gpu_assign_thr: 1 } }, 'fcos')).message).toMatch(/unknown option 'gpu_assign_thr' in assigner/);
  });

  it('writes every message in the words of the caller that reads the config (a command, a file)', () => {
    const fn = 'compare: preset config my.json';
    const cases: [unknown, string][] = [
      [{ name: 'x', base: 'retinanet', assigner: { pos_iou_thr: 2 } }, 'compare: preset config my.json: assigner.pos_iou_thr must be a number in [0, 1], but was 2'],
      [{ name: 'x', base: 'retina' }, 'compare: preset config my.json: base must be one of retinanet, rpn, ssd300, fcos, fcos-center, atss, yolov3, ga-retinanet, centernet, yolov5, but was \'retina\''],
      [{ name: 'x', base: 'atss', assigne: {} }, "compare: preset config my.json: unknown option 'assigne' in config; did you mean 'assigner'?"],
      [{ name: 'x', base: 'ssd300', prior_generator: { input_size: 400 } }, 'compare: preset config my.json: prior_generator.input_size must be 300 or 512'],
      [{ name: 'x', base: 'fcos', prior_generator: { strides: [[8, 16], 16, 32, 64, 128] } }, 'compare: preset config my.json: prior_generator.strides[0] must be a single number'],
    ];
    for (const [json, start] of cases) {
      const e = thrown(() => presetFromConfigAs(fn, json));
      expect(e.message.startsWith(start), e.message).toBe(true);
      expect(e.code).toBe('invalid-config');
    }
  });
});
