export * from './format-error';
export * from './info';
export * from './version';
export * from './metadata-v21';
export * from './summary';
export * from './read-metadata';
