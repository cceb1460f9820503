/**
 * `presetFromConfig` in any speaker's words: the one reading of a preset config, whose every
 * error starts with the caller's `fn` (`presetFromConfig` for the API, `compare: preset config
 * my.json` for a command reading a file), so no message is rewritten afterwards.
 */
import { LabelAssignError } from '../errors.js';
import { buildPreset, type ConfiguredPreset } from './build.js';
import { BUILTIN_CONFIGS, isPresetName } from './builtin.js';
import { configError, readPresetSpec, type PresetConfigJson } from './config.js';

/**
 * Builds a preset from an mmdetection-style JSON config, as `presetFromConfig` does, with every
 * config error starting with `fn`.
 * @param fn what the messages start with, e.g. `compare: preset config my.json`.
 * @param json the parsed JSON object.
 * @param base a built-in preset name whose config the JSON overrides (a string).
 * @throws {LabelAssignError} code `invalid-config` (`unsupported` for a neutral mmdetection key
 *   at a value that would change the result), as `presetFromConfig`.
 * @example presetFromConfigAs('compare: preset config my.json', { name: 'r6', base: 'retinanet' }).name; // 'r6'
 * @internal for `presetFromConfig` and the command line.
 */
export function presetFromConfigAs(fn: string, json: unknown, base?: string): ConfiguredPreset {
  const fromJson = typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as { base?: unknown }).base : undefined;
  if (fromJson !== undefined && typeof fromJson !== 'string') throw configError(fn, 'base', 'a preset name', fromJson);
  if (base !== undefined && fromJson !== undefined && base !== fromJson) {
    throw new LabelAssignError('invalid-config', 'base', `${fn}: base is '${fromJson}' in the config but '${base}' was passed; give one`);
  }
  const baseName = base ?? fromJson;
  if (baseName !== undefined && !isPresetName(baseName)) {
    throw configError(fn, 'base', `one of ${Object.keys(BUILTIN_CONFIGS).join(', ')}`, baseName);
  }
  const baseConfig: PresetConfigJson | undefined = baseName === undefined ? undefined : BUILTIN_CONFIGS[baseName];
  return buildPreset(readPresetSpec(json, baseConfig, fn), fn);
}
