/**
 * Families `max_iou` and `approx_max_iou`: mmdetection's `MaxIoUAssigner` and
 * `ApproxMaxIoUAssigner`. Translates their snake_case configs (the tables of `config-keys.ts`)
 * to the toolkit's options and replays the reference's inputs through the unchecked kernels
 * (the reference accepts inverted boxes, which the public API rejects as a format mistake).
 */
import { assignApproxMaxIoUResolved } from '../../assigners/approx-max-iou.js';
import { checkedInput, type ResolvedAssignInput } from '../../assigners/inputs.js';
import { assignMaxIoUResolved, resolveMaxIoUOptionsFor, type MaxIoUOptions, type MaxIoUResult, type ResolvedMaxIoUOptions } from '../../assigners/max-iou.js';
import { invalidArgument } from '../../errors.js';
import { checkKnownKeys } from '../../validate.js';
import { jsonNumber, readMatrix, unsupportedType, type ConformanceCase, type FamilyRunner, type PreparedCase } from '../case-format.js';
import { ASSIGN_RESULT_INTEGER_KEYS, formatAssignResult } from './assign-result.js';
import { ASSIGNER_KEYS, checkNeutralKeys, configKeys, configNames, NEUTRAL_KEYS, translate } from './config-keys.js';

const FN = 'eval-cases';

/**
 * `MaxIoUAssigner` / `ApproxMaxIoUAssigner` config (snake_case, the keys of
 * `ASSIGNER_KEYS[type]` plus the neutral `gpu_assign_thr` and `iou_calculator`) to checked
 * options; bad values are reported as `eval-cases: config.pos_iou_thr must be ...`.
 */
function translateConfig(family: string, type: 'MaxIoUAssigner' | 'ApproxMaxIoUAssigner', config: Record<string, unknown>): ResolvedMaxIoUOptions {
  if (config.type !== type) throw unsupportedType(family, config.type, [type]);
  const table = ASSIGNER_KEYS[type];
  checkKnownKeys(FN, 'config', config, ['type', ...NEUTRAL_KEYS[type].map((k) => k.key), ...configKeys(table)]);
  checkNeutralKeys(FN, 'config', type, config);
  return resolveMaxIoUOptionsFor(configNames(FN, [['config', table]]), translate(config, table) as unknown as MaxIoUOptions);
}

function readLabels(value: unknown, numGts: number): Int32Array {
  if (!Array.isArray(value) || value.length !== numGts) throw invalidArgument('eval-cases', 'inputs.gt_labels', `a list of ${numGts} class ids`, value);
  return Int32Array.from(value, (v, i) => {
    const n = jsonNumber(`inputs.gt_labels[${i}]`, v);
    if (!Number.isInteger(n) || n < 0) throw invalidArgument('eval-cases', `inputs.gt_labels[${i}]`, 'a non-negative integer', v);
    return n;
  });
}

/** The shared inputs: priors (or squares), gts, labels, ignore boxes; inverted boxes kept. */
function readInputs(inputs: Record<string, unknown>): ResolvedAssignInput {
  const priors = readMatrix('inputs.priors', inputs.priors, 4);
  const gtBoxes = readMatrix('inputs.gt_bboxes', inputs.gt_bboxes, 4);
  const numGts = gtBoxes.length / 4;
  const gtLabels = inputs.gt_labels === undefined ? new Int32Array(numGts) : readLabels(inputs.gt_labels, numGts);
  const ignoreBoxes =
    inputs.gt_bboxes_ignore === undefined || inputs.gt_bboxes_ignore === null ? new Float32Array(0) : readMatrix('inputs.gt_bboxes_ignore', inputs.gt_bboxes_ignore, 4);
  return checkedInput({ priors, gtBoxes, gtLabels, ignoreBoxes });
}

/** `N x A x 4` approxs to a flat square-major array and A (1 when there are no squares). */
function readApproxs(value: unknown, numSquares: number): { boxes: Float32Array; perSquare: number } {
  if (!Array.isArray(value) || value.length !== numSquares) {
    throw invalidArgument('eval-cases', 'inputs.approxs', `a list of ${numSquares} groups of approxs (N x A x 4)`, value);
  }
  if (numSquares === 0) return { boxes: new Float32Array(0), perSquare: 1 };
  const perSquare = Array.isArray(value[0]) ? value[0].length : 0;
  if (perSquare < 1) throw invalidArgument('eval-cases', 'inputs.approxs[0]', 'a non-empty list of [x1, y1, x2, y2] rows', value[0]);
  const boxes = new Float32Array(numSquares * perSquare * 4);
  value.forEach((group: unknown, i) => {
    if (!Array.isArray(group) || group.length !== perSquare) {
      throw invalidArgument('eval-cases', `inputs.approxs[${i}]`, `${perSquare} rows (every square has A approxs)`, group);
    }
    boxes.set(readMatrix(`inputs.approxs[${i}]`, group, 4), i * perSquare * 4);
  });
  return { boxes, perSquare };
}

function prepared(compute: () => MaxIoUResult): PreparedCase<MaxIoUResult> {
  return { compute, format: (result) => formatAssignResult(result) };
}

/** Family `max_iou`, config type `MaxIoUAssigner`. */
export const maxIouRunner: FamilyRunner = {
  family: 'max_iou',
  types: ['MaxIoUAssigner'],
  integerKeys: ASSIGN_RESULT_INTEGER_KEYS,
  prepare({ config, inputs }: ConformanceCase): PreparedCase<MaxIoUResult> {
    const options = translateConfig('max_iou', 'MaxIoUAssigner', config);
    checkKnownKeys('eval-cases', 'inputs', inputs, ['priors', 'gt_bboxes', 'gt_labels', 'gt_bboxes_ignore']);
    const input = readInputs(inputs);
    return prepared(() => assignMaxIoUResolved(input, options));
  },
};

/** Family `approx_max_iou`, config type `ApproxMaxIoUAssigner`. */
export const approxMaxIouRunner: FamilyRunner = {
  family: 'approx_max_iou',
  types: ['ApproxMaxIoUAssigner'],
  integerKeys: ASSIGN_RESULT_INTEGER_KEYS,
  prepare({ config, inputs }: ConformanceCase): PreparedCase<MaxIoUResult> {
    const options = translateConfig('approx_max_iou', 'ApproxMaxIoUAssigner', config);
    // approx_generator, square_generator and featmap_sizes only document where the boxes came from.
    checkKnownKeys('eval-cases', 'inputs', inputs, [
      'priors',
      'approxs',
      'gt_bboxes',
      'gt_labels',
      'gt_bboxes_ignore',
      'approx_generator',
      'square_generator',
      'featmap_sizes',
    ]);
    const input = readInputs(inputs);
    const { boxes, perSquare } = readApproxs(inputs.approxs, input.numPriors);
    return prepared(() => assignApproxMaxIoUResolved(input, { boxes, set: null, perSquare }, options));
  },
};
