import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  featmapSizesFor,
  keepRatioSize,
  prepareImage,
  resizeImageSize,
  roundHalfEven,
  type ImageGeometry,
} from '../../src/presets/index.js';
import { expectLabelAssignError } from '../helpers/assertions.js';
import { img } from '../helpers/images.js';

const f = Math.fround;

const COCO: ImageGeometry = { resize: 'keep_ratio', scale: [1333, 800], padDivisor: 32, centerPad: null, clipBoxes: true };
const SSD: ImageGeometry = { resize: 'stretch', scale: [300, 300], padDivisor: 1, centerPad: null, clipBoxes: true };
const YOLOV3: ImageGeometry = { resize: 'keep_ratio', scale: [608, 608], padDivisor: 32, centerPad: null, clipBoxes: true };
const LETTERBOX: ImageGeometry = { resize: 'letterbox', scale: [640, 640], padDivisor: 1, centerPad: null, clipBoxes: true };
const CENTERNET: ImageGeometry = { resize: 'none', scale: null, padDivisor: 1, centerPad: [31, 1], clipBoxes: true };

describe('keep-ratio resize (mmcv rescale_size: int(size * scale + 0.5))', () => {
  it('a 640 x 480 COCO image becomes 1067 x 800, padded to 1088 x 800', () => {
    // scale = min(1333 / 640, 800 / 480) = 5/3; 640 * 5/3 + 0.5 = 1067.17 -> 1067.
    expect(keepRatioSize(640, 480, [1333, 800])).toEqual([1067, 800]);
    const p = prepareImage(COCO, img(640, 480));
    expect(p.resized).toEqual([800, 1067]);
    expect(p.padded).toEqual([800, 1088]);
    expect(p.scaleX).toBe(1067 / 640);
    expect(p.scaleY).toBe(800 / 480);
    expect([p.offsetX, p.offsetY]).toEqual([0, 0]);
  });

  it('a 500 x 375 VOC image becomes 1067 x 800 (800 / 375 wins), padded 1088 x 800', () => {
    const p = prepareImage(COCO, img(500, 375));
    expect(p.resized).toEqual([800, 1067]);
    expect(p.padded).toEqual([800, 1088]);
    expect(p.scaleX).toBe(1067 / 500);
    expect(p.scaleY).toBe(800 / 375);
  });

  it('a 4000 x 1000 panorama hits the 1333 cap: 1333 x 333, padded 1344 x 352', () => {
    // scale = min(1333 / 4000, 800 / 1000) = 0.33325; 1000 * 0.33325 + 0.5 = 333.75 -> 333.
    const p = prepareImage(COCO, img(4000, 1000));
    expect(p.resized).toEqual([333, 1333]);
    expect(p.padded).toEqual([352, 1344]);
  });

  it('portrait images swap the roles: 480 x 640 becomes 800 x 1067', () => {
    expect(prepareImage(COCO, img(480, 640)).resized).toEqual([1067, 800]);
  });

  it('upscales small images and the scale order does not matter', () => {
    expect(keepRatioSize(10, 10, [1333, 800])).toEqual([800, 800]);
    expect(keepRatioSize(640, 480, [800, 1333])).toEqual([1067, 800]);
  });

  it('YOLOv3 at 608: the long side becomes 608, padded to a multiple of 32', () => {
    const p = prepareImage(YOLOV3, img(640, 480));
    expect(p.resized).toEqual([456, 608]);
    expect(p.padded).toEqual([480, 608]);
  });

  it('scales boxes by new / old in float32 and clips them to the resized image', () => {
    const p = prepareImage(COCO, img(640, 480, [10, 20, 110, 220, -5, 470, 700, 490], undefined, [0, 0, 64, 48]));
    const sx = f(1067 / 640);
    const sy = f(800 / 480);
    expect(Array.from(p.gtBoxes.subarray(0, 4))).toEqual([f(10 * sx), f(20 * sy), f(110 * sx), f(220 * sy)]);
    expect(Array.from(p.gtBoxes.subarray(4, 8))).toEqual([0, f(470 * sy), 1067, 800]);
    expect(Array.from(p.ignoreBoxes)).toEqual([0, 0, f(64 * sx), f(48 * sy)]);
  });

  it('keeps boxes unclipped when clipBoxes is false', () => {
    const p = prepareImage({ ...COCO, clipBoxes: false }, img(640, 480, [-5, 470, 700, 490]));
    expect(p.gtBoxes[0]).toBe(f(-5 * f(1067 / 640)));
    expect(p.gtBoxes[2]).toBeGreaterThan(1067);
  });

  it('property: the resized image fits the scale box and one side touches it (up to rounding)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 1, max: 5000 }), (w, h) => {
        const [nw, nh] = keepRatioSize(w, h, [1333, 800]);
        const long = Math.max(nw, nh);
        const short = Math.min(nw, nh);
        expect(long).toBeLessThanOrEqual(1333);
        expect(short).toBeLessThanOrEqual(800);
        expect(long >= 1332 || short >= 799).toBe(true);
        const p = prepareImage(COCO, img(w, h));
        expect(p.padded[0] % 32).toBe(0);
        expect(p.padded[1] % 32).toBe(0);
        expect(p.padded[0] - p.resized[0]).toBeLessThan(32);
        expect(p.padded[1] - p.resized[1]).toBeLessThan(32);
      }),
    );
  });
});

describe('SSD stretch resize', () => {
  it('resizes to 300 x 300 without keeping the ratio', () => {
    const p = prepareImage(SSD, img(640, 480, [64, 48, 128, 96]));
    expect(p.resized).toEqual([300, 300]);
    expect(p.padded).toEqual([300, 300]);
    expect(p.scaleX).toBe(0.46875);
    expect(p.scaleY).toBe(0.625);
    expect(Array.from(p.gtBoxes)).toEqual([30, 30, 60, 60]);
  });
});

describe('YOLOv5 letterbox', () => {
  it('roundHalfEven is Python round', () => {
    expect([0.5, 1.5, 2.5, -0.5, 2.4, 2.6, 105.4].map(roundHalfEven)).toEqual([0, 2, 2, 0, 2, 3, 105]);
  });

  it('640 x 480: no scaling, 80 pixels of padding above and below', () => {
    const p = prepareImage(LETTERBOX, img(640, 480, [0, 0, 640, 480]));
    expect(p.resized).toEqual([480, 640]);
    expect(p.padded).toEqual([640, 640]);
    expect([p.offsetX, p.offsetY]).toEqual([0, 80]);
    expect(Array.from(p.gtBoxes)).toEqual([0, 80, 640, 560]);
  });

  it('335 x 500: r = 1.28, width round(428.8) = 429, left padding round(105.5 - 0.1) = 105', () => {
    const r = resizeImageSize(LETTERBOX, 335, 500);
    expect(r).toEqual({ width: 429, height: 640, canvasWidth: 640, canvasHeight: 640, offsetX: 105, offsetY: 0 });
    const p = prepareImage(LETTERBOX, img(335, 500, [0, 0, 335, 500]));
    expect(Array.from(p.gtBoxes)).toEqual([105, 0, 105 + 429, 640]);
  });

  it('1000 x 300: 640 x 192 with 224 pixels on top', () => {
    expect(resizeImageSize(LETTERBOX, 1000, 300)).toMatchObject({ width: 640, height: 192, offsetX: 0, offsetY: 224 });
  });

  it('halves round to even: 641 x 1280 -> r = 0.5, width round(320.5) = 320', () => {
    expect(resizeImageSize(LETTERBOX, 641, 1280)).toMatchObject({ width: 320, height: 640, offsetX: 160, offsetY: 0 });
  });
});

describe('CenterNet centered padding (RandomCenterCropPad test mode, logical_or 31, +1)', () => {
  it('640 x 480 is pasted in the middle of 672 x 512', () => {
    const p = prepareImage(CENTERNET, img(640, 480, [100, 100, 140, 160]));
    expect(p.resized).toEqual([480, 640]);
    expect(p.padded).toEqual([512, 672]);
    expect([p.offsetX, p.offsetY]).toEqual([16, 16]);
    expect([p.scaleX, p.scaleY]).toEqual([1, 1]);
    expect(Array.from(p.gtBoxes)).toEqual([116, 116, 156, 176]);
  });

  it('511 x 383: canvas (511 | 31) + 1 = 512 and (383 | 31) + 1 = 384, offset canvas // 2 - size // 2 = 1', () => {
    const p = prepareImage(CENTERNET, img(511, 383));
    expect(p.padded).toEqual([384, 512]);
    expect([p.offsetX, p.offsetY]).toEqual([1, 1]);
  });
});

describe('feature map sizes', () => {
  it('are ceil(padded / stride) per level', () => {
    expect(featmapSizesFor([800, 1088], [8, 16, 32, 64, 128].map((s) => [s, s] as const))).toEqual([
      [100, 136],
      [50, 68],
      [25, 34],
      [13, 17],
      [7, 9],
    ]);
    // SSD300: 38, 19, 10, 5, 3, 1 for its strides 8, 16, 32, 64, 100, 300.
    expect(featmapSizesFor([300, 300], [8, 16, 32, 64, 100, 300].map((s) => [s, s] as const)).map(([h]) => h)).toEqual([38, 19, 10, 5, 3, 1]);
  });
});

describe('prepareImage errors', () => {
  it('names the image and the field', () => {
    expectLabelAssignError(() => prepareImage(COCO, img(640.5, 480)), /Preset\.prepare: image '640\.5x480'\.width must be an integer >= 1, but was 640\.5/);
    expectLabelAssignError(() => prepareImage(COCO, img(640, 0)), /image '640x0'\.height must be an integer >= 1, but was 0/);
    expectLabelAssignError(() => prepareImage(COCO, { ...img(640, 480, [1, 2, 3, 4]), labels: new Int32Array(2) }), /image '640x480'\.labels must be an Int32Array with one label per box \(1\)/);
    expectLabelAssignError(() => prepareImage(COCO, { ...img(640, 480), boxes: new Float32Array(3) }), /image '640x480'\.boxes must be a Float32Array \[numObjects \* 4\]/);
    expectLabelAssignError(() => prepareImage(COCO, { ...img(640, 480), ignoreBoxes: [1, 2, 3, 4] as unknown as Float32Array }), /image '640x480'\.ignoreBoxes must be a Float32Array/);
  });

  it('never mutates the image', () => {
    const image = img(640, 480, [10, 20, 110, 220], undefined, [0, 0, 5, 5]);
    const before = [Array.from(image.boxes), Array.from(image.ignoreBoxes)];
    prepareImage(LETTERBOX, image);
    prepareImage(COCO, image);
    expect([Array.from(image.boxes), Array.from(image.ignoreBoxes)]).toEqual(before);
  });
});
