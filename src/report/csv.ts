/**
 * `compare --csv`: one row per (image, preset), RFC 4180 (comma separated, CRLF-free `\n`
 * lines, fields quoted when they hold a comma, quote or line break). Every row names the
 * dataset and says whether it is synthetic, so a row copied out of the file still says so.
 */
import { jsonRow } from './json.js';
import type { CompareReport } from './stats.js';

/** The CSV header, in column order. */
export const CSV_COLUMNS = [
  'dataset',
  'synthetic',
  'image_id',
  'preset',
  'priors',
  'positive_priors',
  'objects',
  'objects_without_positives',
  'ignored_priors',
  'multi_claimed_priors',
  'matchable_objects',
  'positives_per_level',
  'positives_per_object',
] as const;

/**
 * Quotes a field when it needs it (RFC 4180).
 * @example csvField('a,b'); // '"a,b"'
 */
export function csvField(value: string | number | boolean): string {
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Renders the CSV. List columns: `positives_per_level` as `P3=12;P4=3` (the preset's level
 * names), `positives_per_object` as `3;0;12` in annotation order.
 * @param report the comparison.
 * @returns the CSV text with a header row, ending in a newline.
 * @example writeFileAtomic('out.csv', renderCsv(report));
 */
export function renderCsv(report: CompareReport): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const r of report.records) {
    const row = jsonRow(report, r);
    const levels = report.presets[r.presetIndex].levelNames.map((name, l) => `${name}=${row.positivesPerLevel[l]}`).join(';');
    lines.push(
      [
        report.dataset.name,
        report.dataset.synthetic,
        row.imageId,
        row.preset,
        row.priors,
        row.positivePriors,
        row.objects,
        row.objectsWithoutPositives,
        row.ignoredPriors,
        row.multiClaimedPriors,
        row.matchableObjects,
        levels,
        row.positivesPerObject.join(';'),
      ]
        .map(csvField)
        .join(','),
    );
  }
  return lines.join('\n') + '\n';
}
