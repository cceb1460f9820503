/**
 * The picture `label-assign inspect` draws: one image's ground truths and, for each preset,
 * the positive priors on each pyramid level, as a standalone SVG (no scripts, no external
 * resources). Coordinates are each preset's network-input pixels (after its resize and
 * padding), so what you see is what the detector's assigner saw.
 */
import type { DatasetImage } from '../datasets/dataset.js';
import type { PreparedImage, Preset, PresetAssignment } from '../presets/preset.js';
import { sizeClass } from './stats.js';
import { printable } from './text.js';

/** One preset's view of the image. */
export interface InspectInput {
  readonly preset: Preset;
  readonly prepared: PreparedImage;
  /** The assignment with all objects together. */
  readonly assignment: PresetAssignment;
}

export interface InspectSvgOptions {
  readonly datasetName?: string;
  readonly synthetic?: boolean;
  /** Class names by label index. */
  readonly categoryNames?: readonly string[];
}

/** Object colours, cycled (Tableau 10, darkened where too light on white). */
export const OBJECT_COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#17becf', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22'];

const PANEL = 240;
const GAP = 14;
const MARGIN = 20;
const FONT = 'system-ui, -apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif';
const MAX_LEGEND = 40;

/** XML text and attribute values; control characters (not allowed in XML 1.0) as visible escapes. */
function xml(text: string): string {
  return printable(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] as string);
}

function n2(v: number): string {
  return String(Math.round(v * 100) / 100);
}

function color(j: number): string {
  return OBJECT_COLORS[j % OBJECT_COLORS.length];
}

function strideLabel(preset: Preset, level: number): string {
  const strides = (preset as Preset & { strides?: readonly (readonly [number, number])[] }).strides;
  const s = strides?.[level];
  return s === undefined ? '' : s[0] === s[1] ? ` · stride ${s[0]}` : ` · stride ${s[0]}×${s[1]}`;
}

/** Positives per object and per (level, object) of an assignment. */
function counts(input: InspectInput, numObjects: number): { perObject: Int32Array; perLevel: Int32Array } {
  const { label, gtIndex } = input.assignment.result;
  const numLevels = input.preset.levelNames.length;
  const perObject = new Int32Array(numObjects);
  const perLevel = new Int32Array(numLevels);
  for (let i = 0; i < label.length; i++) {
    if (label[i] !== 1) continue;
    perObject[gtIndex[i]]++;
    perLevel[input.assignment.priorLevel[i]]++;
  }
  return { perObject, perLevel };
}

/** One panel: the padded input, the image area, ignore regions, positives of `level` (or all when -1), the objects. */
function panel(input: InspectInput, level: number, x0: number, y0: number, title: string): string {
  const { prepared, assignment } = input;
  const [padH, padW] = prepared.padded;
  const [resH, resW] = prepared.resized;
  const scale = Math.min(PANEL / Math.max(1, padW), PANEL / Math.max(1, padH));
  const out: string[] = [];
  out.push(`<text x="${x0}" y="${y0 - 5}" font-size="11" fill="#333">${xml(title)}</text>`);
  out.push(`<svg x="${x0}" y="${y0}" width="${n2(padW * scale)}" height="${n2(padH * scale)}" viewBox="0 0 ${padW} ${padH}" overflow="hidden">`);
  const px = 1 / scale; // one screen pixel in input pixels
  out.push(`<rect x="0" y="0" width="${padW}" height="${padH}" fill="#ffffff" stroke="#b8c0c8" stroke-width="${n2(px)}"/>`);
  out.push(`<rect x="${n2(prepared.offsetX)}" y="${n2(prepared.offsetY)}" width="${resW}" height="${resH}" fill="#eef1f4"/>`);
  const ig = prepared.ignoreBoxes;
  for (let k = 0; k < ig.length; k += 4) {
    out.push(
      `<rect x="${n2(ig[k])}" y="${n2(ig[k + 1])}" width="${n2(ig[k + 2] - ig[k])}" height="${n2(ig[k + 3] - ig[k + 1])}" fill="#7f7f7f" fill-opacity="0.22" stroke="#7f7f7f" stroke-dasharray="${n2(4 * px)} ${n2(3 * px)}" stroke-width="${n2(px)}"/>`,
    );
  }
  const { label, gtIndex } = assignment.result;
  const boxes = assignment.priorBoxes;
  const priors: string[] = [];
  const dots: string[] = [];
  for (let i = 0; i < label.length; i++) {
    if (label[i] !== 1 || (level >= 0 && assignment.priorLevel[i] !== level)) continue;
    const c = color(gtIndex[i]);
    const x1 = boxes[4 * i];
    const y1 = boxes[4 * i + 1];
    const x2 = boxes[4 * i + 2];
    const y2 = boxes[4 * i + 3];
    priors.push(`<rect x="${n2(x1)}" y="${n2(y1)}" width="${n2(x2 - x1)}" height="${n2(y2 - y1)}" stroke="${c}"/>`);
    dots.push(`<circle cx="${n2((x1 + x2) / 2)}" cy="${n2((y1 + y2) / 2)}" r="${n2(1.8 * px)}" fill="${c}"/>`);
  }
  out.push(`<g fill="none" stroke-opacity="0.45" stroke-width="${n2(0.8 * px)}">${priors.join('')}</g>`);
  out.push(`<g>${dots.join('')}</g>`);
  const gt = prepared.gtBoxes;
  const objects: string[] = [];
  for (let j = 0; j < gt.length / 4; j++) {
    objects.push(
      `<rect x="${n2(gt[4 * j])}" y="${n2(gt[4 * j + 1])}" width="${n2(gt[4 * j + 2] - gt[4 * j])}" height="${n2(gt[4 * j + 3] - gt[4 * j + 1])}" stroke="${color(j)}"/>`,
    );
  }
  out.push(`<g fill="none" stroke-width="${n2(1.8 * px)}">${objects.join('')}</g>`);
  out.push('</svg>');
  return out.join('\n');
}

/**
 * Draws the inspect picture.
 *
 * Layout: a header (image, size, dataset; a SYNTHETIC DATA line when it is), a legend of the
 * objects (colour, class, COCO size, positives per preset; red when none), then one row per
 * preset: an "all levels" panel and one panel per pyramid level, each showing the padded
 * network input (white), the resized image (grey), ignore regions (hatched grey), the objects
 * (thick outlines) and the positive priors (thin outlines with a dot at the center) in the
 * colour of the object they are assigned to.
 * @param image the image, boxes in original pixels.
 * @param inputs one entry per preset, in display order.
 * @param options names for the header and legend.
 * @returns the SVG document.
 * @example writeFileAtomic('image.svg', renderInspectSvg(image, [{ preset, prepared, assignment }]));
 */
export function renderInspectSvg(image: DatasetImage, inputs: readonly InspectInput[], options: InspectSvgOptions = {}): string {
  const numObjects = image.labels.length;
  const names = options.categoryNames ?? [];
  const stats = inputs.map((input) => counts(input, numObjects));
  const maxLevels = Math.max(1, ...inputs.map((i) => i.preset.levelNames.length));
  const width = Math.max(760, MARGIN * 2 + (maxLevels + 1) * (PANEL + GAP) - GAP);
  const body: string[] = [];
  let y = MARGIN + 16;
  body.push(`<text x="${MARGIN}" y="${y}" font-size="16" font-weight="600" fill="#1f2328">image ${xml(image.id)} · ${xml(image.fileName)} · ${image.width}×${image.height} px · ${numObjects} ${numObjects === 1 ? 'object' : 'objects'}${image.ignoreBoxes.length > 0 ? ` · ${image.ignoreBoxes.length / 4} ${image.ignoreBoxes.length === 4 ? 'ignore region' : 'ignore regions'}` : ''}</text>`);
  y += 18;
  if (options.datasetName !== undefined) {
    body.push(`<text x="${MARGIN}" y="${y}" font-size="12" fill="#59636e">dataset: ${xml(options.datasetName)} · objects: thick outlines · positive priors: thin outlines with a center dot, in the colour of their object · grey hatched: ignore regions</text>`);
    y += 16;
  }
  if (options.synthetic) {
    body.push(`<rect x="${MARGIN}" y="${y - 2}" width="${width - 2 * MARGIN}" height="20" fill="#fff8e1" stroke="#b7791f"/>`);
    body.push(`<text x="${MARGIN + 8}" y="${y + 12}" font-size="12" font-weight="600" fill="#5f3b00">SYNTHETIC DATA: a generated COCO-like image, not a real annotation.</text>`);
    y += 26;
  }
  // Legend: one line per object.
  y += 10;
  const shown = Math.min(numObjects, MAX_LEGEND);
  for (let j = 0; j < shown; j++) {
    const b = image.boxes;
    const w = b[4 * j + 2] - b[4 * j];
    const h = b[4 * j + 3] - b[4 * j + 1];
    const cls = names[image.labels[j]] ?? `class ${image.labels[j]}`;
    const parts = inputs.map((input, p) => {
      const n = stats[p].perObject[j];
      return `<tspan fill="${n === 0 ? '#c0392b' : '#333'}"${n === 0 ? ' font-weight="600"' : ''}>${xml(input.preset.name)} ${n}</tspan>`;
    });
    body.push(`<rect x="${MARGIN}" y="${y - 9}" width="10" height="10" fill="${color(j)}"/>`);
    body.push(
      `<text x="${MARGIN + 16}" y="${y}" font-size="11.5" fill="#333">#${j} ${xml(cls)} · ${w.toFixed(1)}×${h.toFixed(1)} px (${sizeClass(w * h)}) · positives: ${parts.join('<tspan fill="#999"> · </tspan>')}</text>`,
    );
    y += 15;
  }
  if (numObjects > shown) {
    body.push(`<text x="${MARGIN + 16}" y="${y}" font-size="11.5" fill="#59636e">… and ${numObjects - shown} more objects</text>`);
    y += 15;
  }
  if (numObjects === 0) {
    body.push(`<text x="${MARGIN}" y="${y}" font-size="11.5" fill="#59636e">This image has no objects: every prior is negative.</text>`);
    y += 15;
  }
  // One row per preset.
  inputs.forEach((input, p) => {
    y += 22;
    const { prepared, preset } = input;
    const zero = stats[p].perObject.reduce((n, v) => n + (v === 0 ? 1 : 0), 0);
    const total = stats[p].perLevel.reduce((a, b) => a + b, 0);
    body.push(
      `<text x="${MARGIN}" y="${y}" font-size="14" font-weight="600" fill="#1f2328">${xml(preset.name)}<tspan font-size="12" font-weight="normal" fill="#59636e">  ${xml(preset.reference)} · input ${prepared.resized[1]}×${prepared.resized[0]} padded to ${prepared.padded[1]}×${prepared.padded[0]} · ${total} positive priors · ${zero} of ${numObjects} objects without a positive</tspan></text>`,
    );
    y += 24;
    const [padH, padW] = prepared.padded;
    const panelHeight = padH * Math.min(PANEL / Math.max(1, padW), PANEL / Math.max(1, padH));
    const levels = [-1, ...preset.levelNames.map((_, l) => l)];
    levels.forEach((level, k) => {
      const x = MARGIN + k * (PANEL + GAP);
      const title = level < 0 ? `all levels · ${total}` : `${preset.levelNames[level]}${strideLabel(preset, level)} · ${stats[p].perLevel[level]}`;
      body.push(panel(input, level, x, y, title));
    });
    y += panelHeight + 6;
  });
  const height = Math.ceil(y + MARGIN);
  return `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT}">
<title>label-assign inspect: image ${xml(image.id)}, presets ${xml(inputs.map((i) => i.preset.name).join(', '))}</title>
<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>
${body.join('\n')}
</svg>
`;
}
