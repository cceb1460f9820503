// The mmdetection dialect, once: the tables and the names built from them. Option errors are
// written in the words of the input: config keys under eval-cases for a case's config, camelCase
// under the public function for an API call.
import { describe, expect, it } from 'vitest';
import { resolveApproxMaxIoUOptions } from '../../src/assigners/approx-max-iou.js';
import { resolveAtssOptions } from '../../src/assigners/atss.js';
import { resolveCenterNetOptions } from '../../src/assigners/centernet-targets.js';
import { resolveFcosOptions } from '../../src/assigners/fcos.js';
import { resolveGaLocationOptions } from '../../src/assigners/ga-location-targets.js';
import { resolveMaxIoUOptions } from '../../src/assigners/max-iou.js';
import { resolveYoloV3GridOptions } from '../../src/assigners/yolov3-grid.js';
import { resolveYoloV5RatioOptions } from '../../src/assigners/yolov5-ratio.js';
import { resolveDistancePointOptions } from '../../src/geometry/coders/distance-point.js';
import { anchorGenerator, resolveAnchorGeneratorOptions } from '../../src/geometry/priors/anchor-generator.js';
import { resolvePointGeneratorOptions } from '../../src/geometry/priors/point-generator.js';
import { resolveSSDAnchorGeneratorOptions } from '../../src/geometry/priors/ssd-anchor-generator.js';
import { resolveYOLOAnchorGeneratorOptions } from '../../src/geometry/priors/yolo-anchor-generator.js';
import type { ConformanceCase, FamilyRunner } from '../../src/interop/case-format.js';
import { anchorGeneratorRunner } from '../../src/interop/mmdet/anchor-generator.js';
import { atssRunner } from '../../src/interop/mmdet/atss.js';
import { bboxCoderRunner } from '../../src/interop/mmdet/bbox-coder.js';
import { centernetTargetsRunner } from '../../src/interop/mmdet/centernet-targets.js';
import { ASSIGNER_KEYS, configNames, GENERATOR_KEYS, HEAD_KEYS, translate } from '../../src/interop/mmdet/config-keys.js';
import { fcosRunner } from '../../src/interop/mmdet/fcos.js';
import { gaTargetsRunner } from '../../src/interop/mmdet/ga-targets.js';
import { approxMaxIouRunner, maxIouRunner } from '../../src/interop/mmdet/max-iou.js';
import { yoloGridRunner } from '../../src/interop/mmdet/yolo-grid.js';
import { thrown } from '../helpers/assertions.js';
import { loadCaseFile } from '../helpers/conformance.js';

describe('the tables', () => {
  it('map every key to a distinct camelCase option within a type', () => {
    for (const [type, table] of Object.entries({ ...ASSIGNER_KEYS, ...GENERATOR_KEYS })) {
      const options = table.map(([, option]) => option);
      expect(new Set(options).size, type).toBe(options.length);
      for (const [key, option] of table) {
        expect(key, type).toMatch(/^[a-z][a-z0-9_]*$/);
        expect(option, type).toMatch(/^[a-z][a-zA-Z0-9]*$/);
      }
    }
  });

  it('translate: the keys of a table under their options, null (Python None) as not given', () => {
    expect(translate({ type: 'ATSSAssigner', topk: 9, alpha: null, other: 1 }, ASSIGNER_KEYS.ATSSAssigner)).toEqual({ topK: 9 });
  });

  it('configNames: paths of keys, mentions by key within the first section and by path elsewhere', () => {
    const names = configNames('presetFromConfig', [
      ['assigner', ASSIGNER_KEYS.FCOSAssigner],
      ['prior_generator', GENERATOR_KEYS.MlvlPointGenerator],
    ]);
    expect(names.fn).toBe('presetFromConfig');
    expect(names.code).toBe('invalid-config');
    expect(names.section).toBe('assigner');
    expect(names.option('regressRanges')).toBe('assigner.regress_ranges');
    expect(names.option('strides')).toBe('prior_generator.strides');
    expect(names.mention('centerSampling')).toBe('center_sampling');
    expect(names.mention('strides')).toBe('prior_generator.strides');
    const head = configNames('eval-cases', [['config', HEAD_KEYS.CenterNetHead['']]]);
    expect(head.option('numClasses')).toBe('config.num_classes');
  });
});

/** [public function, call, message]: the API's messages, camelCase under the function's name. */
const API_ERRORS: readonly [string, () => unknown, RegExp][] = [
  ['resolveMaxIoUOptions', () => resolveMaxIoUOptions({ positiveIouThreshold: 1.5, negativeIouThreshold: 0.4 }), /^assignMaxIoU: positiveIouThreshold must be a number in \[0, 1\], but was 1\.5$/],
  ['resolveApproxMaxIoUOptions', () => resolveApproxMaxIoUOptions({ positiveIouThreshold: 0.5, negativeIouThreshold: [0.5, 0.3] }), /^assignApproxMaxIoU: negativeIouThreshold must be a \[lo, hi\] pair with lo <= hi \(lo is 0\.5\), but was 0\.3$/],
  ['resolveAtssOptions', () => resolveAtssOptions({ topK: 0 }), /^assignAtss: topK must be a positive integer, but was 0$/],
  ['resolveFcosOptions', () => resolveFcosOptions({ strides: [8, 16], regressRanges: [[0, 64]] }), /^assignFcos: regressRanges must be an array of one \[lo, hi\] pair per level \(2, as strides\), but was an array of length 1$/],
  ['resolveYoloV3GridOptions', () => resolveYoloV3GridOptions({ numClasses: 1, negativeIouThreshold: [0.5, 0.3] }), /^assignYoloV3Grid: options\.negativeIouThreshold\[1\] must be >= negativeIouThreshold\[0\] \(0\.5\), but was 0\.3$/],
  ['resolveYoloV5RatioOptions', () => resolveYoloV5RatioOptions({ anchorT: 1 }), /^assignYoloV5Ratio: options\.anchorT must be a number > 1, but was 1$/],
  ['resolveCenterNetOptions', () => resolveCenterNetOptions({ numClasses: 0 }, 'assignCenterNet'), /^assignCenterNet: numClasses must be an integer >= 1, but was 0$/],
  ['resolveGaLocationOptions', () => resolveGaLocationOptions({ octaveBaseScale: 8, strides: [4], centerRatio: 0.6 }), /^resolveGaLocationOptions: centerRatio must be <= ignoreRatio \(0\.5\); the positive region lies inside the ignore region, but was 0\.6$/],
  ['resolveAnchorGeneratorOptions', () => resolveAnchorGeneratorOptions({ strides: [8], ratios: [1], scales: [1], octaveBaseScale: 4 }), /^anchorGenerator: scales must be left out when octaveBaseScale\/scalesPerOctave are set \(give scales, or octaveBaseScale with scalesPerOctave, not both\)$/],
  ['anchorGenerator', () => anchorGenerator({ strides: [8], ratios: [1], octaveBaseScale: 4 }), /^anchorGenerator: scalesPerOctave must be given together with octaveBaseScale$/],
  ['resolveSSDAnchorGeneratorOptions', () => resolveSSDAnchorGeneratorOptions({ strides: [8, 16, 32], ratios: [[2], [2], [2]], minSizes: [1, 2, 3] }), /^ssdAnchorGenerator: maxSizes must be given together with minSizes$/],
  ['resolveYOLOAnchorGeneratorOptions', () => resolveYOLOAnchorGeneratorOptions({ strides: [8, 16], baseSizes: [[[1, 2]], [[1, 2], [3, 4]]] }), /^yoloAnchorGenerator: baseSizes\[1\] must be an array of 1 sizes, like baseSizes\[0\]/],
  ['resolvePointGeneratorOptions', () => resolvePointGeneratorOptions({ strides: [8], offset: Number.NaN }), /^pointGenerator: offset must be a finite number, but was NaN$/],
  ['resolveDistancePointOptions', () => resolveDistancePointOptions({ maxDis: 1, eps: 2 }, 'encode'), /^encodeDistancePoint: options\.eps must be smaller than maxDis \(1\), but was 2$/],
];

describe('API resolvers name the camelCase option under the public function', () => {
  it.each(API_ERRORS)('%s', (_name, call, message) => {
    const e = thrown(call);
    expect(e.message).toMatch(message);
    expect(e.code).toBe('invalid-argument');
  });
});

function caseOf(family: string, type: string): ConformanceCase {
  const found = loadCaseFile(family).cases.find((c) => c.config.type === type);
  if (found === undefined) throw new Error(`no ${type} case in ${family}`);
  return found;
}

function withConfig(testCase: ConformanceCase, config: Record<string, unknown>): ConformanceCase {
  return { ...testCase, config: { ...testCase.config, ...config } };
}

const yolo = caseOf('yolo_grid', 'YOLOV3Head');
const yoloTrain = yolo.config.train_cfg as Record<string, Record<string, unknown>>;
const ga = caseOf('ga_targets', 'GuidedAnchorHead');
const distance = caseOf('bbox_coder', 'DistancePointBBoxCoder');

/** [runner, case, path, message]: eval-cases names the case's config key, `config.<key>`. */
const EVAL_ERRORS: readonly [FamilyRunner, ConformanceCase, string, RegExp][] = [
  [maxIouRunner, withConfig(caseOf('max_iou', 'MaxIoUAssigner'), { neg_iou_thr: [0.5, 1.5] }), 'config.neg_iou_thr[1]', /^eval-cases: config\.neg_iou_thr\[1\] must be a number in \[0, 1\], but was 1\.5$/],
  [approxMaxIouRunner, withConfig(caseOf('approx_max_iou', 'ApproxMaxIoUAssigner'), { ignore_iof_thr: 3 }), 'config.ignore_iof_thr', /^eval-cases: config\.ignore_iof_thr must be a number <= 1, but was 3$/],
  [atssRunner, withConfig(caseOf('atss', 'ATSSAssigner'), { topk: 1.5 }), 'config.topk', /^eval-cases: config\.topk must be a positive integer, but was 1\.5$/],
  [fcosRunner, withConfig(caseOf('fcos', 'FCOSHead'), { strides: [8, 16, 32, 64, 0] }), 'config.strides[4]', /^eval-cases: config\.strides\[4\] must be a number > 0, but was 0$/],
  [fcosRunner, withConfig(caseOf('fcos', 'FCOSHead'), { center_sampling: 'yes' }), 'config.center_sampling', /^eval-cases: config\.center_sampling must be true or false, but was 'yes'$/],
  [yoloGridRunner, withConfig(yolo, { train_cfg: { ...yoloTrain, assigner: { ...yoloTrain.assigner, min_pos_iou: 2 } } }), 'config.train_cfg.assigner.min_pos_iou', /^eval-cases: config\.train_cfg\.assigner\.min_pos_iou must be a number in \[0, 1\], but was 2$/],
  [yoloGridRunner, withConfig(yolo, { one_hot_smoother: -1 }), 'config.one_hot_smoother', /^eval-cases: config\.one_hot_smoother must be a number in \[0, 1\], but was -1$/],
  [yoloGridRunner, withConfig(yolo, { anchor_generator: { ...(yolo.config.anchor_generator as object), strides: [32, 16, -8] } }), 'config.anchor_generator.strides[2]', /^eval-cases: config\.anchor_generator\.strides\[2\] must be a positive number, but was -8$/],
  [gaTargetsRunner, withConfig(ga, { approx_anchor_generator: { ...(ga.config.approx_anchor_generator as object), octave_base_scale: 0 } }), 'config.approx_anchor_generator.octave_base_scale', /^eval-cases: config\.approx_anchor_generator\.octave_base_scale must be a number > 0, but was 0$/],
  [gaTargetsRunner, withConfig(ga, { train_cfg: { center_ratio: 0 } }), 'config.train_cfg.center_ratio', /^eval-cases: config\.train_cfg\.center_ratio must be a number in \(0, 1\], but was 0$/],
  [centernetTargetsRunner, withConfig(caseOf('centernet_targets', 'CenterNetHead'), { num_classes: 1.5 }), 'config.num_classes', /^eval-cases: config\.num_classes must be an integer >= 1, but was 1\.5$/],
  [anchorGeneratorRunner, withConfig(caseOf('anchor_generator', 'AnchorGenerator'), { scales_per_octave: 0 }), 'config.scales_per_octave', /^eval-cases: config\.scales_per_octave must be an integer >= 1, but was 0$/],
  [anchorGeneratorRunner, withConfig(caseOf('anchor_generator', 'SSDAnchorGenerator'), { basesize_ratio_range: [0.3, 0.9] }), 'config.basesize_ratio_range[0]', /^eval-cases: config\.basesize_ratio_range\[0\] must be 0\.15 \(SSD300 COCO\) or 0\.2 \(SSD300 VOC\) when min_sizes and max_sizes are not given, but was 0\.3$/],
  [anchorGeneratorRunner, withConfig(caseOf('anchor_generator', 'YOLOAnchorGenerator'), { base_sizes: [[[1, 2]], [[1, 2]], [[1, 2], [3, 4]]] }), 'config.base_sizes[2]', /^eval-cases: config\.base_sizes\[2\] must be an array of 1 sizes, like base_sizes\[0\]/],
  [anchorGeneratorRunner, withConfig(caseOf('anchor_generator', 'MlvlPointGenerator'), { offset: 'half' }), 'config.offset', /^eval-cases: config\.offset must be a finite number, but was 'half'$/],
  [bboxCoderRunner, withConfig(caseOf('bbox_coder', 'TBLRBBoxCoder'), { clip_border: 1 }), 'config.clip_border', /^eval-cases: config\.clip_border must be true or false, but was 1$/],
  [bboxCoderRunner, { ...distance, inputs: { ...distance.inputs, max_dis: 1, eps: 2 } }, 'inputs.eps', /^eval-cases: inputs\.eps must be smaller than inputs\.max_dis \(1\), but was 2$/],
];

describe('eval-cases names the case config key', () => {
  it.each(EVAL_ERRORS.map(([runner, testCase, path, message]) => [path, runner.family, runner, testCase, message] as const))('%s (%s)', (path, _family, runner, testCase, message) => {
    const e = thrown(() => runner.prepare(testCase));
    expect(e.message).toMatch(message);
    expect(e.path).toBe(path);
    expect(e.code).toBe('invalid-config');
  });
});
