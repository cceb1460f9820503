/**
 * Presets by name or from JSON configs, as the CLI and the worker threads both need them.
 */
import { LabelAssignError } from '../errors.js';
import type { Preset } from '../presets/preset.js';
import type { PresetSource } from './run.js';

/** The part of `src/presets/index.js` the report uses. */
export interface PresetsModule {
  /** Built-in presets by name (a record or a Map). */
  readonly PRESETS: Readonly<Record<string, Preset>> | ReadonlyMap<string, Preset>;
  /** A preset from an mmdetection-style JSON config. */
  readonly presetFromConfig: (json: unknown) => Preset;
}

/**
 * Names of the built-in presets, in their declared order.
 * @example presetNames(await import('../presets/index.js')); // ['retinanet', 'rpn', ...]
 */
export function presetNames(module: PresetsModule): string[] {
  const presets = module.PRESETS;
  return presets instanceof Map ? [...presets.keys()] : Object.keys(presets);
}

/**
 * A built-in preset, or undefined.
 * @example builtinPreset(module, 'fcos')?.levelNames; // ['P3', ..., 'P7']
 */
export function builtinPreset(module: PresetsModule, name: string): Preset | undefined {
  const presets = module.PRESETS;
  if (presets instanceof Map) return presets.get(name);
  return Object.prototype.hasOwnProperty.call(presets, name) ? (presets as Record<string, Preset>)[name] : undefined;
}

/**
 * The presets of `specs`, in order.
 * @throws {LabelAssignError} on an unknown built-in name (listing the known ones), and whatever
 *   `presetFromConfig` throws on a bad config.
 * @example presetsFromSources(await import('../presets/index.js'), [{ name: 'retinanet' }]);
 */
export function presetsFromSources(module: PresetsModule, specs: readonly PresetSource[]): Preset[] {
  return specs.map((spec) => {
    if (spec.config !== undefined) return module.presetFromConfig(spec.config);
    const preset = builtinPreset(module, spec.name);
    if (preset === undefined) {
      throw new LabelAssignError('invalid-argument', 'presets', `unknown preset '${spec.name}'; known presets: ${presetNames(module).join(', ')}`);
    }
    return preset;
  });
}
