// The README's TypeScript snippets are run as written (imports of 'label-assign' resolve to src/).
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const readme = readFileSync(fileURLToPath(new URL('../README.md', import.meta.url)), 'utf8');
const snippets = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
const dir = fileURLToPath(new URL('./.readme-snippets/', import.meta.url));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('README snippets', () => {
  it('has at least one TypeScript snippet', () => expect(snippets.length).toBeGreaterThan(0));
  snippets.forEach((code, i) => {
    it(`snippet ${i + 1} runs`, async () => {
      mkdirSync(dir, { recursive: true });
      const file = `${dir}snippet-${i + 1}.ts`;
      writeFileSync(file, `${code}\nexport {};\n`);
      await expect(import(/* @vite-ignore */ file)).resolves.toBeDefined();
    });
  });
});
