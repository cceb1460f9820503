/**
 * `compare --html`: one self-contained page (inline CSS, inline SVG plots, no scripts, no
 * external URLs; a Content-Security-Policy that forbids loading anything) with the summary
 * tables and the plots: positives-per-object histograms, objects without positives by size,
 * positives by pyramid level, best possible recall, and objects without positives by class.
 */
import { datasetLine, MIN_CLASS_OBJECTS, mostMissedClass, num, percent, reportTitle, syntheticNote } from './format.js';
import { histogramSpec, levelsSpec, presetColor, recallSpec, renderVegaLite, zeroBySizeSpec } from './plots.js';
import type { CompareReport, PresetSummary } from './stats.js';
import { printable } from './text.js';

/**
 * Escapes text for HTML content and attribute values; control characters become visible
 * escapes (see {@link printable}).
 * @example escapeHtml('a < b'); // 'a &lt; b'
 */
export function escapeHtml(text: string): string {
  return printable(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

const STYLE = `
:root { color-scheme: light; --ink: #1f2328; --muted: #59636e; --line: #d8dee4; --soft: #f6f8fa; --miss: #c0392b; }
* { box-sizing: border-box; }
body { margin: 0; background: #fff; color: var(--ink); font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1240px; margin: 0 auto; padding: 28px 28px 48px; }
h1 { font-size: 24px; margin: 0 0 4px; font-weight: 650; }
h2 { font-size: 18px; margin: 36px 0 6px; font-weight: 620; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
p { margin: 6px 0; }
.sub { color: var(--muted); margin: 0 0 14px; }
.lead { max-width: 860px; color: #333; }
.banner { border: 2px solid #b7791f; background: #fff8e1; color: #5f3b00; padding: 12px 16px; border-radius: 6px; margin: 14px 0 8px; font-size: 15px; }
.banner strong { letter-spacing: 0.04em; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; margin: 10px 0; font-size: 13.5px; }
td.wrap { white-space: normal; min-width: 300px; max-width: 420px; }
td.any { white-space: normal; overflow-wrap: anywhere; max-width: 300px; }
td.nw { white-space: normal; max-width: 180px; }
th, td { padding: 5px 7px; border-bottom: 1px solid var(--line); text-align: right; white-space: nowrap; }
th { font-weight: 600; background: var(--soft); vertical-align: bottom; line-height: 1.25; }
thead tr.group th { background: #fff; border-bottom: none; color: var(--muted); font-weight: 500; font-size: 12px; text-align: center; }
th.l, td.l { text-align: left; }
td.sep, th.sep { border-left: 1px solid var(--line); }
.swatch { display: inline-block; width: 11px; height: 11px; border-radius: 2px; margin-right: 7px; vertical-align: -1px; }
.bad { color: var(--miss); font-weight: 600; }
.muted { color: var(--muted); }
td.zero { color: #b0b7be; }
.wide { overflow-x: auto; }
.scroll { max-height: 520px; overflow: auto; border: 1px solid var(--line); border-radius: 4px; display: inline-block; }
.scroll table { margin: 0; }
.scroll thead th { position: sticky; top: 0; }
figure { margin: 12px 0 4px; }
figure svg { display: block; max-width: 100%; height: auto; }
figcaption { color: var(--muted); font-size: 13px; max-width: 860px; margin-top: 4px; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 6px 18px; max-width: 980px; }
dt { font-weight: 600; }
dd { margin: 0; color: #333; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; background: var(--soft); padding: 1px 4px; border-radius: 3px; }
footer { margin-top: 40px; color: var(--muted); font-size: 12.5px; }
`;

function swatch(index: number): string {
  return `<span class="swatch" style="background:${presetColor(index)}"></span>`;
}

function missCell(share: number | null, extraClass = ''): string {
  const cls = [extraClass, share !== null && share > 0 ? 'bad' : ''].filter(Boolean).join(' ');
  return `<td${cls ? ` class="${cls}"` : ''}>${percent(share)}</td>`;
}

function summaryTable(report: CompareReport): string {
  const rows = report.summaries.map((s: PresetSummary, i) => {
    const size = s.withoutPositivesBySize;
    return (
      `<tr><td class="l">${swatch(i)}<strong>${escapeHtml(s.preset)}</strong></td>` +
      `<td>${num(s.priorsPerImage.mean, 0)}</td>` +
      `<td class="sep">${num(s.positivesPerImage.mean)}</td><td>${num(s.positivesPerImage.median)}</td>` +
      `<td class="sep">${num(s.positivesPerObject.mean)}</td><td>${num(s.positivesPerObject.median)}</td><td>${num(s.positivesPerObject.p10)}</td>` +
      `<td>${num(s.positivesPerObject.p90)}</td><td>${num(s.positivesPerObject.max)}</td>` +
      missCell(s.withoutPositives.share, 'sep') +
      missCell(size.small.share) +
      missCell(size.medium.share) +
      missCell(size.large.share) +
      `<td class="sep"><strong>${percent(s.bestPossibleRecall.share)}</strong></td>` +
      `<td class="sep">${num(s.ignoredPriors.perImage.mean)}</td><td>${num(s.multiClaimedPriors.perImage.mean)}</td></tr>`
    );
  });
  return `<div class="wide"><table>
<thead><tr class="group"><th></th><th></th><th colspan="2" class="sep">positives per image</th><th colspan="5" class="sep">positives per object</th>
<th colspan="4" class="sep">objects without a positive</th><th class="sep"></th><th colspan="2" class="sep">priors per image</th></tr>
<tr><th class="l">preset</th><th>priors<br>per image</th><th class="sep">mean</th><th>median</th><th class="sep">mean</th><th>median</th><th>p10</th><th>p90</th><th>max</th>
<th class="sep">all</th><th>small</th><th>medium</th><th>large</th><th class="sep">best possible<br>recall</th><th class="sep">ignored</th><th>claimed 2+</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody></table></div>`;
}

function presetsTable(report: CompareReport): string {
  const rows = report.summaries.map((s, i) => {
    const worst = mostMissedClass(s);
    return (
      `<tr><td class="l">${swatch(i)}<strong>${escapeHtml(s.preset)}</strong></td><td class="l wrap">${escapeHtml(s.description)}</td>` +
      `<td class="l any"><code>${escapeHtml(s.reference)}</code></td><td class="l nw">${escapeHtml(s.levelNames.join(' '))}</td>` +
      `<td class="l nw">${worst === null ? '<span class="muted">none</span>' : `<span class="bad">${escapeHtml(worst.name)}</span> ${percent(worst.share)} (${worst.withoutPositives} / ${worst.objects})`}</td></tr>`
    );
  });
  return `<div class="wide"><table><thead><tr><th class="l">preset</th><th class="l">what it is</th><th class="l">mmdetection config</th><th class="l">levels</th>
<th class="l">most missed class (≥ ${MIN_CLASS_OBJECTS} objects)</th></tr></thead><tbody>
${rows.join('\n')}
</tbody></table></div>`;
}

function classTable(report: CompareReport): string {
  if (report.summaries.length === 0) return '';
  const byCategory = new Map<number, { name: string; objects: number; shares: (number | null)[] }>();
  report.summaries.forEach((s, p) => {
    for (const c of s.withoutPositivesByClass) {
      const entry = byCategory.get(c.category) ?? { name: c.name, objects: c.objects, shares: report.summaries.map(() => null) };
      entry.shares[p] = c.share;
      byCategory.set(c.category, entry);
    }
  });
  // Most objects missed over all presets first: frequent classes that go unseen matter most.
  const missed = new Map<number, number>();
  report.summaries.forEach((s) => s.withoutPositivesByClass.forEach((c) => missed.set(c.category, (missed.get(c.category) ?? 0) + c.withoutPositives)));
  const entries = [...byCategory.entries()]
    .sort(([a, ea], [b, eb]) => (missed.get(b) ?? 0) - (missed.get(a) ?? 0) || eb.objects - ea.objects || ea.name.localeCompare(eb.name))
    .map(([, e]) => e);
  const cell = (share: number | null): string => {
    if (share === null) return '<td class="muted">–</td>';
    if (share === 0) return '<td class="zero">0%</td>';
    const alpha = share === 0 ? 0 : Math.min(0.85, 0.12 + share * 1.2);
    const style = alpha === 0 ? '' : ` style="background:rgba(192,57,43,${alpha.toFixed(2)})${alpha > 0.5 ? ';color:#fff' : ''}"`;
    return `<td${style}>${percent(share)}</td>`;
  };
  const head = report.summaries.map((s, i) => `<th>${swatch(i)}${escapeHtml(s.preset)}</th>`).join('');
  const rows = entries.map((e) => `<tr><td class="l">${escapeHtml(e.name)}</td><td>${num(e.objects)}</td>${e.shares.map(cell).join('')}</tr>`);
  return `<div class="scroll"><table><thead><tr><th class="l">class</th><th>objects</th>${head}</tr></thead><tbody>
${rows.join('\n')}
</tbody></table></div>`;
}

function skippedSection(skipped: readonly { imageId: string; where: string; reason: string }[]): string {
  if (skipped.length === 0) return '';
  const shown = skipped.slice(0, 50);
  const rows = shown.map((s) => `<tr><td class="l">${escapeHtml(s.imageId)}</td><td class="l">${escapeHtml(s.where)}</td><td class="l">${escapeHtml(s.reason)}</td></tr>`);
  return `<h2>Boxes the loader skipped</h2>
<p class="lead">${num(skipped.length)} annotation boxes were not used (they are not counted anywhere above)${skipped.length > shown.length ? `; the first ${shown.length} are listed, the JSON output has them all` : ''}.</p>
<div class="scroll"><table><thead><tr><th class="l">image</th><th class="l">where</th><th class="l">why</th></tr></thead><tbody>
${rows.join('\n')}
</tbody></table></div>`;
}

/** Makes vega's SVG fit the page: a title for screen readers, the size kept as a maximum. */
function figure(svg: string, label: string, caption: string): string {
  const labelled = svg.replace(/^<svg /, `<svg role="img" aria-label="${escapeHtml(label)}" `);
  return `<figure>${labelled}<figcaption>${caption}</figcaption></figure>`;
}

/**
 * Renders the HTML report.
 * @param report the comparison.
 * @param skipped the loader's skipped boxes, listed at the end.
 * @param options.onWarning receives the plotting library's warnings (none expected).
 * @returns the page, self-contained.
 * @throws {LabelAssignError} when the plots cannot be rendered.
 * @example writeFileAtomic('report.html', renderHtml(report, dataset.skipped));
 */
export function renderHtml(
  report: CompareReport,
  skipped: readonly { imageId: string; where: string; reason: string }[] = [],
  options: { onWarning?: (message: string) => void } = {},
): string {
  const { dataset } = report;
  const specs = [histogramSpec(report), zeroBySizeSpec(report), levelsSpec(report), recallSpec(report)];
  const [histogram, zeroBySize, levels, recall] = renderVegaLite(specs, { onWarning: options.onWarning });
  const note = syntheticNote(dataset);
  const banner =
    note === null
      ? ''
      : `<div class="banner" role="note"><strong>SYNTHETIC DATA.</strong> ${escapeHtml(note.replace(/^SYNTHETIC DATA: /, ''))}</div>`;
  const presetNames = report.presets.map((p) => p.name).join(', ');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<link rel="icon" href="data:,">
<title>${escapeHtml(reportTitle(report))}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>Label assignment compared${dataset.synthetic ? ' <span class="muted">(synthetic data)</span>' : ''}</h1>
<p class="sub">${escapeHtml(dataset.name)} · ${escapeHtml(dataset.format)} · ${escapeHtml(datasetLine(dataset))} · presets: ${escapeHtml(presetNames)}</p>
${banner}
<p class="lead">Every image was resized the way each detector's test pipeline resizes it, its priors generated and its objects assigned
with the detector's own assigner (exactly as mmdetection 3.x does). A <em>positive</em> is a prior that trains on an object.
An object without positives is never learnt by that detector, however long it trains.</p>

<h2>Summary</h2>
${summaryTable(report)}
<p class="muted">Sizes are COCO's, on the object's area in the original image. Best possible recall: objects that get a positive when assigned
alone. Ignored: priors the assigner leaves out of the loss. Claimed 2+: priors positive for two or more objects assigned alone.</p>

<h2>Positives per object</h2>
${figure(histogram, 'Histograms of positive priors per object, one per preset', 'Share of objects by number of positive priors. The red bar is the objects with none; a tall bar at 1–2 means most objects train on very few priors.')}

<h2>Objects without a positive, by size</h2>
${figure(zeroBySize, 'Share of objects without a positive prior by size and preset', 'Lower is better; bars without a label are 0. Small objects are where presets differ most: the finest level\'s stride, the IoU threshold and center sampling decide whether they are seen.')}

<h2>Best possible recall</h2>
${figure(recall, 'Share of objects without a positive, all objects together and each alone', 'Light: objects without a positive when the whole image is assigned. Dark: objects without one even when assigned alone, which no amount of training fixes (1 − best possible recall). The gap between the two is objects that lose all their priors to a neighbour.')}

<h2>Positives by pyramid level</h2>
${figure(levels, 'Share of positive priors on each pyramid level, one chart per preset', 'Share of each preset\'s positive priors on each of its levels: where the training signal goes. Levels are the preset\'s own (P3 = stride 8, P4 = stride 16, …); a level with almost no positives is a head that barely trains.')}

<h2>Objects without a positive, by class</h2>
<p class="lead">Share of each class's objects that get no positive prior. Classes with the most objects missed (summed over the presets) come first.</p>
${classTable(report)}

<h2>Presets</h2>
${presetsTable(report)}
${skippedSection(skipped)}
<h2>Definitions</h2>
<dl>
<dt>positive prior</dt><dd>A prior (anchor, point or grid cell) the assigner labels 1 when all of the image's objects are assigned together.</dd>
<dt>positives per object</dt><dd>Positive priors assigned to each object; mean, median, 10th and 90th percentile (linear interpolation) and maximum over all objects.</dd>
<dt>objects without a positive</dt><dd>Objects no prior is assigned to. By size: small (area &lt; 32²), medium, large (area ≥ 96²), on the original image.</dd>
<dt>best possible recall</dt><dd>Share of objects that get at least one positive when assigned alone (<code>Preset.assign(prepared, oneBox, oneLabel)</code>).</dd>
<dt>ignored priors</dt><dd>Priors labelled −1: between the negative and positive thresholds, or inside an ignore region (COCO crowds, VOC difficult objects).</dd>
<dt>claimed 2+</dt><dd>Priors that are positive for two or more objects when each object is assigned alone: conflicts the assigner had to resolve.</dd>
</dl>
<footer>Generated by <code>label-assign compare</code>. ${dataset.synthetic ? 'Synthetic data. ' : ''}The numbers are deterministic: the same data and presets give the same page.</footer>
</main>
</body>
</html>
`;
}
