// The main entry: the React layer, and the core it is built on.
export * from './core/index.ts';
export * from './react/index.ts';
