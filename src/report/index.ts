/**
 * The report side of `label-assign compare` and `inspect`, for programs that want the numbers
 * or the pictures without the command line: run a dataset through presets
 * ({@link compareDataset}), then render the table, JSON, CSV, HTML or an inspect SVG.
 * Node only (worker threads, the vega renderer); not part of the browser-safe main entry.
 */
export {
  analyzeImage,
  binLabel,
  distribution,
  HISTOGRAM_BINS,
  LARGE_AREA,
  objectSizeClasses,
  quantile,
  SIZE_CLASSES,
  sizeClass,
  SMALL_AREA,
  summarize,
  summarizeDataset,
  type ClassZeroShare,
  type CompareReport,
  type DatasetSummary,
  type Distribution,
  type HistogramBin,
  type ImageRecord,
  type LevelCount,
  type PresetInfo,
  type PresetSummary,
  type SizeClass,
  type ZeroShare,
} from './stats.js';
export { compareDataset, defaultWorkerUrl, PARALLEL_MIN_WORK, plannedWorkers, type CompareRunOptions, type PresetSource } from './run.js';
export { renderTable } from './table.js';
export { printable } from './text.js';
export { JSON_FORMAT, jsonRow, renderJson, type JsonImageRow } from './json.js';
export { CSV_COLUMNS, csvField, renderCsv } from './csv.js';
export { escapeHtml, renderHtml } from './html.js';
export { histogramSpec, levelsSpec, PRESET_COLORS, presetColor, recallSpec, renderVegaLite, zeroBySizeSpec } from './plots.js';
export { OBJECT_COLORS, renderInspectSvg, type InspectInput, type InspectSvgOptions } from './inspect-svg.js';
