/**
 * Detector presets: each reproduces the prior generator, the assigner and the deterministic
 * test-time image geometry of one detector config, so `compare` can run any dataset through it.
 *
 * `PRESETS` holds the built-in presets by name; `presetFromConfig` builds one from a JSON
 * config (see `config.ts` for the schema), optionally overriding a built-in preset.
 */
import { invalidArgument } from '../errors.js';
import { buildPreset, type ConfiguredPreset } from './build.js';
import { BUILTIN_CONFIGS, type PresetName } from './builtin.js';
import { CONFIG_FN, readPresetSpec } from './config.js';
import { presetFromConfigAs } from './from-config.js';

export type { PreparedImage, Preset, PresetAssignment } from './preset.js';
export { BUILTIN_CONFIGS, isPresetName, type PresetName } from './builtin.js';
export { insideFlags, type ConfiguredPreset, type PriorLayout } from './build.js';
export type { ImageConfigJson, PresetConfigJson, TypedSectionJson } from './config.js';
export { featmapSizesFor, keepRatioSize, prepareImage, resizeImageSize, roundHalfEven, type ImageGeometry, type ResizeMode } from './geometry.js';

/** Names of the built-in presets, in their listing order. */
export const PRESET_NAMES: readonly PresetName[] = Object.freeze(Object.keys(BUILTIN_CONFIGS) as PresetName[]);

/**
 * The built-in presets by name. Each keeps a small cache of the priors of the last few padded
 * input shapes; results never depend on it.
 * @example PRESETS.retinanet.assign(PRESETS.retinanet.prepare(image)).result.label;
 */
export const PRESETS: Readonly<Record<PresetName, ConfiguredPreset>> = Object.freeze(
  Object.fromEntries(PRESET_NAMES.map((name) => [name, buildPreset(readPresetSpec(BUILTIN_CONFIGS[name]))])) as Record<PresetName, ConfiguredPreset>,
);

/**
 * Builds a preset from an mmdetection-style JSON config (schema in `config.ts`): a complete
 * config, or overrides of a built-in preset named by `base` (the argument, or the config's
 * `base` key).
 * @param json the parsed JSON object.
 * @param base a built-in preset name whose config the JSON overrides.
 * @returns a frozen preset; its `config` is the complete merged config.
 * @throws {LabelAssignError} code `invalid-config`, naming the key: unknown keys, wrong types,
 *   missing sections, incompatible generator/assigner, values the toolkit's generators and
 *   assigners reject, an unknown base, or two different bases.
 * @example
 * const strict = presetFromConfig({ name: 'retina-0.6', assigner: { pos_iou_thr: 0.6 } }, 'retinanet');
 * strict.config.assigner; // { type: 'MaxIoUAssigner', pos_iou_thr: 0.6, neg_iou_thr: 0.4, ... }
 */
export function presetFromConfig(json: unknown, base?: string): ConfiguredPreset {
  if (base !== undefined && typeof base !== 'string') throw invalidArgument(CONFIG_FN, 'base', 'a preset name', base);
  return presetFromConfigAs(CONFIG_FN, json, base);
}
