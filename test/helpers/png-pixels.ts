import { inflateSync } from 'node:zlib';

/** A decoded PNG: rows of `width * channels` bytes, one byte per channel, filters undone. */
export interface PngPixels {
  width: number;
  height: number;
  channels: number;
  data: Buffer;
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** Channels per colour type: grey, RGB, grey + alpha, RGBA (palette images are not needed here). */
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 4: 2, 6: 4 };

/** The Paeth predictor of the PNG specification: whichever neighbour is closest to a + b - c. */
function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  if (pa <= pb && pa <= pc) return a;
  return pb <= pc ? b : c;
}

/**
 * Decodes the 8-bit, non-interlaced PNGs a browser screenshot is made of. Anything else is refused
 * with an error rather than read wrongly.
 */
export function decodePng(png: Buffer): PngPixels {
  if (png.length < 8 || !png.subarray(0, 8).equals(SIGNATURE)) throw new Error('not a PNG file');
  let width = 0;
  let height = 0;
  let channels = 0;
  const compressed: Buffer[] = [];
  for (let offset = 8; offset + 8 <= png.length; ) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    const chunk = png.subarray(offset + 8, offset + 8 + length);
    offset += 12 + length; // length, type, data, CRC
    if (type === 'IHDR') {
      width = chunk.readUInt32BE(0);
      height = chunk.readUInt32BE(4);
      const [bitDepth, colourType, , , interlace] = chunk.subarray(8, 13);
      if (bitDepth !== 8 || !(colourType in CHANNELS) || interlace !== 0) {
        throw new Error(`unsupported PNG: bit depth ${bitDepth}, colour type ${colourType}, interlace ${interlace}`);
      }
      channels = CHANNELS[colourType];
    } else if (type === 'IDAT') {
      compressed.push(chunk);
    } else if (type === 'IEND') {
      break;
    }
  }
  if (channels === 0) throw new Error('PNG without IHDR');

  const raw = inflateSync(Buffer.concat(compressed));
  const stride = width * channels;
  if (raw.length !== (stride + 1) * height) throw new Error(`PNG data is ${raw.length} bytes; ${width}x${height} needs ${(stride + 1) * height}`);
  const data = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const row = y * stride;
    for (let x = 0; x < stride; x++) {
      const left = x >= channels ? data[row + x - channels] : 0;
      const up = y > 0 ? data[row - stride + x] : 0;
      const upLeft = y > 0 && x >= channels ? data[row - stride + x - channels] : 0;
      let predicted: number;
      if (filter === 0) predicted = 0;
      else if (filter === 1) predicted = left;
      else if (filter === 2) predicted = up;
      else if (filter === 3) predicted = (left + up) >> 1;
      else if (filter === 4) predicted = paeth(left, up, upLeft);
      else throw new Error(`PNG row ${y} has unknown filter ${filter}`);
      data[row + x] = (line[x] + predicted) & 0xff;
    }
  }
  return { width, height, channels, data };
}

export interface ColourSummary {
  /** The most common colour, as hex bytes of its channels: taken to be the background. */
  background: string;
  /** Share of pixels (0 to 1) whose colour is not the background. */
  foregroundShare: number;
  distinctColours: number;
}

/** How much of the image is something other than its background. */
export function summariseColours(image: PngPixels): ColourSummary {
  const counts = new Map<number, number>();
  const pixels = image.width * image.height;
  for (let i = 0; i < pixels; i++) {
    const colour = image.data.readUIntBE(i * image.channels, image.channels);
    counts.set(colour, (counts.get(colour) ?? 0) + 1);
  }
  let background = 0;
  let backgroundCount = 0;
  for (const [colour, count] of counts) {
    if (count > backgroundCount) [background, backgroundCount] = [colour, count];
  }
  return {
    background: background.toString(16).padStart(image.channels * 2, '0'),
    foregroundShare: pixels === 0 ? 0 : (pixels - backgroundCount) / pixels,
    distinctColours: counts.size,
  };
}
