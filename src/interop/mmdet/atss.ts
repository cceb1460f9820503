/**
 * Family `atss`: mmdetection's `ATSSAssigner` (topk, alpha, ignore_iof_thr) run through
 * {@link assignAtss} on the case's plain-box priors and `num_level_priors`.
 */
import { assignAtss, resolveAtssOptions, type AtssAssignInput, type AtssOptions, type AtssResult } from '../../assigners/atss.js';
import { invalidArgument, LabelAssignError } from '../../errors.js';
import { checkKnownKeys } from '../../validate.js';
import { readMatrix, unsupportedType, type FamilyRunner, type PreparedCase } from '../case-format.js';
import { ASSIGN_RESULT_INTEGER_KEYS, formatAssignResult } from './assign-result.js';
import { ASSIGNER_KEYS, checkNeutralKeys, configKeys, configNames, NEUTRAL_KEYS, translate } from './config-keys.js';

const TYPES = ['ATSSAssigner'] as const;
const TABLE = ASSIGNER_KEYS.ATSSAssigner;
const INPUT_KEYS = ['priors', 'num_level_priors', 'gt_bboxes', 'gt_labels', 'gt_bboxes_ignore', 'pred_scores', 'pred_bboxes'] as const;

function readIntegers(where: string, value: unknown): number[] {
  if (!Array.isArray(value)) throw invalidArgument('eval-cases', where, 'an array of integers', value);
  value.forEach((v, i) => {
    if (!Number.isInteger(v)) throw invalidArgument('eval-cases', `${where}[${i}]`, 'an integer', v);
  });
  return value as number[];
}

/**
 * `ATSSAssigner` config (snake_case, `ASSIGNER_KEYS.ATSSAssigner` plus the neutral
 * `iou_calculator`) to {@link AtssOptions}, checked: bad values are reported as
 * `eval-cases: config.topk must be ...`. `alpha: null` (Python `None`) is plain IoU.
 */
function toOptions(config: Record<string, unknown>): AtssOptions {
  checkKnownKeys('eval-cases', 'config', config, ['type', ...configKeys(TABLE), ...NEUTRAL_KEYS.ATSSAssigner.map((k) => k.key)]);
  if (config.topk === undefined) {
    throw new LabelAssignError('invalid-config', 'config.topk', 'eval-cases: config.topk is required (ATSSAssigner has no default)');
  }
  checkNeutralKeys('eval-cases', 'config', 'ATSSAssigner', config);
  const options = translate(config, TABLE) as AtssOptions;
  resolveAtssOptions(options, configNames('eval-cases', [['config', TABLE]])); // option errors at prepare time, in the config's keys
  return options;
}

export const atssRunner: FamilyRunner = {
  family: 'atss',
  types: TYPES,
  integerKeys: ASSIGN_RESULT_INTEGER_KEYS,
  prepare({ config, inputs }): PreparedCase<AtssResult> {
    if (config.type !== 'ATSSAssigner') throw unsupportedType('atss', config.type, TYPES);
    const options = toOptions(config);
    checkKnownKeys('eval-cases', 'inputs', inputs, INPUT_KEYS);
    const input: { -readonly [K in keyof AtssAssignInput]: AtssAssignInput[K] } = {
      priors: readMatrix('inputs.priors', inputs.priors, 4),
      numLevelPriors: readIntegers('inputs.num_level_priors', inputs.num_level_priors),
      gtBoxes: readMatrix('inputs.gt_bboxes', inputs.gt_bboxes, 4),
      gtLabels: readIntegers('inputs.gt_labels', inputs.gt_labels),
    };
    if (inputs.gt_bboxes_ignore !== undefined) input.ignoreBoxes = readMatrix('inputs.gt_bboxes_ignore', inputs.gt_bboxes_ignore, 4);
    // Without alpha the reference only warns about predictions and ignores them; so does the runner.
    const costBased = options.alpha !== undefined;
    if (costBased && inputs.pred_bboxes !== undefined) input.predBoxes = readMatrix('inputs.pred_bboxes', inputs.pred_bboxes, 4);
    if (costBased && inputs.pred_scores !== undefined) {
      const rows = inputs.pred_scores;
      const width = Array.isArray(rows) && Array.isArray(rows[0]) ? (rows[0] as unknown[]).length : 1;
      input.predScores = readMatrix('inputs.pred_scores', rows, width);
    }
    return {
      compute: () => assignAtss(input, options),
      format: (result) => formatAssignResult(result),
    };
  },
};
