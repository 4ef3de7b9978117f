// Writes ray-cast frames as PNG files (pngjs) so a person can look at them.
import { writeFileSync } from 'node:fs';
import { PNG } from 'pngjs';

/** Encodes an HWC uint8 RGB image as PNG bytes. */
export function encodePng(rgb: Uint8Array, width: number, height: number): Buffer {
  if (rgb.length !== width * height * 3) {
    throw new Error(`encodePng: ${rgb.length} bytes is not ${width}×${height}×3 RGB`);
  }
  const png = new PNG({ width, height });
  for (let pixel = 0; pixel < width * height; pixel++) {
    png.data[4 * pixel] = rgb[3 * pixel]!;
    png.data[4 * pixel + 1] = rgb[3 * pixel + 1]!;
    png.data[4 * pixel + 2] = rgb[3 * pixel + 2]!;
    png.data[4 * pixel + 3] = 255;
  }
  return PNG.sync.write(png);
}

export function writePng(path: string, rgb: Uint8Array, width: number, height: number): void {
  writeFileSync(path, encodePng(rgb, width, height));
}
