/**
 * Family `overlaps`: mmdetection's `bbox_overlaps` (iou / iof / giou, pairwise or aligned) and,
 * for aligned cases, its `diou_loss`, `ciou_loss`, `giou_loss` (eps 1e-7, reduction none).
 */
import { alignedCiouLikeReferenceInto, alignedOverlapsInto, pairwiseOverlapsInto } from '../../geometry/overlaps.js';
import { checkKnownKeys } from '../../validate.js';
import { readMatrix, toList, toRows, unsupportedType, type FamilyRunner, type PreparedCase } from '../case-format.js';
import { invalidArgument } from '../../errors.js';

const TYPES = ['bbox_overlaps'] as const;
const LOSS_EPS = 1e-7;

interface OverlapsResult {
  readonly m: number;
  readonly n: number;
  readonly aligned: boolean;
  readonly values: Record<string, Float32Array>;
}

function oneMinus(values: Float32Array): Float32Array {
  return values.map((v) => Math.fround(1 - v));
}

export const overlapsRunner: FamilyRunner = {
  family: 'overlaps',
  types: TYPES,
  prepare({ config, inputs }): PreparedCase<OverlapsResult> {
    if (config.type !== 'bbox_overlaps') throw unsupportedType('overlaps', config.type, TYPES);
    checkKnownKeys('eval-cases', 'config', config, ['type', 'is_aligned', 'eps']);
    const aligned = config.is_aligned === true;
    const eps = config.eps === undefined ? 1e-6 : Number(config.eps);
    const boxes1 = readMatrix('inputs.bboxes1', inputs.bboxes1, 4);
    const boxes2 = readMatrix('inputs.bboxes2', inputs.bboxes2, 4);
    const m = boxes1.length / 4;
    const n = boxes2.length / 4;
    if (aligned && m !== n) throw invalidArgument('eval-cases', 'inputs.bboxes2', `${m} boxes (is_aligned)`, `${n} boxes`);
    // The reference accepts inverted boxes (signed areas); so does the interop layer.
    const base = { eps, allowInverted: true } as const;
    return {
      compute() {
        const values: Record<string, Float32Array> = {};
        for (const mode of ['iou', 'iof', 'giou'] as const) {
          values[mode] = aligned
            ? alignedOverlapsInto(boxes1, boxes2, new Float32Array(m), { ...base, mode })
            : pairwiseOverlapsInto(boxes1, boxes2, new Float32Array(m * n), { ...base, mode });
        }
        if (aligned) {
          const lossOptions = { eps: LOSS_EPS, allowInverted: true } as const;
          values.diou_loss = oneMinus(alignedOverlapsInto(boxes1, boxes2, new Float32Array(m), { ...lossOptions, mode: 'diou' }));
          values.ciou_loss = oneMinus(alignedCiouLikeReferenceInto(boxes1, boxes2, new Float32Array(m), LOSS_EPS));
          values.giou_loss = oneMinus(alignedOverlapsInto(boxes1, boxes2, new Float32Array(m), { ...lossOptions, mode: 'giou' }));
        }
        return { m, n, aligned, values };
      },
      format({ m, n, aligned: isAligned, values }) {
        const out: Record<string, unknown> = {};
        for (const [key, v] of Object.entries(values)) {
          out[key] = isAligned ? toList(v) : m === 0 ? [] : n === 0 ? Array.from({ length: m }, () => []) : toRows(v, n);
        }
        return out;
      },
    };
  },
};
