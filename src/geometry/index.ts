/** The geometry core every strategy shares: boxes, overlaps, priors, box coders. */
export { BOX_FORMATS, areas, boxCentersInto, cellBoxes, centers, convertBoxes, type BoxFormat } from './boxes.js';
export {
  OVERLAP_MODES,
  alignedCiou,
  alignedDiou,
  alignedGiou,
  alignedIof,
  alignedIou,
  alignedOverlaps,
  alignedOverlapsInto,
  boxAreas,
  ciouMatrix,
  diouMatrix,
  giouMatrix,
  iofMatrix,
  iouMatrix,
  pairwiseOverlaps,
  pairwiseOverlapsInto,
  type ModeFreeOptions,
  type OverlapMode,
  type OverlapOptions,
  type OverlapResult,
} from './overlaps.js';
export * from './priors/index.js';
export * from './coders/index.js';
