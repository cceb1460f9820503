/**
 * `compare --csv`: one row per (image, preset), RFC 4180 (comma separated, CRLF-free `\n`
 * lines, fields quoted when they hold a comma, quote or line break). Every row names the
 * dataset and says whether it is synthetic, so a row copied out of the file still says so.
 *
 * Text from the data (the dataset's file name, image ids, preset and level names) never
 * reaches a spreadsheet as a formula: a text cell that starts with `=`, `+`, `-`, `@`, a tab
 * or a carriage return is written as a quoted field with a single quote in front (OWASP's
 * advice against CSV injection), so `=HYPERLINK(1)` is shown as text. Numbers are written as
 * they are.
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

/** The first characters with which a spreadsheet reads a cell as a formula. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV field: quoted when it needs it (RFC 4180); a text that a spreadsheet would run as
 * a formula (it starts with `=`, `+`, `-`, `@`, tab or carriage return) gets a single quote in
 * front, inside quotes. Numbers and booleans are written as they are.
 * @example csvField('a,b'); // '"a,b"'
 * @example csvField('=HYPERLINK(1).json'); // `"'=HYPERLINK(1).json"`
 * @example csvField(-1); // '-1'
 */
export function csvField(value: string | number | boolean): string {
  if (typeof value !== 'string') return String(value);
  if (FORMULA_START.test(value)) return `"'${value.replace(/"/g, '""')}"`;
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
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
