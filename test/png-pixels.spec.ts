import { deflateSync } from 'node:zlib';
import { decodePng, summariseColours } from './helpers/png-pixels';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  // The decoder does not check CRCs, so they are left zero.
  return Buffer.concat([length, Buffer.from(type, 'latin1'), data, Buffer.alloc(4)]);
}

const predictors: Array<(left: number, up: number, upLeft: number) => number> = [
  () => 0,
  (left) => left,
  (_, up) => up,
  (left, up) => (left + up) >> 1,
  (left, up, upLeft) => {
    const p = left + up - upLeft;
    const [pa, pb, pc] = [Math.abs(p - left), Math.abs(p - up), Math.abs(p - upLeft)];
    return pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
  },
];

/** A PNG whose row y is written with filter filters[y % filters.length], its data split over two IDATs. */
function encodePng(width: number, height: number, colourType: number, channels: number, pixels: Buffer, filters: number[], interlace = 0): Buffer {
  const stride = width * channels;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    const filter = filters[y % filters.length];
    raw[y * (stride + 1)] = filter;
    for (let x = 0; x < stride; x++) {
      const at = (row: number, col: number) => (row >= 0 && col >= 0 ? pixels[row * stride + col] : 0);
      const predicted = predictors[filter](at(y, x - channels), at(y - 1, x), at(y - 1, x - channels));
      raw[y * (stride + 1) + 1 + x] = (pixels[y * stride + x] - predicted) & 0xff;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, colourType, 0, 0, interlace], 8);
  const compressed = deflateSync(raw);
  const half = Math.floor(compressed.length / 2);
  return Buffer.concat([
    SIGNATURE,
    chunk('IHDR', header),
    chunk('IDAT', compressed.subarray(0, half)),
    chunk('IDAT', compressed.subarray(half)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Bytes that vary enough for every filter to matter (a fixed sequence, so failures repeat). */
function varied(length: number): Buffer {
  const bytes = Buffer.alloc(length);
  let seed = 7;
  for (let i = 0; i < length; i++) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    bytes[i] = seed >> 16;
  }
  return bytes;
}

describe('decodePng', () => {
  it.each([
    ['RGBA', 6, 4],
    ['RGB', 2, 3],
    ['grey', 0, 1],
  ])('gives back the pixels of a %s image written with every filter type', (_, colourType, channels) => {
    const [width, height] = [7, 10];
    const pixels = varied(width * height * channels);
    const decoded = decodePng(encodePng(width, height, colourType, channels, pixels, [0, 1, 2, 3, 4]));
    expect({ width: decoded.width, height: decoded.height, channels: decoded.channels }).toEqual({ width, height, channels });
    expect(decoded.data.equals(pixels)).toBe(true);
  });

  it('refuses what it cannot read instead of guessing', () => {
    expect(() => decodePng(Buffer.from('GIF89a not a png'))).toThrow('not a PNG file');
    const interlaced = encodePng(2, 2, 2, 3, varied(12), [0], 1);
    expect(() => decodePng(interlaced)).toThrow(/interlace 1/);
  });
});

describe('summariseColours', () => {
  it('takes the most common colour as background and counts the rest', () => {
    const [width, height] = [4, 4];
    const pixels = Buffer.alloc(width * height * 3, 0xff);
    for (const i of [0, 5, 10, 15]) pixels.set([0xc0, 0x10, 0x20], i * 3);
    const summary = summariseColours(decodePng(encodePng(width, height, 2, 3, pixels, [4])));
    expect(summary).toEqual({ background: 'ffffff', foregroundShare: 0.25, distinctColours: 2 });
  });

  it('finds nothing but background in a single-colour image', () => {
    const pixels = Buffer.alloc(3 * 3 * 4, 0x80);
    expect(summariseColours(decodePng(encodePng(3, 3, 6, 4, pixels, [1])))).toEqual({
      background: '80808080',
      foregroundShare: 0,
      distinctColours: 1,
    });
  });
});
