/**
 * Box coders: the regression targets of object detectors, encoded from (prior, target) pairs and
 * decoded from predictions. Each matches its mmdetection 3.x coder in float32:
 * DeltaXYWH (R-CNN family, RetinaNet, YOLOF), distance-point (FCOS, GFL), TBLR (FSAF) and
 * YOLO (YOLOv3). The unchecked kernels stay in their files for the interop layer.
 */
export {
  decodeDeltaXYWH,
  encodeDeltaXYWH,
  resolveDeltaXYWHOptions,
  type DeltaXYWHCoderOptions,
  type DeltaXYWHDecodeOptions,
  type ResolvedDeltaXYWHOptions,
} from './delta-xywh.js';
export {
  decodeDistancePoint,
  encodeDistancePoint,
  resolveDistancePointOptions,
  type DistancePointCoderOptions,
  type DistancePointDecodeOptions,
  type DistancePointEncodeOptions,
  type ResolvedDistancePointOptions,
} from './distance-point.js';
export { decodeTBLR, encodeTBLR, resolveTBLROptions, type ResolvedTBLROptions, type TBLRCoderOptions, type TBLRDecodeOptions } from './tblr.js';
export { decodeYOLO, encodeYOLO, resolveYOLOOptions, type ResolvedYOLOOptions, type YOLOCoderOptions } from './yolo.js';
