import { PNG } from 'pngjs';

export interface ColourSummary {
  /** The most common colour, as hex RGBA bytes: taken to be the background. */
  background: string;
  /** Share of pixels (0 to 1) whose colour is not the background. */
  foregroundShare: number;
  distinctColours: number;
}

/** How much of a PNG (a browser screenshot) is something other than its background. */
export function summariseColours(png: Buffer): ColourSummary {
  // pngjs gives every image as 8-bit RGBA, whatever its colour type, bit depth or interlacing.
  const image = PNG.sync.read(png);
  const counts = new Map<number, number>();
  const pixels = image.width * image.height;
  for (let i = 0; i < pixels; i++) {
    const colour = image.data.readUInt32BE(i * 4);
    counts.set(colour, (counts.get(colour) ?? 0) + 1);
  }
  let background = 0;
  let backgroundCount = 0;
  for (const [colour, count] of counts) {
    if (count > backgroundCount) [background, backgroundCount] = [colour, count];
  }
  return {
    background: background.toString(16).padStart(8, '0'),
    foregroundShare: pixels === 0 ? 0 : (pixels - backgroundCount) / pixels,
    distinctColours: counts.size,
  };
}
