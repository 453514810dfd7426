import { PNG } from 'pngjs';
import type { ColorType } from 'pngjs';
import { summariseColours } from './helpers/png-pixels';

/** A PNG of the given RGBA pixels, stored as `colorType` (2: RGB, 6: RGBA). */
function encodePng(width: number, height: number, rgba: Buffer, colorType: ColorType = 6): Buffer {
  const image = new PNG({ width, height });
  rgba.copy(image.data);
  return PNG.sync.write(image, { colorType });
}

describe('summariseColours', () => {
  it('takes the most common colour as background and counts the rest', () => {
    const [width, height] = [4, 4];
    const pixels = Buffer.alloc(width * height * 4, 0xff);
    for (const i of [0, 5, 10]) pixels.set([0xc0, 0x10, 0x20, 0xff], i * 4);
    pixels.set([0x00, 0x80, 0x00, 0xff], 15 * 4);
    expect(summariseColours(encodePng(width, height, pixels, 2))).toEqual({ background: 'ffffffff', foregroundShare: 0.25, distinctColours: 3 });
  });

  it('tells colours apart by their alpha', () => {
    const pixels = Buffer.alloc(2 * 2 * 4, 0x80);
    pixels[3] = 0x00;
    expect(summariseColours(encodePng(2, 2, pixels))).toEqual({ background: '80808080', foregroundShare: 0.25, distinctColours: 2 });
  });

  it('finds nothing but background in a single-colour image', () => {
    const pixels = Buffer.alloc(3 * 3 * 4, 0x80);
    expect(summariseColours(encodePng(3, 3, pixels))).toEqual({ background: '80808080', foregroundShare: 0, distinctColours: 1 });
  });

  it('refuses what is not a PNG instead of guessing', () => {
    expect(() => summariseColours(Buffer.from('GIF89a not a png'))).toThrow();
  });
});
