/**
 * A small writer for ONNX models: graph inputs/outputs, initializers stored as little-endian raw_data,
 * nodes with typed attributes, and the final ModelProto bytes. protobufjs writes fields in a fixed order,
 * so the same calls always produce the same bytes.
 */
import { endianness } from 'node:os';
import { onnx } from 'onnx-proto';

export const OPSET_VERSION = 17;
export const IR_VERSION = 8;

/** TensorProto.DataType values used by the builders. */
export const ElemType = {
  FLOAT: 1,
  UINT8: 2,
  INT8: 3,
  INT32: 6,
  INT64: 7,
} as const;
export type ElemType = (typeof ElemType)[keyof typeof ElemType];

/** A dimension: a fixed size or a symbolic name such as "batch_size". */
export type Dim = number | string;

/** Attribute values must say their ONNX type: 1 may be an int or a float. */
export type Attr = { kind: 'int'; value: number } | { kind: 'float'; value: number } | { kind: 'ints'; value: number[] };

export const int = (value: number): Attr => ({ kind: 'int', value });
export const float = (value: number): Attr => ({ kind: 'float', value });
export const ints = (value: number[]): Attr => ({ kind: 'ints', value });

if (endianness() !== 'LE') {
  // raw_data is little-endian by definition; the typed-array views below are written as they sit in memory.
  throw new Error('the model builder writes raw tensor data from memory and needs a little-endian CPU');
}

/** A Buffer view (no copy) over the bytes of a typed array. */
export const bytesOf = (data: ArrayBufferView): Buffer => Buffer.from(data.buffer, data.byteOffset, data.byteLength);

const valueInfo = (name: string, elemType: ElemType, dims: Dim[]): onnx.IValueInfoProto => ({
  name,
  type: {
    tensorType: {
      elemType,
      shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
    },
  },
});

function attribute(name: string, attr: Attr): onnx.IAttributeProto {
  const T = onnx.AttributeProto.AttributeType;
  switch (attr.kind) {
    case 'int':
      return { name, type: T.INT, i: attr.value };
    case 'float':
      return { name, type: T.FLOAT, f: attr.value };
    case 'ints':
      return { name, type: T.INTS, ints: attr.value };
  }
}

export interface ModelInfo {
  graphName: string;
  docString: string;
  producerVersion: string;
  /** Written to metadata_props in key order. */
  metadata?: Record<string, string>;
}

export class GraphBuilder {
  private readonly nodes: onnx.INodeProto[] = [];
  private readonly initializers: onnx.ITensorProto[] = [];
  private readonly inputs: onnx.IValueInfoProto[] = [];
  private readonly outputs: onnx.IValueInfoProto[] = [];
  private readonly names = new Set<string>();
  private readonly constants = new Map<string, string>();
  private nodeCount = 0;

  input(name: string, elemType: ElemType, dims: Dim[]): string {
    this.claim(name);
    this.inputs.push(valueInfo(name, elemType, dims));
    return name;
  }

  output(name: string, elemType: ElemType, dims: Dim[]): void {
    this.outputs.push(valueInfo(name, elemType, dims));
  }

  /** An initializer from the bytes of a typed array (float32, int8, int64...). */
  initializer(name: string, dataType: ElemType, dims: number[], data: ArrayBufferView): string {
    const count = dims.reduce((a, b) => a * b, 1);
    const width = { [ElemType.FLOAT]: 4, [ElemType.UINT8]: 1, [ElemType.INT8]: 1, [ElemType.INT32]: 4, [ElemType.INT64]: 8 }[dataType];
    if (count * width !== data.byteLength) {
      throw new Error(`initializer ${name}: dims [${dims.join(', ')}] need ${count * width} bytes, got ${data.byteLength}`);
    }
    this.claim(name);
    this.initializers.push({ name, dataType, dims, rawData: bytesOf(data) });
    return name;
  }

  float32(name: string, dims: number[], data: Float32Array): string {
    return this.initializer(name, ElemType.FLOAT, dims, data);
  }

  int8(name: string, dims: number[], data: Int8Array): string {
    return this.initializer(name, ElemType.INT8, dims, data);
  }

  int64(name: string, dims: number[], values: number[]): string {
    return this.initializer(name, ElemType.INT64, dims, BigInt64Array.from(values.map((v) => BigInt(v))));
  }

  /** A shared scalar float constant (one initializer per distinct value). */
  scalar(value: number): string {
    const key = `f:${Object.is(value, -0) ? '-0' : String(Math.fround(value))}`;
    let name = this.constants.get(key);
    if (!name) {
      name = this.float32(`const_f32_${this.constants.size}`, [], Float32Array.of(value));
      this.constants.set(key, name);
    }
    return name;
  }

  /** A shared 1-D int64 constant. */
  int64s(values: number[]): string {
    const key = `i:${values.join(',')}`;
    let name = this.constants.get(key);
    if (!name) {
      name = this.int64(`const_i64_${this.constants.size}`, [values.length], values);
      this.constants.set(key, name);
    }
    return name;
  }

  /** Adds a node with one output; returns the output name. */
  op(opType: string, inputs: string[], output: string, attrs: Record<string, Attr> = {}): string {
    return this.opN(opType, inputs, [output], attrs)[0];
  }

  /** Adds a node with several outputs; returns their names. */
  opN(opType: string, inputs: string[], outputs: string[], attrs: Record<string, Attr> = {}): string[] {
    for (const o of outputs) this.claim(o);
    this.nodes.push({
      name: `${opType}_${this.nodeCount++}`,
      opType,
      input: inputs,
      output: outputs,
      attribute: Object.entries(attrs).map(([key, attr]) => attribute(key, attr)),
    });
    return outputs;
  }

  /** The serialised ModelProto (opset 17, IR version 8). */
  toBytes(info: ModelInfo): Buffer {
    const model: onnx.IModelProto = {
      irVersion: IR_VERSION,
      opsetImport: [{ domain: '', version: OPSET_VERSION }],
      producerName: 'semflow-model-builder',
      producerVersion: info.producerVersion,
      docString: info.docString,
      graph: {
        name: info.graphName,
        node: this.nodes,
        initializer: this.initializers,
        input: this.inputs,
        output: this.outputs,
      },
      metadataProps: Object.entries(info.metadata ?? {}).map(([key, value]) => ({ key, value })),
    };
    const bytes = onnx.ModelProto.encode(model).finish();
    return Buffer.isBuffer(bytes) ? bytes : bytesOf(bytes);
  }

  private claim(name: string): void {
    if (this.names.has(name)) throw new Error(`duplicate tensor name in graph: ${name}`);
    this.names.add(name);
  }
}
