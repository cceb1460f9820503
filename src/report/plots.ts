/**
 * The plots of the HTML report: vega-lite specs, rendered to static SVG by vega's headless
 * renderer (no browser, no scripts in the page).
 *
 * vega renders asynchronously and `label-assign`'s commands are synchronous, so the rendering
 * runs on a short-lived worker thread that the caller waits for with `Atomics.wait` (see
 * pool.ts for the same technique).
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { LabelAssignError } from '../errors.js';
import type { CompareReport } from './stats.js';

/** Colours of the presets, by position (Tableau 10, then its light variants). */
export const PRESET_COLORS = [
  '#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac',
  '#a0cbe8', '#ffbe7d', '#ff9d9a', '#86bcb6', '#8cd17d', '#f1ce63', '#d4a6c8', '#fabfd2', '#d7b5a6', '#79706e',
];

/**
 * Colour of the preset at `index` (cycling through {@link PRESET_COLORS}).
 * @example presetColor(0); // '#4e79a7'
 */
export function presetColor(index: number): string {
  return PRESET_COLORS[index % PRESET_COLORS.length];
}

const MISSED_COLOR = '#c0392b';
const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

const CONFIG = {
  font: FONT,
  background: '#ffffff',
  view: { stroke: '#e3e3e3' },
  axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', titleColor: '#333', labelColor: '#333', gridColor: '#eeeeee' },
  header: { labelFontSize: 12, labelFontWeight: 'bold', labelColor: '#222', title: null },
  legend: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', labelLimit: 480 },
  title: { fontSize: 13, fontWeight: 'normal', anchor: 'start' },
};

/** Facet columns for `n` small multiples. */
function columns(n: number): number {
  return n <= 5 ? n : Math.ceil(n / Math.ceil(n / 5));
}

function colorScale(report: CompareReport): { domain: string[]; range: string[] } {
  return { domain: report.presets.map((p) => p.name), range: report.presets.map((_, i) => presetColor(i)) };
}

/**
 * Positives-per-object histograms, one small multiple per preset; the "0" bar in red.
 * @returns a vega-lite spec with inline data.
 * @example renderVegaLite([histogramSpec(report)]);
 */
export function histogramSpec(report: CompareReport): object {
  const presets = report.presets.map((p) => p.name);
  const bins = report.summaries[0]?.positivesPerObjectHistogram.map((b) => b.bin) ?? [];
  const values = report.summaries.flatMap((s) =>
    s.positivesPerObjectHistogram.map((b) => ({ preset: s.preset, bin: b.bin, share: b.share ?? 0, objects: b.objects, missed: b.hi === 0 ? 'no positive' : 'positives' })),
  );
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    config: CONFIG,
    data: { values },
    facet: { field: 'preset', type: 'nominal', sort: presets, header: { labelOrient: 'top' } },
    columns: columns(presets.length),
    spacing: { row: 18, column: 14 },
    spec: {
      width: 180,
      height: 120,
      mark: { type: 'bar', tooltip: false },
      encoding: {
        x: { field: 'bin', type: 'ordinal', sort: bins, title: 'positive priors per object', axis: { labelAngle: -50, labelFontSize: 9 } },
        y: { field: 'share', type: 'quantitative', title: 'share of objects', axis: { format: '.0%', tickCount: 4 } },
        color: {
          field: 'missed',
          type: 'nominal',
          scale: { domain: ['no positive', 'positives'], range: [MISSED_COLOR, '#7f9cb8'] },
          legend: { title: null, orient: 'top' },
        },
      },
    },
  };
}

/**
 * Share of objects without positives, overall and by COCO size, grouped by preset.
 * @returns a vega-lite spec with inline data.
 * @example renderVegaLite([zeroBySizeSpec(report)]);
 */
export function zeroBySizeSpec(report: CompareReport): object {
  const groups = ['all', 'small', 'medium', 'large'];
  const values = report.summaries.flatMap((s) => {
    const bySize = s.withoutPositivesBySize;
    const cells = [s.withoutPositives, bySize.small, bySize.medium, bySize.large];
    return cells.map((c, g) => ({ preset: s.preset, size: groups[g], share: c.share ?? 0, objects: c.objects, missed: c.withoutPositives }));
  });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    config: CONFIG,
    data: { values },
    width: Math.max(420, Math.min(900, 4 * (report.presets.length * 18 + 30))),
    height: 220,
    encoding: {
      x: { field: 'size', type: 'nominal', sort: groups, title: 'object size (area on the original image: small < 32², large ≥ 96²)', axis: { labelAngle: 0, labelFontSize: 12 } },
      xOffset: { field: 'preset', type: 'nominal', sort: report.presets.map((p) => p.name) },
      y: { field: 'share', type: 'quantitative', title: 'objects without a positive', axis: { format: '.0%' }, scale: { domainMax: Math.max(0.01, ...values.map((v) => v.share)) * 1.2 } },
    },
    layer: [
      {
        mark: { type: 'bar', tooltip: false },
        encoding: { color: { field: 'preset', type: 'nominal', scale: colorScale(report), legend: { title: 'preset', orient: 'right', labelLimit: 300 } } },
      },
      {
        transform: [{ filter: 'datum.share > 0' }],
        mark:
          report.presets.length > 5
            ? { type: 'text', angle: -90, align: 'left', baseline: 'middle', dx: 3, fontSize: 9, color: '#333' }
            : { type: 'text', baseline: 'bottom', dy: -2, fontSize: 10, color: '#333' },
        encoding: { text: { field: 'share', type: 'quantitative', format: '.1~%' } },
      },
    ],
  };
}

/**
 * Share of each preset's positives on each pyramid level, one small chart per preset (each with
 * its own levels, in the preset's order).
 * @returns a vega-lite spec with inline data.
 * @example renderVegaLite([levelsSpec(report)]);
 */
export function levelsSpec(report: CompareReport): object {
  const longest = Math.max(0, ...report.presets.flatMap((p) => p.levelNames.map((n) => n.length)));
  const axis = longest > 4 ? { labelAngle: -40, labelAlign: 'right', labelBaseline: 'middle' } : { labelAngle: 0 };
  const charts = report.summaries.map((s, p) => ({
    title: { text: s.preset, anchor: 'middle', fontSize: 12, fontWeight: 'bold' },
    data: { values: s.positivesPerLevel.map((l) => ({ level: l.level, share: l.share ?? 0, positives: l.positives })) },
    width: { step: 28 },
    height: 120,
    encoding: {
      x: { field: 'level', type: 'ordinal', sort: s.levelNames, title: 'level', axis },
      y: { field: 'share', type: 'quantitative', title: null, axis: { format: '.0%', tickCount: 4 }, scale: { domain: [0, 1] } },
    },
    layer: [
      { mark: { type: 'bar', tooltip: false, color: presetColor(p) } },
      {
        // Labels of tall bars go just inside the plot, so every chart has the same top edge.
        transform: [{ calculate: 'min(datum.share, 0.86)', as: 'labelY' }],
        mark: { type: 'text', baseline: 'bottom', dy: -2, fontSize: 9, color: '#333' },
        encoding: { y: { field: 'labelY', type: 'quantitative' }, text: { field: 'share', type: 'quantitative', format: '.0%' } },
      },
    ],
  }));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    config: CONFIG,
    concat: charts,
    columns: columns(charts.length),
    spacing: 16,
  };
}

/**
 * Objects without a positive when all objects are assigned together, and objects without one
 * even when assigned alone (1 - best possible recall), side by side per preset.
 * @returns a vega-lite spec with inline data.
 * @example renderVegaLite([recallSpec(report)]);
 */
export function recallSpec(report: CompareReport): object {
  const presets = report.presets.map((p) => p.name);
  const measures = ['all objects assigned together', 'each object assigned alone (1 − best possible recall)'];
  const values = report.summaries.flatMap((s) => [
    { preset: s.preset, measure: measures[0], share: s.withoutPositives.share ?? 0 },
    { preset: s.preset, measure: measures[1], share: s.bestPossibleRecall.share === null ? 0 : 1 - s.bestPossibleRecall.share },
  ]);
  const top = Math.max(0.01, ...values.map((v) => v.share));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    config: CONFIG,
    data: { values },
    width: 480,
    height: { step: 12 },
    encoding: {
      y: { field: 'preset', type: 'nominal', sort: presets, title: null, axis: { labelFontSize: 12 } },
      yOffset: { field: 'measure', type: 'nominal', sort: measures },
      x: { field: 'share', type: 'quantitative', title: 'share of objects without a positive', axis: { format: '.0%' }, scale: { domain: [0, top * 1.15] } },
    },
    layer: [
      {
        mark: { type: 'bar', tooltip: false },
        encoding: {
          color: { field: 'measure', type: 'nominal', sort: measures, scale: { domain: measures, range: ['#e8a09a', MISSED_COLOR] }, legend: { title: null, orient: 'top', direction: 'vertical', labelLimit: 500 } },
        },
      },
      { mark: { type: 'text', align: 'left', dx: 3, fontSize: 9, color: '#333' }, encoding: { text: { field: 'share', type: 'quantitative', format: '.1%' } } },
    ],
  };
}

const RENDER_WORKER = `
const { workerData } = require('node:worker_threads');
const { port, signal } = workerData;
const flag = new Int32Array(signal);
(async () => {
  const vega = await import(workerData.vegaUrl);
  const vl = await import(workerData.vegaLiteUrl);
  const svgs = [];
  const warnings = [];
  const note = (...args) => { warnings.push(args.join(' ')); return logger; };
  const logger = { level: () => logger, info: () => logger, debug: () => logger, warn: note, error: note };
  for (const spec of workerData.specs) {
    const compiled = vl.compile(spec, { logger }).spec;
    const view = new vega.View(vega.parse(compiled), { renderer: 'none', logLevel: vega.Error });
    svgs.push(await view.toSVG());
    view.finalize();
  }
  port.postMessage({ ok: true, svgs, warnings });
})()
  .catch((error) => port.postMessage({ ok: false, message: String((error && error.message) || error) }))
  .finally(() => {
    Atomics.store(flag, 0, 1);
    Atomics.notify(flag, 0);
    port.close();
  });
`;

/**
 * Renders vega-lite specs to SVG strings, synchronously (on a worker thread the caller waits for).
 * @param specs vega-lite specs with inline data.
 * @param options.timeoutMs give up after this long (default 2 minutes); `onWarning` gets vega-lite's warnings.
 * @returns one `<svg>…</svg>` per spec.
 * @throws {LabelAssignError} when vega cannot be loaded or a spec fails to render.
 * @example const [svg] = renderVegaLite([histogramSpec(report)]);
 */
export function renderVegaLite(specs: readonly object[], options: { timeoutMs?: number; onWarning?: (message: string) => void } = {}): string[] {
  const timeoutMs = options.timeoutMs ?? 120_000;
  const require = createRequire(import.meta.url);
  const vegaUrl = pathToFileURL(require.resolve('vega')).href;
  const vegaLiteUrl = pathToFileURL(require.resolve('vega-lite')).href;
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(RENDER_WORKER, {
    eval: true,
    workerData: { port: port2, signal: flag.buffer, vegaUrl, vegaLiteUrl, specs },
    transferList: [port2],
    stdout: false,
    stderr: false,
  });
  worker.unref();
  worker.on('error', () => undefined);
  try {
    const waited = Atomics.wait(flag, 0, 0, timeoutMs);
    const reply = receiveMessageOnPort(port1)?.message as { ok: boolean; svgs?: string[]; warnings?: string[]; message?: string } | undefined;
    if (reply === undefined) {
      throw new LabelAssignError('io', 'html', `compare: the plots could not be rendered (${waited === 'timed-out' ? 'timed out' : 'the renderer stopped'})`);
    }
    if (!reply.ok) throw new LabelAssignError('io', 'html', `compare: the plots could not be rendered: ${reply.message}`);
    for (const warning of reply.warnings ?? []) options.onWarning?.(warning);
    return reply.svgs as string[];
  } finally {
    port1.close();
    void worker.terminate();
  }
}
