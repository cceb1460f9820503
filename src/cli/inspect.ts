/**
 * `label-assign inspect --image ID [dataset] --preset retinanet,fcos --out image.svg`: draws
 * one image's ground truths and the positive priors each preset gives it, level by level, as
 * an SVG; prints a short per-object summary.
 */
import { LabelAssignError } from '../errors.js';
import { presetCallsAs } from '../presets/preset.js';
import { renderInspectSvg, type InspectInput } from '../report/inspect-svg.js';
import { printable } from '../report/text.js';
import { writeFileAtomic } from './atomic-write.js';
import { checkOutputPaths, cliInputs, parsePresetList, readDataset, type DatasetCliOptions } from './compare.js';
import type { Output } from './output.js';

export interface InspectCliOptions extends DatasetCliOptions {
  readonly image: string;
  readonly preset: string;
  readonly out: string;
}

/**
 * Runs `inspect`.
 * @returns the exit code (0).
 * @throws {LabelAssignError} for an unknown image id (with examples of the ids), unknown
 *   presets, a bad dataset or output path, a preset that fails on the image (`inspect: image
 *   '5' ...`); nothing is written then.
 * @example await runInspect(undefined, { image: '5', preset: 'retinanet,fcos', out: 'image-5.svg' }, stdout, stderr);
 */
export async function runInspect(datasetPath: string | undefined, options: InspectCliOptions, stdout: Output, stderr: Output): Promise<number> {
  const fn = 'inspect';
  const { presets } = parsePresetList(fn, 'preset', options.preset);
  checkOutputPaths(fn, [['out', options.out]], cliInputs(datasetPath, options.preset, options));
  const dataset = readDataset(fn, datasetPath, options);
  const image = dataset.images.find((im) => im.id === options.image);
  if (image === undefined) {
    const left = dataset.skipped.find((s) => s.imageId === options.image && s.reason.startsWith('image left out: '));
    if (left !== undefined) {
      throw new LabelAssignError('invalid-argument', 'image', `${fn}: image '${printable(options.image)}' was ${printable(left.reason.replace(/^image /, ''))}`);
    }
    const examples = dataset.images.slice(0, 5).map((im) => `'${printable(im.id)}'`);
    const hint = examples.length === 0 ? 'the dataset has no images' : `ids look like ${examples.join(', ')}${dataset.images.length > 5 ? ', …' : ''}`;
    throw new LabelAssignError('invalid-argument', 'image', `${fn}: no image with id '${printable(options.image)}' in ${printable(dataset.name)} (${dataset.images.length} images; ${hint})`);
  }
  if (datasetPath === undefined) stderr.write('label-assign: no dataset given, so this draws an image of the embedded SYNTHETIC dataset.\n');
  const inputs: InspectInput[] = presets.map((preset) => {
    // The preset's errors start with `inspect` and name the image (see presetCallsAs).
    const calls = presetCallsAs(fn, preset);
    const prepared = calls.prepare(image);
    return { preset, prepared, assignment: calls.assign(prepared) };
  });
  const names = dataset.categories.map((c) => c.name);
  const svg = renderInspectSvg(image, inputs, { datasetName: dataset.name, synthetic: dataset.synthetic, categoryNames: names });

  // Ids and names come from the data: printed with their control characters escaped.
  const lines = [`image ${printable(image.id)} (${image.width}x${image.height}, ${image.labels.length} ${image.labels.length === 1 ? 'object' : 'objects'}) in ${printable(dataset.name)}${dataset.synthetic ? ' [SYNTHETIC DATA]' : ''}`];
  for (const { preset, assignment } of inputs) {
    const perObject = new Int32Array(image.labels.length);
    const { label, gtIndex } = assignment.result;
    for (let i = 0; i < label.length; i++) if (label[i] === 1) perObject[gtIndex[i]]++;
    const missed = [...perObject.keys()].filter((j) => perObject[j] === 0).map((j) => `#${j} ${printable(names[image.labels[j]] ?? String(image.labels[j]))}`);
    lines.push(
      `  ${printable(preset.name)}: positives per object [${Array.from(perObject).join(', ')}]` +
        (missed.length > 0 ? `; without a positive: ${missed.join(', ')}` : ''),
    );
  }
  await writeFileAtomic(options.out, svg, fn, { stderr });
  stdout.write(`${lines.join('\n')}\nwrote ${printable(options.out)}\n`);
  return 0;
}
