import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/datasets/dataset.js';
import { renderHtml } from '../../src/report/html.js';
import { renderInspectSvg } from '../../src/report/inspect-svg.js';
import { histogramSpec, levelsSpec, PRESET_COLORS, presetColor, recallSpec, renderVegaLite, zeroBySizeSpec } from '../../src/report/plots.js';
import { compareDataset } from '../../src/report/run.js';
import { renderTable } from '../../src/report/table.js';
import { image, stubAnchorPreset, stubPointPreset, tinyDataset } from '../helpers/stub-presets.js';

function svgSize(svg: string): [number, number] {
  const m = /^<svg [^>]*width="([\d.]+)" height="([\d.]+)"/.exec(svg);
  return m === null ? [0, 0] : [Number(m[1]), Number(m[2])];
}

describe('vega-lite plots rendered to SVG without a browser', () => {
  it('renders every plot of a report, with no warnings from the plotting library', () => {
    const report = compareDataset(tinyDataset(8, 6), [stubAnchorPreset(), stubPointPreset()], { workers: 0 });
    const warnings: string[] = [];
    const svgs = renderVegaLite([histogramSpec(report), zeroBySizeSpec(report), levelsSpec(report), recallSpec(report)], { onWarning: (w) => warnings.push(w) });
    expect(warnings).toEqual([]);
    expect(svgs).toHaveLength(4);
    for (const svg of svgs) {
      const [w, h] = svgSize(svg);
      expect(w).toBeGreaterThan(200);
      expect(h).toBeGreaterThan(100);
      expect(svg).toMatch(/<\/svg>$/);
      expect(svg).not.toMatch(/<script|<image|href="http/);
    }
    // The bars exist: one path per bar in the histogram (13 bins x 2 presets).
    expect((svgs[0].match(/role="graphics-symbol"/g) ?? []).length).toBeGreaterThanOrEqual(26);
  });

  it('copes with many presets, long level names and datasets without objects', () => {
    const many = Array.from({ length: 12 }, (_, i) => ({ ...stubPointPreset(`p${i}`), levelNames: ['conv4_3', 'fc7', 'conv6_2', 'conv7_2', 'conv8_2'] }));
    const empty: Dataset = { ...tinyDataset(1), images: [image('1', 640, 480, [])] };
    for (const dataset of [tinyDataset(3, 2), empty]) {
      const report = compareDataset(dataset, many, { workers: 0 });
      const warnings: string[] = [];
      const html = renderHtml(report, [], { onWarning: (w) => warnings.push(w) });
      expect(warnings).toEqual([]);
      expect((html.match(/<svg [^>]*class="marks"/g) ?? []).length).toBe(4);
      expect(renderTable(report)).toContain('p11');
    }
    expect(presetColor(PRESET_COLORS.length)).toBe(PRESET_COLORS[0]);
  });

  it('reports a broken spec as a LabelAssignError', () => {
    expect(() => renderVegaLite([{ mark: 'bar', encoding: { x: { field: 'a', type: 'nonsense' } }, data: { values: [] } }])).toThrow(
      /^compare: the plots could not be rendered: /,
    );
  });
});

describe('inspect SVG', () => {
  const preset = stubAnchorPreset();
  const draw = (rows: number[][], synthetic = false): string => {
    const im = image('9', 400, 300, rows, [[0, 0, 50, 50]]);
    const prepared = preset.prepare(im);
    return renderInspectSvg(im, [{ preset, prepared, assignment: preset.assign(prepared) }], { datasetName: 'd', synthetic, categoryNames: ['a', 'b'] });
  };

  it('draws objects, ignore regions and one dot per positive and panel', () => {
    const svg = draw([
      [10, 10, 120, 90, 0],
      [200, 100, 380, 290, 1],
    ]);
    const prepared = preset.prepare(image('9', 400, 300, [
      [10, 10, 120, 90, 0],
      [200, 100, 380, 290, 1],
    ], [[0, 0, 50, 50]]));
    const { result } = preset.assign(prepared);
    const total = result.label.filter((l) => l === 1).length;
    expect(total).toBeGreaterThan(0);
    expect((svg.match(/<circle /g) ?? []).length).toBe(2 * total);
    expect(svg).toContain('#0 a · 110.0×80.0 px (medium)');
    expect(svg).toContain('#1 b · 180.0×190.0 px (large)');
    expect(svg).toMatch(/stroke-dasharray/);
    expect(svg).not.toContain('SYNTHETIC');
    expect(draw([[10, 10, 20, 20, 0]], true)).toContain('SYNTHETIC DATA');
  });

  it('says so for an image without objects, and shortens long legends', () => {
    expect(draw([])).toContain('This image has no objects: every prior is negative.');
    const rows = Array.from({ length: 45 }, (_, k) => [k * 8, 5, k * 8 + 6, 40, 0]);
    const svg = draw(rows);
    expect(svg).toContain('… and 5 more objects');
    expect(svg).toContain('#39 a');
    expect(svg).not.toContain('#40 a');
  });
});
