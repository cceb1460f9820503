/**
 * Family `fcos`: mmdetection's `FCOSHead` targets for one image (`get_targets` /
 * `_get_targets_single` / `centerness_target`), through {@link assignFcos}. Translates the head's
 * snake_case settings and formats the reference's outputs: `labels` with `num_classes` for
 * background, `bbox_targets`, `pos_inds` and the positives' `centerness_targets`.
 */
import { assignFcos, resolveFcosOptions, type FcosOptions, type FcosResult } from '../../assigners/fcos.js';
import { invalidArgument } from '../../errors.js';
import { checkKnownKeys, checkNumber } from '../../validate.js';
import { jsonNumber, readMatrix, toList, toRows, unsupportedType, type FamilyRunner, type PreparedCase } from '../case-format.js';
import { configKeys, configNames, HEAD_KEYS, translate } from './config-keys.js';

const FAMILY = 'fcos';
const TYPES = ['FCOSHead'] as const;
const WHERE = 'eval-cases';

/** `FCOSHead`'s target settings (`num_classes` is the runner's own). */
const TABLE = HEAD_KEYS.FCOSHead[''];

function readList(where: string, value: unknown): number[] {
  if (!Array.isArray(value)) throw invalidArgument(WHERE, where, 'an array of numbers', value);
  return value.map((v, i) => jsonNumber(`${where}[${i}]`, v));
}

function readRanges(value: unknown): unknown {
  if (!Array.isArray(value)) return value; // assignFcos reports the bad value
  return value.map((pair, l) => (Array.isArray(pair) ? readList(`config.regress_ranges[${l}]`, pair) : pair));
}

/** Runs the `fcos` conformance cases (config type `FCOSHead`). */
export const fcosRunner: FamilyRunner = {
  family: FAMILY,
  types: TYPES,
  integerKeys: Object.freeze(['labels', 'pos_inds']),
  prepare({ config, inputs }): PreparedCase<FcosResult> {
    if (config.type !== 'FCOSHead') throw unsupportedType(FAMILY, config.type, TYPES);
    checkKnownKeys(WHERE, 'config', config, ['type', 'num_classes', ...configKeys(TABLE)]);
    const numClasses = checkNumber(WHERE, 'config.num_classes', config.num_classes, { min: 0, integer: true });
    const options = translate(config, TABLE);
    if (options.regressRanges !== undefined) options.regressRanges = readRanges(options.regressRanges);
    // Option errors at prepare time, in the head's keys: `eval-cases: config.regress_ranges must be ...`.
    resolveFcosOptions(options as unknown as FcosOptions, configNames(WHERE, [['config', TABLE]]));
    checkKnownKeys(WHERE, 'inputs', inputs, ['points', 'num_points_per_lvl', 'gt_bboxes', 'gt_labels']);
    const points = readMatrix('inputs.points', inputs.points, 2);
    const gtBoxes = readMatrix('inputs.gt_bboxes', inputs.gt_bboxes, 4);
    const gtLabels = readList('inputs.gt_labels', inputs.gt_labels);
    const numLevelPriors = readList('inputs.num_points_per_lvl', inputs.num_points_per_lvl);
    const fcosOptions = options as unknown as FcosOptions;
    return {
      compute: () => assignFcos({ priors: points, gtBoxes, gtLabels, numLevelPriors }, fcosOptions),
      format(result) {
        const n = result.label.length;
        const labels = new Int32Array(n);
        const posInds: number[] = [];
        const centerness: number[] = [];
        for (let i = 0; i < n; i++) {
          labels[i] = result.label[i] === 1 ? result.gtLabel[i] : numClasses;
          // The reference's positives: 0 <= label < num_classes.
          if (labels[i] >= 0 && labels[i] < numClasses) {
            posInds.push(i);
            centerness.push(result.centerness[i]);
          }
        }
        return {
          labels: Array.from(labels),
          bbox_targets: toRows(result.bboxTargets, 4),
          pos_inds: posInds,
          centerness_targets: toList(centerness),
        };
      },
    };
  },
};
