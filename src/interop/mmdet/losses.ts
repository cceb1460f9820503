/**
 * Family `losses`: mmdetection's loss modules (`FocalLoss`, `QualityFocalLoss`,
 * `DistributionFocalLoss`, `VarifocalLoss`, the IoU family, `BalancedL1Loss`, `SmoothL1Loss`,
 * `L1Loss`, `GaussianFocalLoss`, `CrossEntropyLoss`), their forward value (`loss`) and
 * `d(sum of loss) / d(pred)` (`grad_pred`). Each case's snake_case config and forward
 * arguments are translated into the toolkit's loss options; tensors of any rank are read
 * row-major and written back in their shapes.
 */
import { invalidArgument, LabelAssignError } from '../../errors.js';
import { balancedL1Loss } from '../../losses/balanced-l1.js';
import { binaryCrossEntropyLoss } from '../../losses/binary-cross-entropy.js';
import { ciouLossLikeReference } from '../../losses/ciou.js';
import type { LossResult, Reduction } from '../../losses/common.js';
import { crossEntropyLoss } from '../../losses/cross-entropy.js';
import { diouLoss } from '../../losses/diou.js';
import { distributionFocalLoss } from '../../losses/distribution-focal.js';
import { eiouLoss } from '../../losses/eiou.js';
import { focalLoss } from '../../losses/focal.js';
import { gaussianFocalLoss } from '../../losses/gaussian-focal.js';
import { giouLoss } from '../../losses/giou.js';
import { iouLoss, type IouLossMode } from '../../losses/iou.js';
import { boundedIouLoss } from '../../losses/bounded-iou.js';
import { l1Loss } from '../../losses/l1.js';
import { qualityFocalLoss } from '../../losses/quality-focal.js';
import { siouLoss } from '../../losses/siou.js';
import { smoothL1Loss } from '../../losses/smooth-l1.js';
import { varifocalLoss } from '../../losses/varifocal.js';
import { checkKnownKeys } from '../../validate.js';
import { jsonNumber, toJsonNumber, unsupportedType, type FamilyRunner, type PreparedCase } from '../case-format.js';
import { configKeys, LOSS_COMMON_KEYS, LOSS_KEYS, LOSS_SWITCH_KEYS, translate, type LossType } from './config-keys.js';

const FN = 'eval-cases';

const TYPES = Object.keys(LOSS_KEYS) as LossType[];

/** Forward arguments of each type besides `pred`, `weight`, `avg_factor`, `reduction_override`. */
const INPUT_KEYS: Record<LossType, readonly string[]> = {
  FocalLoss: ['target'],
  QualityFocalLoss: ['target', 'target_labels', 'target_scores'],
  DistributionFocalLoss: ['target'],
  VarifocalLoss: ['target'],
  IoULoss: ['target'],
  GIoULoss: ['target'],
  DIoULoss: ['target'],
  CIoULoss: ['target'],
  BoundedIoULoss: ['target'],
  EIoULoss: ['target'],
  SIoULoss: ['target'],
  BalancedL1Loss: ['target'],
  SmoothL1Loss: ['target'],
  L1Loss: ['target'],
  GaussianFocalLoss: ['target', 'pos_inds', 'pos_labels'],
  CrossEntropyLoss: ['target', 'ignore_index'],
};

/** Types whose module returns `sum(pred * weight)` (a scalar, whatever the reduction) when no weight is positive. */
const SHORTCUT_ANY_REDUCTION: ReadonlySet<LossType> = new Set(['GIoULoss', 'DIoULoss', 'CIoULoss', 'BoundedIoULoss', 'EIoULoss', 'SIoULoss', 'SmoothL1Loss', 'L1Loss']);

/** A tensor read from nested JSON lists: row-major values and shape. */
interface Tensor {
  readonly data: Float32Array;
  readonly shape: readonly number[];
}

function readTensor(where: string, value: unknown): Tensor {
  const shape: number[] = [];
  let probe: unknown = value;
  while (Array.isArray(probe)) {
    shape.push(probe.length);
    if (probe.length === 0) break;
    probe = probe[0];
  }
  if (shape.length === 0) throw invalidArgument(FN, where, 'a (nested) list of numbers', value);
  const size = shape.reduce((a, b) => a * b, 1);
  const data = new Float32Array(size);
  let k = 0;
  const visit = (node: unknown, depth: number, path: string): void => {
    if (depth === shape.length) {
      data[k++] = jsonNumber(path, node);
      return;
    }
    if (!Array.isArray(node) || node.length !== shape[depth]) {
      throw invalidArgument(FN, path, `a list of length ${shape[depth]} (a regular tensor)`, node);
    }
    node.forEach((child, i) => visit(child, depth + 1, `${path}[${i}]`));
  };
  visit(value, 0, where);
  return { data, shape };
}

/** Flat values to nested JSON lists of `shape` (non-finite values as the case strings). */
function nest(values: ArrayLike<number>, shape: readonly number[]): unknown {
  let k = 0;
  const build = (depth: number): unknown => {
    if (depth === shape.length) return toJsonNumber(values[k++]);
    return Array.from({ length: shape[depth] }, () => build(depth + 1));
  };
  return build(0);
}

function optionalTensor(where: string, value: unknown): Float32Array | undefined {
  return value === undefined || value === null ? undefined : readTensor(where, value).data;
}

function requireTrue(key: string, value: unknown, type: string): void {
  if (value !== undefined && value !== true) {
    throw new LabelAssignError('unsupported', `config.${key}`, `${FN}: ${type} with ${key}=${JSON.stringify(value)} is not supported (the reference raises NotImplementedError)`);
  }
}

/**
 * The loss options of a config: its common keys (`loss_weight`; `reduction` is read with its
 * override) and the type's own (`LOSS_KEYS[type]`) under their toolkit names, numbers read as
 * case numbers ("NaN" strings too). Keys left out take the toolkit's defaults, which are
 * mmdetection's `__init__` defaults.
 */
function lossOptions(type: LossType, config: Record<string, unknown>): Record<string, unknown> {
  const table = [...LOSS_COMMON_KEYS.filter(([key]) => key !== 'reduction'), ...LOSS_KEYS[type]];
  const options = translate(config, table);
  for (const [key, option, kind] of table) {
    if (kind === 'number' && options[option] !== undefined) options[option] = jsonNumber(`config.${key}`, options[option]);
  }
  return options;
}

/**
 * The `losses` family runner. Outputs `{ loss, grad_pred }`: `loss` a number, or for reduction
 * `none` a tensor (the pred's shape, or without its last dimension for the per-sample losses:
 * QFL, DFL, CE, the IoU family except bounded IoU); `grad_pred` the pred's shape.
 *
 * CIoU runs {@link ciouLossLikeReference}, which keeps the reference's NaN at identical boxes.
 *
 * @throws {LabelAssignError} from `prepare` on an unsupported type or `use_sigmoid` / `use_mask`
 *   value, unknown config or input keys, malformed tensors, or any option the loss rejects.
 * @example
 * const prepared = lossesRunner.prepare(testCase);
 * prepared.format(prepared.compute()); // { loss: 0.41, grad_pred: [[...], ...] }
 */
export const lossesRunner: FamilyRunner = {
  family: 'losses',
  types: TYPES,
  integerKeys: [],
  prepare({ config, inputs }): PreparedCase<LossResult> {
    const type = config.type as LossType;
    if (!(TYPES as readonly unknown[]).includes(type)) throw unsupportedType('losses', config.type, TYPES);
    checkKnownKeys(FN, 'config', config, ['type', ...configKeys(LOSS_COMMON_KEYS), ...configKeys(LOSS_KEYS[type]), ...LOSS_SWITCH_KEYS[type]]);
    checkKnownKeys(FN, 'inputs', inputs, ['pred', 'weight', 'avg_factor', 'reduction_override', ...INPUT_KEYS[type]]);
    const pred = readTensor('inputs.pred', inputs.pred);
    const p = pred.data;
    const reduction = (inputs.reduction_override ?? config.reduction ?? 'mean') as Reduction;
    const weight = optionalTensor('inputs.weight', inputs.weight);
    const common = {
      reduction,
      ...lossOptions(type, config),
      ...(inputs.avg_factor === undefined || inputs.avg_factor === null ? {} : { avgFactor: jsonNumber('inputs.avg_factor', inputs.avg_factor) }),
      ...(weight === undefined ? {} : { weight }),
    };
    const columns = pred.shape[pred.shape.length - 1] ?? 0;
    const target = (): Tensor => readTensor('inputs.target', inputs.target);
    let perSample = false; // the 'none' loss drops pred's last dimension
    let run: () => LossResult;
    switch (type) {
      case 'FocalLoss': {
        requireTrue('use_sigmoid', config.use_sigmoid, type);
        const t = target();
        const tgt = t.shape.length === pred.shape.length ? { dense: t.data } : { labels: t.data };
        const options = { ...common, numClasses: columns };
        run = () => focalLoss(p, tgt, options);
        break;
      }
      case 'QualityFocalLoss': {
        requireTrue('use_sigmoid', config.use_sigmoid, type);
        const tgt =
          inputs.target !== undefined
            ? { dense: target().data }
            : { labels: readTensor('inputs.target_labels', inputs.target_labels).data, scores: readTensor('inputs.target_scores', inputs.target_scores).data };
        const options = { ...common, numClasses: columns };
        run = () => qualityFocalLoss(p, tgt, options);
        perSample = true;
        break;
      }
      case 'DistributionFocalLoss': {
        const t = target().data;
        const options = { ...common, regMax: columns - 1 };
        run = () => distributionFocalLoss(p, t, options);
        perSample = true;
        break;
      }
      case 'VarifocalLoss': {
        requireTrue('use_sigmoid', config.use_sigmoid, type);
        const t = target().data;
        const options = { ...common, numClasses: columns };
        run = () => varifocalLoss(p, t, options);
        break;
      }
      case 'IoULoss': {
        const t = target().data;
        // mmdetection's deprecated `linear=True` is mode 'linear'.
        const options = config.linear === true ? { ...common, mode: 'linear' as IouLossMode } : common;
        run = () => iouLoss(p, t, options);
        perSample = true;
        break;
      }
      case 'GIoULoss':
      case 'DIoULoss':
      case 'CIoULoss': {
        const t = target().data;
        const options = common;
        const fn = type === 'GIoULoss' ? giouLoss : type === 'DIoULoss' ? diouLoss : ciouLossLikeReference;
        run = () => fn(p, t, options);
        perSample = true;
        break;
      }
      case 'BoundedIoULoss': {
        const t = target().data;
        run = () => boundedIouLoss(p, t, common);
        break;
      }
      case 'EIoULoss': {
        const t = target().data;
        run = () => eiouLoss(p, t, common);
        perSample = true;
        break;
      }
      case 'SIoULoss': {
        const t = target().data;
        run = () => siouLoss(p, t, common);
        perSample = true;
        break;
      }
      case 'BalancedL1Loss': {
        const t = target().data;
        run = () => balancedL1Loss(p, t, common);
        break;
      }
      case 'SmoothL1Loss': {
        const t = target().data;
        run = () => smoothL1Loss(p, t, common);
        break;
      }
      case 'L1Loss': {
        const t = target().data;
        run = () => l1Loss(p, t, common);
        break;
      }
      case 'GaussianFocalLoss': {
        const t = target().data;
        const options = {
          ...common,
          ...(inputs.pos_inds === undefined || inputs.pos_inds === null
            ? {}
            : {
                posInds: readTensor('inputs.pos_inds', inputs.pos_inds).data,
                posLabels: readTensor('inputs.pos_labels', inputs.pos_labels).data,
                numClasses: columns,
              }),
        };
        run = () => gaussianFocalLoss(p, t, options);
        break;
      }
      case 'CrossEntropyLoss': {
        if (config.use_mask !== undefined && config.use_mask !== false) {
          throw new LabelAssignError('unsupported', 'config.use_mask', `${FN}: CrossEntropyLoss with use_mask is not supported`);
        }
        const t = target();
        // The forward's ignore_index overrides the module's; class_weight is a tensor.
        const ignore = inputs.ignore_index ?? config.ignore_index;
        const { classWeight, ignoreIndex: _moduleIgnore, ...rest } = common as typeof common & { classWeight?: unknown; ignoreIndex?: unknown };
        const options = {
          ...rest,
          numClasses: columns,
          ...(ignore === undefined || ignore === null ? {} : { ignoreIndex: jsonNumber('ignore_index', ignore) }),
          ...(classWeight === undefined ? {} : { classWeight: readTensor('config.class_weight', classWeight).data }),
        };
        if (config.use_sigmoid === true) {
          const tgt = t.shape.length === pred.shape.length ? { dense: t.data } : { labels: t.data };
          run = () => binaryCrossEntropyLoss(p, tgt, options);
        } else {
          run = () => crossEntropyLoss(p, t.data, options);
          perSample = true;
        }
        break;
      }
    }
    // The reference's shortcut returns a scalar even for reduction 'none'; the toolkit returns its per-element terms.
    let shortcutScalar = false;
    if (weight !== undefined && reduction === 'none' && SHORTCUT_ANY_REDUCTION.has(type)) shortcutScalar = !weight.some((w) => w > 0);
    const noneShape = perSample ? pred.shape.slice(0, -1) : pred.shape;
    return {
      compute: run,
      format(result) {
        let loss: unknown;
        if (typeof result.loss === 'number') loss = toJsonNumber(result.loss);
        else if (shortcutScalar) loss = toJsonNumber(Math.fround(result.loss.reduce((a, b) => a + b, 0)));
        else loss = nest(result.loss, noneShape);
        return { loss, grad_pred: nest(result.gradPred, pred.shape) };
      },
    };
  },
};
