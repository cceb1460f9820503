/**
 * The terminal summary of `compare`: one screen, plain text, three blocks (positives, objects
 * left without positives, positives by level), one line per preset in each. Names from the data
 * (dataset, presets, classes, levels) are shown with their control characters escaped
 * ({@link printable}), so that a name cannot break a line or send escape codes to the terminal.
 */
import { datasetLine, MIN_CLASS_OBJECTS, mostMissedClass, num, percent, syntheticNote } from './format.js';
import type { CompareReport } from './stats.js';
import { printable } from './text.js';

interface Column {
  readonly head: readonly [string, string];
  readonly align: 'left' | 'right';
}

/** Lays out rows under a two-line header, columns separated by two spaces. */
export function textTable(columns: readonly Column[], rows: readonly (readonly string[])[]): string[] {
  const widths = columns.map((c, i) => Math.max(c.head[0].length, c.head[1].length, ...rows.map((r) => r[i].length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, i) => (columns[i].align === 'left' ? cell.padEnd(widths[i]) : cell.padStart(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.head[0])), line(columns.map((c) => c.head[1])), ...rows.map(line)];
}

const L = 'left' as const;
const R = 'right' as const;

/**
 * Renders the one-screen terminal summary.
 * @param report the comparison.
 * @returns text ending in a newline.
 * @example process.stdout.write(renderTable(report));
 */
export function renderTable(report: CompareReport): string {
  const { dataset, summaries } = report;
  const out: string[] = [];
  const note = syntheticNote(dataset);
  out.push(`label-assign compare: ${printable(dataset.name)} (${dataset.format}): ${datasetLine(dataset)}`);
  if (note !== null) out.push(`*** ${printable(note)} ***`);
  out.push('');

  out.push('Positive priors');
  out.push(
    ...textTable(
      [
        { head: ['', 'preset'], align: L },
        { head: ['priors', 'per img'], align: R },
        { head: ['pos/img', 'mean'], align: R },
        { head: ['', 'median'], align: R },
        { head: ['', 'max'], align: R },
        { head: ['pos/object', 'mean'], align: R },
        { head: ['', 'median'], align: R },
        { head: ['', 'p10'], align: R },
        { head: ['', 'p90'], align: R },
        { head: ['', 'max'], align: R },
        { head: ['ignored', 'per img'], align: R },
        { head: ['claimed 2+', 'per img'], align: R },
      ],
      summaries.map((s) => [
        printable(s.preset),
        num(s.priorsPerImage.mean, 0),
        num(s.positivesPerImage.mean),
        num(s.positivesPerImage.median),
        num(s.positivesPerImage.max),
        num(s.positivesPerObject.mean),
        num(s.positivesPerObject.median),
        num(s.positivesPerObject.p10),
        num(s.positivesPerObject.p90),
        num(s.positivesPerObject.max),
        num(s.ignoredPriors.perImage.mean),
        num(s.multiClaimedPriors.perImage.mean),
      ]),
    ),
  );
  out.push('');

  out.push('Objects without a positive prior (size on the original image: small < 32², large >= 96²)');
  out.push(
    ...textTable(
      [
        { head: ['', 'preset'], align: L },
        { head: ['', 'all'], align: R },
        { head: ['', 'small'], align: R },
        { head: ['', 'medium'], align: R },
        { head: ['', 'large'], align: R },
        { head: ['best possible', 'recall'], align: R },
        { head: ['most missed class', `(>= ${MIN_CLASS_OBJECTS} objects)`], align: L },
      ],
      summaries.map((s) => {
        const worst = mostMissedClass(s);
        const size = s.withoutPositivesBySize;
        return [
          printable(s.preset),
          percent(s.withoutPositives.share),
          percent(size.small.share),
          percent(size.medium.share),
          percent(size.large.share),
          percent(s.bestPossibleRecall.share),
          worst === null ? 'none' : `${printable(worst.name)} ${percent(worst.share)} (${worst.withoutPositives}/${worst.objects})`,
        ];
      }),
    ),
  );
  out.push('');

  out.push('Positive priors by pyramid level (share of each preset\'s positives)');
  const nameWidth = Math.max(6, ...summaries.map((s) => printable(s.preset).length));
  for (const s of summaries) {
    const levels = s.positivesPerLevel.map((l) => `${printable(l.level)} ${percent(l.share, 0).padStart(4)}`).join('  ');
    out.push(`${printable(s.preset).padEnd(nameWidth)}  ${levels}`);
  }
  out.push('');
  out.push('pos: priors labelled positive with every object assigned at once; best possible recall: objects with a positive when');
  out.push('assigned alone; claimed 2+: priors positive for two or more objects assigned alone (conflicts the assigner resolved).');
  return out.join('\n') + '\n';
}
