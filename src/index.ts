// The main entry. The React layer joins the core here; until then it is the core.
export * from './core/index.ts';
