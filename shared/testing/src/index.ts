export * from './factory';
export * from './hub';
export * from './repo-files';
export * from './demo-hub';
