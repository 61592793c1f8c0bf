import { doubleTensor, ElemType } from './onnx-proto-builders';

describe('onnx-proto builders', () => {
  it('writes float64 initializers as exact little-endian raw_data', () => {
    const t = doubleTensor('w', [2, 1], [0.1, -1e300]);
    expect(t).toMatchObject({ name: 'w', dims: [2, 1], dataType: ElemType.DOUBLE });
    const view = new DataView(t.rawData!.buffer);
    expect(view.getFloat64(0, true)).toBe(0.1);
    expect(view.getFloat64(8, true)).toBe(-1e300);
    expect(Array.from(t.rawData!.subarray(0, 8))).toEqual([0x9a, 0x99, 0x99, 0x99, 0x99, 0x99, 0xb9, 0x3f]);
  });

  it('refuses values that do not fill the shape', () => {
    expect(() => doubleTensor('w', [2, 2], [1, 2, 3])).toThrow("tensor 'w': 3 values do not fill shape [2, 2]");
  });
});
