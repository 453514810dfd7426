/**
 * Symmetric int8 weight quantization as onnxruntime's dynamic quantization stores it: one float scale per
 * output channel (column of a [K, N] MatMul weight), zero point 0, values in [-127, 127].
 */

export interface QuantizedMatrix {
  /** Row-major [rows, cols], like the float matrix it came from. */
  values: Int8Array;
  /** One scale per column: w[i, j] ~= values[i, j] * scales[j]. */
  scales: Float32Array;
}

// Module-level bindings: hot loops then avoid global lookups, which are slow inside vm contexts (jest).
const { abs, round } = Math;

/** Round half to even, as numpy's rint does. */
export function roundHalfEven(x: number): number {
  const r = round(x);
  return abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** Per-column symmetric quantization of a row-major [rows, cols] float32 matrix. */
export function quantizePerColumn(weights: Float32Array, rows: number, cols: number): QuantizedMatrix {
  if (weights.length !== rows * cols) throw new Error(`matrix of ${weights.length} values is not [${rows}, ${cols}]`);
  const maxAbs = new Float64Array(cols);
  for (let i = 0; i < rows; i++) {
    const row = i * cols;
    for (let j = 0; j < cols; j++) {
      const a = abs(weights[row + j]);
      if (a > maxAbs[j]) maxAbs[j] = a;
    }
  }
  const scales = new Float32Array(cols);
  for (let j = 0; j < cols; j++) scales[j] = maxAbs[j] > 0 ? maxAbs[j] / 127 : 1;
  const values = new Int8Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const row = i * cols;
    for (let j = 0; j < cols; j++) {
      const q = roundHalfEven(weights[row + j] / scales[j]);
      values[row + j] = q > 127 ? 127 : q < -127 ? -127 : q;
    }
  }
  return { values, scales };
}
