/**
 * Text from the user's data on its way out: control characters never reach the terminal raw
 * (every message and output line escapes them), and no CSV cell is a formula a spreadsheet runs.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { csvField } from '../../src/report/csv.js';
import { printable } from '../../src/report/text.js';
import { capture } from '../helpers/cli.js';
import { fixturePath } from '../helpers/conformance.js';
import { parseCsv } from '../helpers/stub-presets.js';

const work = mkdtempSync(join(tmpdir(), 'label-assign-quoting-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const at = (name: string): string => join(work, name);

/** Control characters a terminal acts on: none may be printed raw. */
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const ESC = '\u001b';

/** A COCO file with the given image ids and one category name; `tiny` objects of 2 x 2 pixels per image. */
function coco(name: string, ids: (string | number)[], category: string, tiny = 1): string {
  const images = ids.map((id) => ({ id, width: 640, height: 480 }));
  const annotations = ids.flatMap((id, i) => Array.from({ length: tiny }, (_, k) => ({ id: i * 100 + k + 1, image_id: id, category_id: 1, bbox: [20 + 40 * k, 20, 2, 2] })));
  const path = at(name);
  writeFileSync(path, JSON.stringify({ images, annotations, categories: [{ id: 1, name: category }] }));
  return path;
}

describe('printable and csvField', () => {
  it('printable escapes control, separator and bidi characters, keeps the rest, and is idempotent', () => {
    expect(printable('a,b\nc')).toBe('a,b\\nc');
    expect(printable(`${ESC}[31mred\r\t\u0000\u007f\u009b`)).toBe('\\u001b[31mred\\r\\t\\u0000\\u007f\\u009b');
    expect(printable('a\u202eb\u2028c\u2066')).toBe('a\\u202eb\\u2028c\\u2066');
    expect(printable('C:\\data\\été 猫.json')).toBe('C:\\data\\été 猫.json');
    expect(printable(printable(`x${ESC}\n`))).toBe(printable(`x${ESC}\n`));
  });

  it('csvField writes text that starts a formula as text: a quote in front, inside quotes; numbers as they are', () => {
    expect(csvField('=HYPERLINK(1).json')).toBe(`"'=HYPERLINK(1).json"`);
    for (const c of ['=', '+', '-', '@', '\t', '\r']) expect(csvField(`${c}1`)).toBe(`"'${c}1"`);
    expect(csvField('=a"b')).toBe(`"'=a""b"`);
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('a=b')).toBe('a=b');
    expect(csvField(-1)).toBe('-1');
    expect(csvField(true)).toBe('true');
  });
});

describe('compare --csv: no cell from the data is a formula (was: a dataset named =HYPERLINK(1).json written as a bare cell)', () => {
  it('the dataset name, image ids and level names starting with = + - @ tab or CR get a leading quote', async () => {
    const dir = at('formula');
    mkdirSync(dir);
    const ids = ['=1+2', '+3', -4, '@SUM(A1)', '\t6', '\r7', 'plain'];
    const dataset = join(dir, '=HYPERLINK(1).json');
    writeFileSync(dataset, readFileSync(coco('formula-source.json', ids, 'cat')));
    const config = at('levels.json');
    writeFileSync(config, JSON.stringify({ base: 'fcos', name: 'lv', level_names: ['=P3', '+P4', '-P5', '@P6', 'P7'] }));
    const csv = at('formula.csv');
    expect(await main(['compare', dataset, '--presets', config, '--csv', csv], capture())).toBe(0);
    const rows = parseCsv(readFileSync(csv, 'utf8'));
    expect(rows).toHaveLength(1 + ids.length);
    for (const row of rows) for (const cell of row) expect(cell, JSON.stringify(cell)).not.toMatch(/^[=+\-@\t\r]/);
    expect(rows[1][0]).toBe("'=HYPERLINK(1).json");
    expect(rows.slice(1).map((r) => r[2])).toEqual(["'=1+2", "'+3", "'-4", "'@SUM(A1)", "'\t6", "'\r7", 'plain']);
    expect(rows[1][11]).toMatch(/^'=P3=\d+;\+P4=\d+;-P5=\d+;@P6=\d+;P7=\d+$/);
  });
});

describe('control characters in the data are escaped in every message and output line (was: a preset name "a,b\\nc" gave a two-line error)', () => {
  it('an unknown preset name with a line break is one line', async () => {
    const io = capture();
    expect(await main(['compare', '--presets', 'a,b\nc'], io)).toBe(2);
    expect(io.err()).toBe("label-assign: compare: unknown preset 'a'; known presets: retinanet, rpn, ssd300, fcos, fcos-center, atss, yolov3, ga-retinanet, centernet, yolov5 (or a JSON config file, *.json)\n");
    const second = capture();
    expect(await main(['compare', '--presets', `retinanet,b\nc${ESC}[2J`], second)).toBe(2);
    expect(second.err()).toMatch(/^label-assign: compare: unknown preset 'b\\nc\\u001b\[2J'; known presets: /);
    expect(second.err().split('\n')).toHaveLength(2);
  });

  it('the compare table: file name, class names and level names', async () => {
    const dir = at(`table${ESC}[31m\nx`);
    mkdirSync(dir);
    // Ten 2 x 2 objects of one class: RPN (min_pos_iou 0.3) gives them no positive, so the class is the "most missed".
    const dataset = join(dir, `data\u202e${ESC}]0;title\u0007.json`);
    writeFileSync(dataset, readFileSync(coco('table-source.json', [1, 2], `cat${ESC}[2J\nrm -rf`, 5)));
    const config = at('table-levels.json');
    writeFileSync(config, JSON.stringify({ base: 'rpn', name: 'rpn-x', level_names: [`P2${ESC}[5m`, 'P3\r', 'P4', 'P5', 'P6'] }));
    const io = capture();
    const out = join(dir, `out${ESC}.json`);
    expect(await main(['compare', dataset, '--presets', `rpn,${config}`, '--json', out], io)).toBe(0);
    const text = io.out();
    expect(text).not.toMatch(RAW_CONTROL);
    expect(text).toContain(`label-assign compare: data\\u202e\\u001b]0;title\\u0007.json (coco): 2 images, 10 objects`);
    expect(text).toContain('cat\\u001b[2J\\nrm -rf 100.0% (10/10)');
    expect(text).toMatch(/^rpn-x +P2\\u001b\[5m +\S+ +P3\\r /m);
    expect(text).toContain(`wrote ${printable(out)}\n`);
    // The JSON keeps the names as they are (JSON escapes them itself).
    expect(JSON.parse(readFileSync(out, 'utf8')).dataset.name).toBe(`data\u202e${ESC}]0;title\u0007.json`);
  });

  it('inspect: the image id, class names and dataset name in its lines, its errors and its SVG', async () => {
    const id = `im${ESC}[1m`;
    const dataset = coco(`inspect${ESC}.json`, [id], `a\nb${ESC}`);
    const svg = at('inspect.svg');
    const io = capture();
    expect(await main(['inspect', dataset, '--image', id, '--preset', 'rpn', '--out', svg], io)).toBe(0);
    expect(io.out()).not.toMatch(RAW_CONTROL);
    expect(io.out()).toMatch(/^image im\\u001b\[1m \(640x480, 1 object\) in inspect\\u001b\.json\n {2}rpn: positives per object \[0\]; without a positive: #0 a\\nb\\u001b\n/);
    // XML 1.0 allows no control character but tab and line breaks.
    expect(readFileSync(svg, 'utf8')).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
    const wrong = capture();
    expect(await main(['inspect', dataset, '--image', `x${ESC}[2J\n`, '--preset', 'rpn', '--out', svg], wrong)).toBe(2);
    expect(wrong.err()).toMatch(/^label-assign: inspect: no image with id 'x\\u001b\[2J\\n' in inspect\\u001b\.json \(1 images; ids look like 'im\\u001b\[1m'\)\n$/);
  });

  it('eval-cases: case ids with ANSI escape codes in the --check summary (was: printed raw)', async () => {
    const file = JSON.parse(readFileSync(fixturePath('conformance/overlaps.json'), 'utf8'));
    file.cases = [file.cases[0]];
    file.cases[0].id = `${ESC}[31mred${ESC}[0m\nnext`;
    file.cases[0].expected.iou[0][0] += 0.5;
    const path = at('ansi-cases.json');
    writeFileSync(path, JSON.stringify(file));
    const io = capture();
    expect(await main(['eval-cases', path, '--check'], io)).toBe(1);
    expect(io.out()).not.toMatch(RAW_CONTROL);
    expect(io.out()).toContain('overlaps / \\u001b[31mred\\u001b[0m\\nnext: 1 mismatches');
  });

  it('file names in errors and in "wrote" lines', async () => {
    const io = capture();
    expect(await main(['compare', at(`missing${ESC}[2J\n.json`), '--presets', 'fcos'], io)).toBe(2);
    expect(io.err()).toMatch(/missing\\u001b\[2J\\n\.json: no such file or folder\n$/);
    expect(io.err().split('\n')).toHaveLength(2);
  });
});
