export { dataStages } from './data-stages';
