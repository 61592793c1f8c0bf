import { onnx } from 'onnx-proto';
import { decodeOnnxModel, describeOnnxModel } from './describe-onnx-model';
import { exportLogisticModelToOnnx } from './logistic-model-onnx';
import { ElemType, encodeModel, node, tensorValueInfo } from './onnx-proto-builders';
import { handModel } from './testing/test-models';

describe('describeOnnxModel', () => {
  it('summarises an exported model as plain data', () => {
    const d = describeOnnxModel(exportLogisticModelToOnnx(handModel(), { docString: 'doc' }));
    expect(d).toMatchObject({ irVersion: 8, producerName: 'ares', modelVersion: 1, graphName: 'ares_logistic' });
    expect(d.metadata['ares.features']).toBe('["a","b","c"]');
  });

  it('counts graphs nested in node attributes', () => {
    const branch = (value: string): onnx.IGraphProto => ({
      name: value,
      node: [node('Identity', `id_${value}`, ['x'], [`y_${value}`])],
      output: [tensorValueInfo(`y_${value}`, ElemType.FLOAT, [1])],
    });
    const graph: onnx.IGraphProto = {
      name: 'with_if',
      node: [
        node(
          'If',
          'if',
          ['cond'],
          ['y'],
          [
            { name: 'then_branch', type: onnx.AttributeProto.AttributeType.GRAPH, g: branch('then') },
            { name: 'else_branch', type: onnx.AttributeProto.AttributeType.GRAPH, g: branch('else') },
          ],
        ),
      ],
      input: [tensorValueInfo('cond', ElemType.BOOL, []), tensorValueInfo('x', ElemType.FLOAT, [1])],
      output: [tensorValueInfo('y', ElemType.FLOAT, [1])],
    };
    const bytes = encodeModel({ graph, producerName: 't', producerVersion: '0', modelVersion: 1, docString: '', metadata: [] });
    const d = describeOnnxModel(bytes);
    expect(d.nodeOps).toEqual(['If']);
    expect(d.subgraphCount).toBe(2);
    expect(d.inputs.map((i) => [i.name, i.elemType, i.shape])).toEqual([
      ['cond', 'BOOL', []],
      ['x', 'FLOAT', [1]],
    ]);
  });

  it('says when bytes are not an ONNX model', () => {
    expect(() => decodeOnnxModel(Uint8Array.of(0xff, 0xff, 0xff))).toThrow(/^bytes are not a valid ONNX model/);
    expect(() => decodeOnnxModel([1, 2] as unknown as Uint8Array)).toThrow('ONNX model bytes must be a Uint8Array');
  });
});
