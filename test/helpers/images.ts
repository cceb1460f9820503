/** Hand-made dataset images for the preset tests. */
import type { DatasetImage } from '../../src/datasets/dataset.js';

/**
 * An image `width x height` (id `'<width>x<height>'`) with flat `[x1, y1, x2, y2, ...]` boxes, one
 * label per box (default all 0) and flat ignore boxes.
 */
export function img(width: number, height: number, boxes: number[] = [], labels?: number[], ignore: number[] = []): DatasetImage {
  return {
    id: `${width}x${height}`,
    fileName: 'x.jpg',
    width,
    height,
    boxes: Float32Array.from(boxes),
    labels: Int32Array.from(labels ?? new Array(boxes.length / 4).fill(0)),
    ignoreBoxes: Float32Array.from(ignore),
  };
}
