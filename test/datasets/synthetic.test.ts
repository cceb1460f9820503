import { describe, expect, it } from 'vitest';
import { COCO_CATEGORIES, resolveSyntheticOptions, syntheticCocoLike, SYNTHETIC_TARGETS, type Dataset } from '../../src/datasets/index.js';
import { expectErrorCode } from '../helpers/assertions.js';

interface Stats {
  images: number;
  objects: number;
  perImage: number;
  small: number;
  medium: number;
  large: number;
  emptyImages: number;
  crowdImages: number;
  tall: number;
  medianLog2Aspect: number;
  person: number;
}

/** The statistics the synthetic set promises, recounted from its float32 boxes (COCO area classes). */
function stats(d: Dataset): Stats {
  let objects = 0;
  let small = 0;
  let medium = 0;
  let large = 0;
  let emptyImages = 0;
  let crowdImages = 0;
  let tall = 0;
  let person = 0;
  const log2Aspect: number[] = [];
  for (const im of d.images) {
    if (im.labels.length === 0) emptyImages++;
    if (im.ignoreBoxes.length > 0) crowdImages++;
    for (let i = 0; i < im.labels.length; i++) {
      const w = im.boxes[4 * i + 2] - im.boxes[4 * i];
      const h = im.boxes[4 * i + 3] - im.boxes[4 * i + 1];
      const area = w * h;
      objects++;
      if (area < 32 ** 2) small++;
      else if (area < 96 ** 2) medium++;
      else large++;
      if (h > w) tall++;
      log2Aspect.push(Math.log2(w / h));
      if (im.labels[i] === 0) person++;
    }
  }
  log2Aspect.sort((a, b) => a - b);
  return {
    images: d.images.length,
    objects,
    perImage: objects / d.images.length,
    small: small / objects,
    medium: medium / objects,
    large: large / objects,
    emptyImages: emptyImages / d.images.length,
    crowdImages: crowdImages / d.images.length,
    tall: tall / objects,
    medianLog2Aspect: log2Aspect[Math.floor(objects / 2)],
    person: person / objects,
  };
}

describe('syntheticCocoLike', () => {
  const d = syntheticCocoLike();

  it('says it is synthetic, in its flag, format and name', () => {
    expect(d.synthetic).toBe(true);
    expect(d.format).toBe('synthetic');
    expect(d.name).toBe('synthetic COCO-like (seed 0, 200 images)');
    expect(d.skipped).toEqual([]);
  });

  it('has COCO 2017’s 80 categories with their ids and names', () => {
    expect(d.categories).toEqual(COCO_CATEGORIES);
    expect(d.categories.length).toBe(80);
    expect(d.categories[0]).toEqual({ id: 1, name: 'person' });
    expect(d.categories[79]).toEqual({ id: 90, name: 'toothbrush' });
    expect(d.categories.map((c) => c.id)).toEqual([...d.categories.map((c) => c.id)].sort((a, b) => a - b));
  });

  it('is deterministic: the same options give the same data, another seed other data', () => {
    expect(syntheticCocoLike({ seed: 0, numImages: 200 })).toEqual(d);
    const a = syntheticCocoLike({ seed: 5, numImages: 30 });
    expect(syntheticCocoLike({ seed: 5, numImages: 30 })).toEqual(a);
    expect(syntheticCocoLike({ seed: 6, numImages: 30 }).images).not.toEqual(a.images);
  });

  it('golden: seed 0 gives these numbers (any change to the generator shows here)', () => {
    expect(stats(d).objects).toBe(1454);
    const first = d.images[0];
    expect([first.id, first.fileName, first.width, first.height, first.labels.length]).toEqual(['1', 'synthetic_000001.jpg', 425, 640, 19]);
    expect([...first.boxes.subarray(0, 4)]).toEqual([235.32, 436.67, 262.78, 464.81].map(Math.fround));
    expect(first.labels[0]).toBe(54);
  });

  it('lands on COCO’s published statistics (seed 0, 200 images)', () => {
    const s = stats(d);
    expect(s.images).toBe(200);
    expect(Math.abs(s.perImage - SYNTHETIC_TARGETS.objectsPerImage)).toBeLessThan(0.1);
    expect(Math.abs(s.small - 0.41)).toBeLessThan(0.01);
    expect(Math.abs(s.medium - 0.34)).toBeLessThan(0.01);
    expect(Math.abs(s.large - 0.24)).toBeLessThan(0.01);
    expect(s.emptyImages).toBe(0.01);
    expect(Math.abs(s.crowdImages - SYNTHETIC_TARGETS.crowdImages)).toBeLessThan(0.04);
    // COCO-like shapes: most boxes taller than wide, median log2(w / h) about -0.27.
    expect(s.tall).toBeGreaterThan(0.55);
    expect(s.tall).toBeLessThan(0.65);
    expect(Math.abs(s.medianLog2Aspect - -0.27)).toBeLessThan(0.1);
    expect(Math.abs(s.person - 0.32)).toBeLessThan(0.04);
  });

  it('lands on the targets for other seeds and sizes too (stratified, not just on average)', () => {
    for (const [seed, numImages] of [
      [1, 200],
      [2, 1000],
      [4294967295, 200],
      [7, 50],
    ]) {
      const s = stats(syntheticCocoLike({ seed, numImages }));
      expect(Math.abs(s.perImage - 7.3), `seed ${seed}`).toBeLessThan(numImages >= 200 ? 0.1 : 0.2);
      expect(Math.abs(s.small - 0.41), `seed ${seed}`).toBeLessThan(0.01);
      expect(Math.abs(s.medium - 0.34), `seed ${seed}`).toBeLessThan(0.01);
      expect(Math.abs(s.large - 0.24), `seed ${seed}`).toBeLessThan(0.01);
    }
  });

  it('draws image sizes like COCO’s and keeps every box inside its image, at least 1 px wide and tall', () => {
    const sizes = new Map<string, number>();
    for (const im of d.images) {
      const key = `${im.width}x${im.height}`;
      sizes.set(key, (sizes.get(key) ?? 0) + 1);
      expect(Math.max(im.width, im.height)).toBeLessThanOrEqual(640);
      for (const boxes of [im.boxes, im.ignoreBoxes]) {
        for (let i = 0; i < boxes.length; i += 4) {
          expect(boxes[i]).toBeGreaterThanOrEqual(0);
          expect(boxes[i + 1]).toBeGreaterThanOrEqual(0);
          expect(boxes[i + 2]).toBeLessThanOrEqual(im.width);
          expect(boxes[i + 3]).toBeLessThanOrEqual(im.height);
          expect(boxes[i + 2] - boxes[i]).toBeGreaterThanOrEqual(0.999);
          expect(boxes[i + 3] - boxes[i + 1]).toBeGreaterThanOrEqual(0.999);
        }
      }
      for (const label of im.labels) expect(label >= 0 && label < 80).toBe(true);
    }
    const [mostCommon] = [...sizes.entries()].sort((a, b) => b[1] - a[1]);
    expect(mostCommon[0]).toBe('640x480');
  });

  it('handles no images and one image', () => {
    const none = syntheticCocoLike({ numImages: 0 });
    expect(none.images).toEqual([]);
    expect(none.categories.length).toBe(80);
    expect(syntheticCocoLike({ numImages: 1, seed: 3 }).images.length).toBe(1);
  });

  it('checks its options', () => {
    expect(resolveSyntheticOptions()).toEqual({ seed: 0, numImages: 200 });
    expectErrorCode(() => syntheticCocoLike({ seed: 1.5 }), 'invalid-argument', /syntheticCocoLike: options\.seed must be an integer in \[0, 4294967295\], but was 1\.5/);
    expectErrorCode(() => syntheticCocoLike({ seed: -1 }), 'invalid-argument', /options\.seed must be an integer in \[0, 4294967295\], but was -1/);
    expectErrorCode(() => syntheticCocoLike({ numImages: 200001 }), 'invalid-argument', /options\.numImages must be an integer in \[0, 100000\], but was 200001/);
    expectErrorCode(() => syntheticCocoLike({ numImages: Number.NaN }), 'invalid-argument', /options\.numImages must be an integer in \[0, 100000\], but was NaN/);
    expectErrorCode(() => syntheticCocoLike({ numImage: 3 } as never), 'invalid-config', /syntheticCocoLike: unknown option 'numImage'.*did you mean 'numImages'/);
  });
});
