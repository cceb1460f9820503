/**
 * Worker thread of `label-assign compare`: rebuilds the presets from their specs (built-ins by
 * name, JSON configs through `presetFromConfig`), then analyses the chunks of images the pool
 * hands it. Runs only from the compiled `dist/` (see `defaultWorkerUrl`).
 */
import type { Preset } from '../presets/preset.js';
import { serveJobs } from './pool.js';
import { presetsFromSources, type PresetsModule } from './preset-sources.js';
import { analyzeImages, type ImageJob, type WorkerInit } from './run.js';

await serveJobs<ImageJob, ReturnType<typeof analyzeImages>>(async (init) => {
  // Loaded by URL so this module does not tie the report to the presets' source layout.
  const module = (await import(new URL('../presets/index.js', import.meta.url).href)) as PresetsModule;
  const presets: Preset[] = presetsFromSources(module, (init as WorkerInit).presets);
  return (job, tick) => analyzeImages(presets, job.images, job.start, () => tick(1));
});
