export * from './enums';
export * from './error-codes';
export * from './metadata';
export * from './validation';
export * from './validation-report';
export * from './episodes';
export * from './quality-report';
export * from './job-parameters';
