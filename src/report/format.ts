/**
 * Number formatting and the wording shared by every output of `compare` (terminal, JSON, CSV,
 * HTML), so they all say the same thing the same way.
 */
import type { CompareReport, DatasetSummary, PresetSummary } from './stats.js';

/**
 * A share as a percentage; `–` for null.
 * @example percent(0.1234); // '12.3%'
 */
export function percent(share: number | null, digits = 1): string {
  return share === null ? '–' : `${(share * 100).toFixed(digits)}%`;
}

/**
 * A count or mean: integers as they are (with thousands separators), others with `digits` decimals; `–` for null.
 * @example num(1234); // '1,234'
 * @example num(2.345); // '2.3'
 */
export function num(value: number | null, digits = 1): string {
  if (value === null) return '–';
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/**
 * The sentence every output carries when the data is generated; null for real data.
 * @example syntheticNote(report.dataset); // 'SYNTHETIC DATA: ...'
 */
export function syntheticNote(dataset: DatasetSummary): string | null {
  return dataset.synthetic
    ? `SYNTHETIC DATA: '${dataset.name}' is generated to follow COCO's published statistics, not real annotations; ` +
        'run `label-assign compare <your-annotations>` for numbers about your data.'
    : null;
}

/**
 * One line about the dataset.
 * @example datasetLine(report.dataset); // '1,234 images, 9,012 objects (41% small, 34% medium, 25% large)'
 */
export function datasetLine(dataset: DatasetSummary): string {
  const { small, medium, large } = dataset.objectsBySize;
  const share = (n: number): string => (dataset.objects === 0 ? '–' : `${Math.round((n / dataset.objects) * 100)}%`);
  const plural = (n: number, one: string, many: string): string => `${num(n)} ${n === 1 ? one : many}`;
  const parts = [
    plural(dataset.images, 'image', 'images'),
    `${plural(dataset.objects, 'object', 'objects')} (${share(small)} small, ${share(medium)} medium, ${share(large)} large)`,
  ];
  if (dataset.ignoreRegions > 0) parts.push(plural(dataset.ignoreRegions, 'ignore region', 'ignore regions'));
  if (dataset.skippedBoxes > 0) parts.push(`${plural(dataset.skippedBoxes, 'box', 'boxes')} skipped by the loader (listed in --json and --html)`);
  return parts.join(', ');
}

/** Minimum objects of a class before it can be named the "most missed". */
export const MIN_CLASS_OBJECTS = 10;

/**
 * The class with the largest share of objects without positives among classes with at least
 * {@link MIN_CLASS_OBJECTS} objects (ties: more objects, then category order); null when no
 * such class misses any object.
 * @example mostMissedClass(report.summaries[0])?.name; // 'handbag'
 */
export function mostMissedClass(summary: PresetSummary): PresetSummary['withoutPositivesByClass'][number] | null {
  let best: PresetSummary['withoutPositivesByClass'][number] | null = null;
  for (const c of summary.withoutPositivesByClass) {
    if (c.objects < MIN_CLASS_OBJECTS || c.withoutPositives === 0) continue;
    if (best === null || (c.share as number) > (best.share as number) || (c.share === best.share && c.objects > best.objects)) best = c;
  }
  return best;
}

/**
 * Title of a report.
 * @example reportTitle(report); // 'label-assign compare · instances_val2017.json'
 */
export function reportTitle(report: CompareReport): string {
  return `label-assign compare · ${report.dataset.name}${report.dataset.synthetic ? ' (synthetic)' : ''}`;
}
