// The HTML report in a real headless browser: Debian's chromium (`.ci/run` installs it when
// missing). No playwright/puppeteer: chromium's own command line (--dump-dom, --screenshot,
// --enable-logging) is enough. Skips, saying why, when no chromium is installed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { main, type Io } from '../../src/cli/main.js';

function findChromium(): string | null {
  const candidates = [process.env.CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
  for (const path of candidates) if (path && existsSync(path)) return path;
  const which = spawnSync('sh', ['-c', 'command -v chromium || command -v chromium-browser || command -v google-chrome'], { encoding: 'utf8' });
  const found = which.stdout.trim();
  return which.status === 0 && found !== '' ? found : null;
}

const chromium = findChromium();
if (chromium === null) {
  console.warn('report-browser tests skipped: no chromium found (apt-get install chromium; CI installs it in .ci/run)');
}

const work = mkdtempSync(join(tmpdir(), 'label-assign-browser-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Runs headless chromium on a file; returns the DOM after load and chromium's log. */
function browse(file: string, extra: string[] = []): { dom: string; log: string } {
  const profile = mkdtempSync(join(work, 'profile-'));
  const run = spawnSync(
    chromium as string,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--user-data-dir=${profile}`,
      '--enable-logging=stderr',
      '--v=0',
      ...extra,
      '--dump-dom',
      pathToFileURL(file).href,
    ],
    { encoding: 'utf8', timeout: 90_000, maxBuffer: 64 * 1024 * 1024 },
  );
  if (run.error) throw run.error;
  return { dom: run.stdout, log: run.stderr };
}

/** Console messages in chromium's log (a script-free page has none, so any is a problem). */
function consoleMessages(log: string): string[] {
  return log.split('\n').filter((line) => /:CONSOLE[:(]/.test(line));
}

function capture(): Io {
  return { stdout: { write: () => undefined }, stderr: { write: () => undefined } };
}

describe.skipIf(chromium === null)('the HTML report in headless chromium', () => {
  const report = join(work, 'report.html');
  const real = join(work, 'real.html');

  it('is written by compare (embedded data and a real dataset)', async () => {
    expect(await main(['compare', '--limit', '25', '--presets', 'retinanet,fcos,atss,yolov3,centernet', '--html', report], capture())).toBe(0);
    const coco = fileURLToPath(new URL('../fixtures/datasets/coco/instances_tiny.json', import.meta.url));
    expect(await main(['compare', coco, '--presets', 'retinanet,ssd300', '--html', real], capture())).toBe(0);
  }, 300_000);

  it('the console check catches errors (control page)', () => {
    const control = join(work, 'control.html');
    writeFileSync(control, '<!doctype html><title>c</title><script>console.error("control-error")</script><p>x</p>');
    const messages = consoleMessages(browse(control).log);
    expect(messages.some((m) => m.includes('control-error'))).toBe(true);
  });

  for (const [name, file, synthetic] of [
    ['embedded (synthetic) data', report, true],
    ['a real dataset', real, false],
  ] as const) {
    it(`opens with no console errors and no requests: ${name}`, () => {
      const { dom, log } = browse(file);
      expect(consoleMessages(log)).toEqual([]);
      expect(dom).toMatch(/<h1>Label assignment compared/);
      expect((dom.match(/<svg [^>]*class="marks"/g) ?? []).length).toBe(4);
      expect(dom.includes('class="banner"')).toBe(synthetic);
    });

    it(`renders the four plots with a non-zero size: ${name}`, () => {
      // A copy with a measuring script (the report itself has none, and its CSP forbids one).
      const measured = join(work, `measured-${synthetic}.html`);
      const script = `<pre id="measure"></pre><script>
        const sizes = [...document.querySelectorAll('svg.marks')].map((svg) => {
          const r = svg.getBoundingClientRect();
          return { width: r.width, height: r.height, marks: svg.querySelectorAll('path, rect, line, text').length };
        });
        const banner = document.querySelector('.banner');
        document.getElementById('measure').textContent = JSON.stringify({ sizes, banner: banner ? banner.getBoundingClientRect().height : 0, title: document.title });
      </script>`;
      const html = readFileSync(file, 'utf8').replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, '').replace('</body>', `${script}</body>`);
      writeFileSync(measured, html);
      const { dom, log } = browse(measured, ['--window-size=1280,2000']);
      expect(consoleMessages(log)).toEqual([]);
      const m = /<pre id="measure">([^<]*)<\/pre>/.exec(dom);
      expect(m).not.toBeNull();
      const measure = JSON.parse((m as RegExpExecArray)[1].replace(/&quot;/g, '"').replace(/&amp;/g, '&'));
      expect(measure.sizes).toHaveLength(4);
      for (const size of measure.sizes) {
        expect(size.width).toBeGreaterThan(200);
        expect(size.height).toBeGreaterThan(100);
        expect(size.marks).toBeGreaterThan(20);
      }
      expect(measure.banner > 0).toBe(synthetic);
      expect(measure.title).toMatch(/^label-assign compare · /);
    });
  }

  it('takes a screenshot of a clean page', () => {
    const shot = join(work, 'report.png');
    const profile = mkdtempSync(join(work, 'profile-'));
    const run = spawnSync(
      chromium as string,
      ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--hide-scrollbars', `--user-data-dir=${profile}`, '--window-size=1280,2400', `--screenshot=${shot}`, pathToFileURL(report).href],
      { encoding: 'utf8', timeout: 90_000 },
    );
    expect(run.error).toBeUndefined();
    expect(statSync(shot).size).toBeGreaterThan(50_000);
  });
});
