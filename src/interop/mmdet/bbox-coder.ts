/**
 * Family `bbox_coder`: mmdetection's `DeltaXYWHBBoxCoder`, `DistancePointBBoxCoder`,
 * `TBLRBBoxCoder` and `YOLOBBoxCoder`, `encode` and `decode`. Options are checked by the coders'
 * resolvers (with the config's snake_case names in messages); the computation runs the coders'
 * unchecked kernels, because the cases hold inputs the public functions reject on purpose (a
 * zero-width gt encodes to -Infinity, inverted boxes decode to inverted boxes).
 */
import { LabelAssignError, invalidArgument } from '../../errors.js';
import { decodeDeltaXYWHUnchecked, encodeDeltaXYWHUnchecked, resolveDeltaXYWHOptions } from '../../geometry/coders/delta-xywh.js';
import { decodeDistancePointUnchecked, encodeDistancePointUnchecked, resolveDistancePointOptions } from '../../geometry/coders/distance-point.js';
import { decodeTBLRUnchecked, encodeTBLRUnchecked, resolveTBLROptions } from '../../geometry/coders/tblr.js';
import { decodeYOLOUnchecked, encodeYOLOUnchecked, resolveYOLOOptions, type YOLOCoderOptions } from '../../geometry/coders/yolo.js';
import { checkKnownKeys, type OptionNames } from '../../validate.js';
import { jsonNumber, readMatrix, toRows, unsupportedType, type ConformanceCase, type FamilyRunner, type PreparedCase } from '../case-format.js';
import { CODER_ARGUMENT_KEYS, CODER_KEYS, configKeys, configNames, type CoderType } from './config-keys.js';

const FN = 'eval-cases';
const TYPES = ['DeltaXYWHBBoxCoder', 'DistancePointBBoxCoder', 'TBLRBBoxCoder', 'YOLOBBoxCoder'] as const satisfies readonly CoderType[];
type Op = 'encode' | 'decode';

function isCoderType(type: unknown): type is CoderType {
  return (TYPES as readonly unknown[]).includes(type);
}

/**
 * The `bbox_coder` family runner: translates a case's snake_case config and inputs into the
 * coders' options and runs the matching kernel. Output: `{ output: rows }`, `n x 4` (or
 * `n x 4k` for class-specific DeltaXYWH deltas), non-finite values as "NaN"/"Infinity" strings.
 *
 * @throws {LabelAssignError} from `prepare` on an unsupported `type`, an unknown config or input
 *   key, a bad `op`, malformed matrices, row counts that do not match, or an invalid option value.
 * @example
 * const prepared = bboxCoderRunner.prepare(testCase);
 * prepared.format(prepared.compute()); // { output: [[dx, dy, dw, dh], ...] }
 */
export const bboxCoderRunner: FamilyRunner = {
  family: 'bbox_coder',
  types: TYPES,
  prepare(testCase: ConformanceCase): PreparedCase<Float32Array> {
    const { config, inputs } = testCase;
    const type = config.type;
    if (!isCoderType(type)) throw unsupportedType('bbox_coder', type, TYPES);
    const op = inputs.op;
    if (op !== 'encode' && op !== 'decode') throw invalidArgument(FN, 'inputs.op', '"encode" or "decode"', op);

    const configTable = CODER_KEYS[type];
    const argumentTable = CODER_ARGUMENT_KEYS[type][op];
    checkKnownKeys(FN, 'config', config, ['type', ...configKeys(configTable)]);
    checkKnownKeys(FN, 'inputs', inputs, ['op', 'bboxes', op === 'encode' ? 'gt_bboxes' : 'pred_bboxes', ...configKeys(argumentTable)]);

    // Options in the toolkit's names; error messages name the config / input key.
    const options: Record<string, unknown> = {};
    for (const [key, option] of configTable) {
      if (config[key] !== undefined) options[option] = config[key];
    }
    for (const [key, option] of argumentTable) {
      const value = inputs[key];
      if (value === undefined || value === null) continue;
      options[option] = key === 'max_shape' ? readMaxShape(value) : key === 'stride' ? readStride(value) : jsonNumber(`inputs.${key}`, value);
    }
    const names = configNames(FN, [
      ['config', configTable],
      ['inputs', argumentTable],
    ]);

    const priors = readMatrix('inputs.bboxes', inputs.bboxes, type === 'DistancePointBBoxCoder' ? 2 : 4);
    const n = priors.length / (type === 'DistancePointBBoxCoder' ? 2 : 4);
    const second = op === 'encode' ? 'gt_bboxes' : 'pred_bboxes';
    const width = op === 'decode' && type === 'DeltaXYWHBBoxCoder' ? deltaWidth(inputs.pred_bboxes) : 4;
    const other = readMatrix(`inputs.${second}`, inputs[second], width);
    if (other.length / width !== n) {
      throw new LabelAssignError(
        'invalid-argument',
        `inputs.${second}`,
        `${FN}: inputs.${second} must have one row per row of inputs.bboxes (${n}), but has ${other.length / width}`,
      );
    }

    const compute = kernel(type, op, priors, other, options, names);
    return {
      compute,
      format: (result) => ({ output: toRows(result, width) }),
    };
  },
};

function kernel(
  type: CoderType,
  op: Op,
  priors: Float32Array,
  other: Float32Array,
  options: Record<string, unknown>,
  names: OptionNames,
): () => Float32Array {
  const length = other.length;
  switch (type) {
    case 'DeltaXYWHBBoxCoder': {
      const o = resolveDeltaXYWHOptions(options, op, names);
      return op === 'encode'
        ? () => encodeDeltaXYWHUnchecked(priors, other, o, new Float32Array(length))
        : () => decodeDeltaXYWHUnchecked(priors, other, o, new Float32Array(length));
    }
    case 'DistancePointBBoxCoder': {
      const o = resolveDistancePointOptions(options, op, names);
      return op === 'encode'
        ? () => encodeDistancePointUnchecked(priors, other, o, new Float32Array(length))
        : () => decodeDistancePointUnchecked(priors, other, o, new Float32Array(length));
    }
    case 'TBLRBBoxCoder': {
      const o = resolveTBLROptions(options, op, names);
      return op === 'encode'
        ? () => encodeTBLRUnchecked(priors, other, o, new Float32Array(length))
        : () => decodeTBLRUnchecked(priors, other, o, new Float32Array(length));
    }
    case 'YOLOBBoxCoder': {
      const o = resolveYOLOOptions(options as unknown as YOLOCoderOptions, priors.length / 4, names);
      return op === 'encode'
        ? () => encodeYOLOUnchecked(priors, other, o, new Float32Array(length))
        : () => decodeYOLOUnchecked(priors, other, o, new Float32Array(length));
    }
  }
}

/** Width of class-specific deltas: the first row's length (4k); 4 for an empty matrix. */
function deltaWidth(value: unknown): number {
  if (!Array.isArray(value) || value.length === 0 || !Array.isArray(value[0])) return 4;
  const width = value[0].length;
  if (width === 0 || width % 4 !== 0) {
    throw invalidArgument(FN, 'inputs.pred_bboxes[0]', 'a row of 4k numbers (k groups of 4 deltas)', value[0]);
  }
  return width;
}

/** `max_shape`: `[h, w]` or mmdetection's `[h, w, c]` (c ignored, as the reference ignores it). */
function readMaxShape(value: unknown): number[] {
  if (!Array.isArray(value) || value.length < 2 || value.length > 3) {
    throw invalidArgument(FN, 'inputs.max_shape', 'an image shape [h, w] (or [h, w, c])', value);
  }
  return [jsonNumber('inputs.max_shape[0]', value[0]), jsonNumber('inputs.max_shape[1]', value[1])];
}

/** `stride`: one number, a flat list (encode) or an `N x 1` column (decode, as YOLOV3Head passes it). */
function readStride(value: unknown): number | number[] {
  if (!Array.isArray(value)) return jsonNumber('inputs.stride', value);
  return value.map((item: unknown, i) => {
    if (Array.isArray(item)) {
      if (item.length !== 1) throw invalidArgument(FN, `inputs.stride[${i}]`, 'a number or a 1-element row', item);
      return jsonNumber(`inputs.stride[${i}][0]`, item[0]);
    }
    return jsonNumber(`inputs.stride[${i}]`, item);
  });
}
