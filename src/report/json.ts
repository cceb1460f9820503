/**
 * `compare --json`: the whole comparison as one JSON document (format `label-assign-compare/1`):
 * the dataset, the presets, the per-preset summaries and one row per (image, preset) with the
 * positives of each object in annotation order. Rows are one line each, so the file stays
 * readable and greppable even for thousands of images.
 */
import { syntheticNote } from './format.js';
import type { CompareReport, ImageRecord } from './stats.js';

/** The `format` of the JSON document; bumped on any incompatible change. */
export const JSON_FORMAT = 'label-assign-compare/1';

/** One per-image row of the JSON output. */
export interface JsonImageRow {
  readonly imageId: string;
  readonly preset: string;
  readonly priors: number;
  readonly positivePriors: number;
  readonly objects: number;
  readonly objectsWithoutPositives: number;
  readonly ignoredPriors: number;
  readonly multiClaimedPriors: number;
  /** Objects with at least one positive when assigned alone. */
  readonly matchableObjects: number;
  /** Positives per level, in the preset's `levelNames` order. */
  readonly positivesPerLevel: readonly number[];
  /** Positives of each object, annotation order. */
  readonly positivesPerObject: readonly number[];
  /** Positives of each object assigned alone, annotation order. */
  readonly positivesAlonePerObject: readonly number[];
}

function count(values: Int32Array, test: (v: number) => boolean): number {
  let n = 0;
  for (const v of values) if (test(v)) n++;
  return n;
}

/**
 * The JSON row of one record.
 * @example jsonRow(report, report.records[0]).positivesPerObject; // [3, 0, 12]
 */
export function jsonRow(report: CompareReport, r: ImageRecord): JsonImageRow {
  return {
    imageId: r.imageId,
    preset: report.presets[r.presetIndex].name,
    priors: r.numPriors,
    positivePriors: r.positivePriors,
    objects: r.positivesPerObject.length,
    objectsWithoutPositives: count(r.positivesPerObject, (v) => v === 0),
    ignoredPriors: r.ignoredPriors,
    multiClaimedPriors: r.multiClaimedPriors,
    matchableObjects: count(r.positivesAlonePerObject, (v) => v > 0),
    positivesPerLevel: Array.from(r.positivesPerLevel),
    positivesPerObject: Array.from(r.positivesPerObject),
    positivesAlonePerObject: Array.from(r.positivesAlonePerObject),
  };
}

/**
 * Renders the JSON document.
 * @param report the comparison.
 * @param skipped the loader's skipped boxes (reported, never silently dropped).
 * @returns the JSON text, ending in a newline.
 * @example writeFileAtomic('out.json', renderJson(report, dataset.skipped));
 */
export function renderJson(report: CompareReport, skipped: readonly { imageId: string; where: string; reason: string }[] = []): string {
  const head = {
    format: JSON_FORMAT,
    synthetic: report.dataset.synthetic,
    note: syntheticNote(report.dataset),
    dataset: report.dataset,
    categories: report.categoryNames,
    presets: report.presets,
    summary: report.summaries,
    skipped,
  };
  const pretty = JSON.stringify(head, null, 2);
  const rows = report.records.map((r) => `    ${JSON.stringify(jsonRow(report, r))}`);
  // Splice the one-line-per-row "images" array in before the closing brace.
  return `${pretty.slice(0, -2)},\n  "images": [${rows.length === 0 ? '' : `\n${rows.join(',\n')}\n  `}]\n}\n`;
}
