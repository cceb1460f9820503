import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, csvField, renderCsv } from '../../src/report/csv.js';
import { escapeHtml, renderHtml } from '../../src/report/html.js';
import { JSON_FORMAT, renderJson } from '../../src/report/json.js';
import { compareDataset } from '../../src/report/run.js';
import { renderTable, textTable } from '../../src/report/table.js';
import { parseCsv, stubAnchorPreset, stubPointPreset, tinyDataset, validateCompareJson } from '../helpers/stub-presets.js';

const presets = [stubAnchorPreset(), stubPointPreset()];
const real = compareDataset(tinyDataset(10, 3), presets, { workers: 0 });
const synthetic = compareDataset(tinyDataset(6, 4, true), presets, { workers: 0 });
const skipped = [{ imageId: '101', where: 'annotation 17', reason: 'zero width' }];

describe('JSON output', () => {
  it('validates and keeps per-image rows, positives per object in annotation order, and the summary', () => {
    const json = JSON.parse(renderJson(real, skipped));
    expect(validateCompareJson(json)).toEqual([]);
    expect(json.format).toBe(JSON_FORMAT);
    expect(json.synthetic).toBe(false);
    expect(json.note).toBeNull();
    expect(json.skipped).toEqual(skipped);
    expect(json.images).toHaveLength(real.records.length);
    real.records.forEach((r, k) => {
      const row = json.images[k];
      expect(row.imageId).toBe(r.imageId);
      expect(row.preset).toBe(presets[r.presetIndex].name);
      expect(row.positivesPerObject).toEqual(Array.from(r.positivesPerObject));
      expect(row.objects).toBe(r.positivesPerObject.length);
      expect(row.objectsWithoutPositives).toBe(Array.from(r.positivesPerObject).filter((v) => v === 0).length);
      expect(row.positivePriors).toBe(r.positivePriors);
    });
    expect(json.summary[1].preset).toBe('stub-points');
    expect(json.summary[0].bestPossibleRecall.share).toBe(real.summaries[0].bestPossibleRecall.share);
  });

  it('says synthetic at the top of a synthetic run', () => {
    const json = JSON.parse(renderJson(synthetic));
    expect(validateCompareJson(json)).toEqual([]);
    expect(json.synthetic).toBe(true);
    expect(json.dataset.synthetic).toBe(true);
    expect(json.note).toMatch(/^SYNTHETIC DATA: 'tiny-synthetic' is generated/);
  });

  it('writes one line per image row', () => {
    const text = renderJson(real);
    const rowLines = text.split('\n').filter((l) => l.startsWith('    {"imageId"'));
    expect(rowLines).toHaveLength(real.records.length);
  });
});

describe('CSV output', () => {
  it('has the documented columns and one row per image and preset', () => {
    const rows = parseCsv(renderCsv(real));
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(real.records.length + 1);
    rows.slice(1).forEach((row, k) => {
      const r = real.records[k];
      expect(row).toHaveLength(CSV_COLUMNS.length);
      const get = (column: (typeof CSV_COLUMNS)[number]): string => row[CSV_COLUMNS.indexOf(column)];
      expect(get('dataset')).toBe('tiny');
      expect(get('synthetic')).toBe('false');
      expect(get('image_id')).toBe(r.imageId);
      expect(get('preset')).toBe(presets[r.presetIndex].name);
      expect(Number(get('positive_priors'))).toBe(r.positivePriors);
      expect(Number(get('objects'))).toBe(r.positivesPerObject.length);
      expect(get('positives_per_object')).toBe(Array.from(r.positivesPerObject).join(';'));
      expect(get('positives_per_level')).toBe(['P3', 'P4', 'P5', 'P6', 'P7'].map((n, l) => `${n}=${r.positivesPerLevel[l]}`).join(';'));
    });
  });

  it('marks every row of a synthetic run', () => {
    const rows = parseCsv(renderCsv(synthetic)).slice(1);
    expect(rows.every((r) => r[0] === 'tiny-synthetic' && r[1] === 'true')).toBe(true);
  });

  it('quotes fields that need it', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('plain')).toBe('plain');
    expect(parseCsv('a,"b,c","d""e"\n')).toEqual([['a', 'b,c', 'd"e']]);
  });
});

describe('terminal table', () => {
  it('fits one screen and names every preset', () => {
    const text = renderTable(real);
    const lines = text.trimEnd().split('\n');
    expect(lines.length).toBeLessThanOrEqual(40);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(120);
    for (const p of presets) expect(text.split(p.name).length - 1).toBe(3);
    expect(text).not.toMatch(/SYNTHETIC/);
    expect(text).toMatch(/best possible/);
  });

  it('says synthetic', () => {
    expect(renderTable(synthetic).split('\n')[1]).toMatch(/^\*\*\* SYNTHETIC DATA: /);
  });

  it('aligns columns', () => {
    expect(textTable([{ head: ['', 'a'], align: 'left' }, { head: ['x', 'b'], align: 'right' }], [['long', '1'], ['s', '100']])).toEqual([
      '        x',
      'a       b',
      'long    1',
      's     100',
    ]);
  });
});

describe('HTML report', () => {
  const html = renderHtml(synthetic, skipped);

  it('is self-contained: no scripts, no external resources', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<link(?![^>]*href="data:)/i);
    expect(html).not.toMatch(/(src|href)\s*=\s*["']?(https?:)?\/\//i);
    expect(html).not.toMatch(/url\(\s*["']?(https?:)?\/\//i);
    expect(html).toMatch(/Content-Security-Policy" content="default-src 'none'/);
  });

  it('has the four plots as inline SVG and the tables', () => {
    const svgs = html.match(/<svg [^>]*class="marks"[^>]*>/g) ?? [];
    expect(svgs).toHaveLength(4);
    for (const svg of svgs) {
      const [, w, h] = /width="(\d+(?:\.\d+)?)" height="(\d+(?:\.\d+)?)"/.exec(svg) ?? [];
      expect(Number(w)).toBeGreaterThan(100);
      expect(Number(h)).toBeGreaterThan(100);
    }
    expect(html).toMatch(/<h2>Summary<\/h2>/);
    expect(html).toMatch(/<h2>Objects without a positive, by class<\/h2>/);
    for (const p of presets) expect(html).toContain(p.name);
    expect(html).toContain('zero width');
  });

  it('shows the synthetic banner only for synthetic data', () => {
    expect(html).toMatch(/<div class="banner" role="note"><strong>SYNTHETIC DATA\.<\/strong>/);
    expect(renderHtml(real)).not.toMatch(/class="banner"/);
  });

  it('escapes text', () => {
    expect(escapeHtml('<a href="x">&\'')).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&#39;');
  });
});
