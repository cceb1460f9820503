/**
 * The built-in presets, written in the JSON config schema of `config.ts` with the settings of
 * the mmdetection 3.x COCO configs they reproduce (model `train_cfg`, head generators, test
 * pipeline resize and the data preprocessor's `pad_size_divisor`). The toolkit-only names
 * (`FCOSAssigner`, `YOLOv5Assigner`, `CenterNetAssigner`, `FeatureGrid`) stand for logic that
 * mmdetection keeps inside the head.
 */
import type { PresetConfigJson } from './config.js';

const COCO_KEEP_RATIO = { resize: 'keep_ratio', scale: [1333, 800], pad_divisor: 32 } as const;
const FPN_P3_P7 = ['P3', 'P4', 'P5', 'P6', 'P7'] as const;
const STRIDES_P3_P7 = [8, 16, 32, 64, 128] as const;
/** RetinaNet's anchors: 3 octave scales x 3 ratios = 9 per location. */
const RETINA_ANCHORS = { type: 'AnchorGenerator', octave_base_scale: 4, scales_per_octave: 3, ratios: [0.5, 1.0, 2.0], strides: STRIDES_P3_P7 } as const;
/** FCOSHead's default `regress_ranges`, INF = 1e8. */
const FCOS_RANGES = [
  [-1, 64],
  [64, 128],
  [128, 256],
  [256, 512],
  [512, 1e8],
] as const;
/** YOLOv3 / YOLOv5 default anchors `[w, h]`, P3 (stride 8), P4 (16), P5 (32). */
const YOLO_P3 = [[10, 13], [16, 30], [33, 23]] as const;
const YOLO_P4 = [[30, 61], [62, 45], [59, 119]] as const;
const YOLO_P5 = [[116, 90], [156, 198], [373, 326]] as const;

/** Names of the built-in presets. */
export type PresetName = 'retinanet' | 'rpn' | 'ssd300' | 'fcos' | 'fcos-center' | 'atss' | 'yolov3' | 'ga-retinanet' | 'centernet' | 'yolov5';

/** The built-in configs, in the order `compare` lists them. */
export const BUILTIN_CONFIGS: Readonly<Record<PresetName, PresetConfigJson>> = {
  retinanet: {
    name: 'retinanet',
    description: 'RetinaNet R50-FPN: 9 anchors per location on P3-P7, MaxIoU 0.5 / 0.4',
    reference: 'retinanet_r50_fpn_1x_coco',
    level_names: FPN_P3_P7,
    image: COCO_KEEP_RATIO,
    prior_generator: RETINA_ANCHORS,
    assigner: { type: 'MaxIoUAssigner', pos_iou_thr: 0.5, neg_iou_thr: 0.4, min_pos_iou: 0, ignore_iof_thr: -1 },
    allowed_border: -1,
  },
  rpn: {
    name: 'rpn',
    description: 'RPN R50-FPN: 3 anchors per location on P2-P6, MaxIoU 0.7 / 0.3, anchors inside the image only',
    reference: 'rpn_r50_fpn_1x_coco',
    level_names: ['P2', 'P3', 'P4', 'P5', 'P6'],
    image: COCO_KEEP_RATIO,
    prior_generator: { type: 'AnchorGenerator', scales: [8], ratios: [0.5, 1.0, 2.0], strides: [4, 8, 16, 32, 64] },
    assigner: { type: 'MaxIoUAssigner', pos_iou_thr: 0.7, neg_iou_thr: 0.3, min_pos_iou: 0.3, ignore_iof_thr: -1 },
    allowed_border: 0,
  },
  ssd300: {
    name: 'ssd300',
    description: 'SSD300 VGG16: 4-6 anchors per location on 6 maps, MaxIoU 0.5 / 0.5 (one low-quality match per object)',
    reference: 'ssd300_coco',
    level_names: ['conv4_3', 'fc7', 'conv6_2', 'conv7_2', 'conv8_2', 'conv9_2'],
    image: { resize: 'stretch', scale: [300, 300], pad_divisor: 1 },
    prior_generator: {
      type: 'SSDAnchorGenerator',
      scale_major: false,
      input_size: 300,
      basesize_ratio_range: [0.15, 0.9],
      strides: [8, 16, 32, 64, 100, 300],
      ratios: [[2], [2, 3], [2, 3], [2, 3], [2], [2]],
    },
    assigner: { type: 'MaxIoUAssigner', pos_iou_thr: 0.5, neg_iou_thr: 0.5, min_pos_iou: 0, ignore_iof_thr: -1, gt_max_assign_all: false },
    allowed_border: -1,
  },
  fcos: {
    name: 'fcos',
    description: 'FCOS R50-FPN: one point per location on P3-P7, inside-box and size-range rule',
    reference: 'fcos_r50-caffe_fpn_gn-head_1x_coco',
    level_names: FPN_P3_P7,
    image: COCO_KEEP_RATIO,
    prior_generator: { type: 'MlvlPointGenerator', strides: STRIDES_P3_P7, offset: 0.5 },
    assigner: { type: 'FCOSAssigner', regress_ranges: FCOS_RANGES, center_sampling: false, center_sample_radius: 1.5, norm_on_bbox: false },
  },
  'fcos-center': {
    name: 'fcos-center',
    description: 'FCOS R50-FPN with center sampling (radius 1.5 strides) and norm-on-bbox',
    reference: 'fcos_r50-caffe_fpn_gn-head-center-normbbox-centeronreg-giou_1x_coco',
    level_names: FPN_P3_P7,
    image: COCO_KEEP_RATIO,
    prior_generator: { type: 'MlvlPointGenerator', strides: STRIDES_P3_P7, offset: 0.5 },
    assigner: { type: 'FCOSAssigner', regress_ranges: FCOS_RANGES, center_sampling: true, center_sample_radius: 1.5, norm_on_bbox: true },
  },
  atss: {
    name: 'atss',
    description: 'ATSS R50-FPN: 1 anchor per location on P3-P7, top-9 per level, mean + std IoU threshold',
    reference: 'atss_r50_fpn_1x_coco',
    level_names: FPN_P3_P7,
    image: COCO_KEEP_RATIO,
    prior_generator: { type: 'AnchorGenerator', ratios: [1.0], octave_base_scale: 8, scales_per_octave: 1, strides: STRIDES_P3_P7 },
    assigner: { type: 'ATSSAssigner', topk: 9 },
    allowed_border: -1,
  },
  yolov3: {
    name: 'yolov3',
    description: 'YOLOv3 DarkNet-53 at 608: 3 anchors per cell on 3 maps, responsible cell + IoU 0.5',
    reference: 'yolov3_d53_8xb8-608-273e_coco',
    level_names: ['P5', 'P4', 'P3'],
    image: { resize: 'keep_ratio', scale: [608, 608], pad_divisor: 32 },
    prior_generator: { type: 'YOLOAnchorGenerator', base_sizes: [YOLO_P5, YOLO_P4, YOLO_P3], strides: [32, 16, 8] },
    assigner: { type: 'GridAssigner', pos_iou_thr: 0.5, neg_iou_thr: 0.5, min_pos_iou: 0 },
  },
  'ga-retinanet': {
    name: 'ga-retinanet',
    description: 'Guided-anchoring RetinaNet R50-FPN: shape targets, squares vs 9 approx anchors, ApproxMaxIoU 0.5 / 0.4',
    reference: 'ga-retinanet_r50_fpn_1x_coco',
    level_names: FPN_P3_P7,
    image: COCO_KEEP_RATIO,
    approx_anchor_generator: RETINA_ANCHORS,
    square_anchor_generator: { type: 'AnchorGenerator', ratios: [1.0], scales: [4], strides: STRIDES_P3_P7 },
    assigner: { type: 'ApproxMaxIoUAssigner', pos_iou_thr: 0.5, neg_iou_thr: 0.4, min_pos_iou: 0.4, ignore_iof_thr: -1 },
    allowed_border: -1,
  },
  centernet: {
    name: 'centernet',
    description: 'CenterNet R18: the center cell of each object on the stride-4 map (no resize, centered padding)',
    reference: 'centernet_r18_8xb16-crop512-140e_coco (test-time geometry)',
    level_names: ['stride4'],
    image: { resize: 'none', center_pad: [31, 1], pad_divisor: 1 },
    prior_generator: { type: 'FeatureGrid', stride: 4 },
    assigner: { type: 'CenterNetAssigner', min_overlap: 0.3 },
  },
  yolov5: {
    name: 'yolov5',
    description: 'YOLOv5 at 640 (letterbox): default anchors on P3-P5, shape ratio < 4, center cell + 2 neighbours',
    reference: 'YOLOv5 (Ultralytics) default anchors and matching rule; not an mmdetection config',
    level_names: ['P3', 'P4', 'P5'],
    image: { resize: 'letterbox', scale: [640, 640], pad_divisor: 1 },
    prior_generator: { type: 'YOLOAnchorGenerator', base_sizes: [YOLO_P3, YOLO_P4, YOLO_P5], strides: [8, 16, 32] },
    assigner: { type: 'YOLOv5Assigner', anchor_t: 4, neighbor_offset: 0.5 },
  },
};

/**
 * True when `name` is a built-in preset name.
 * @example isPresetName('atss'); // true
 */
export function isPresetName(name: string): name is PresetName {
  return Object.prototype.hasOwnProperty.call(BUILTIN_CONFIGS, name);
}
