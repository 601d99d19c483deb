export { evaluateQuality } from './evaluate';
export type { QualityRun } from './evaluate';
export { qualityInputs } from './plan-pass';
export { QUALITY_PARAMETERS, resolveQualityParameters, QualityParameterError } from './parameters';
export type { QualityParameters, QualityParameterName } from './parameters';
export { NOT_IMPLEMENTED as QUALITY_METRICS_NOT_IMPLEMENTED } from './summary';
