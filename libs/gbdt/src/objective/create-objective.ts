import { GbdtObjective } from '../model/gbdt-model';
import { BinaryLogistic } from './binary-logistic';
import { L2Regression } from './l2-regression';
import { MulticlassSoftmax } from './multiclass-softmax';
import { Objective } from './objective';

export function createObjective(name: GbdtObjective, numClass: number): Objective {
  switch (name) {
    case 'binary':
      return new BinaryLogistic();
    case 'multiclass':
      return new MulticlassSoftmax(numClass);
    case 'regression':
      return new L2Regression();
    default:
      throw new RangeError(`unknown objective ${String(name)}`);
  }
}
