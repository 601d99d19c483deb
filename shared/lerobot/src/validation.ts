export * from './validation/context';
export * from './validation/findings';
export * from './validation/validate';
