export * from './languages.ts';
export * from './namespaces.ts';
export * from './locale-loader.ts';
export * from './regional-format.ts';
export * from './create-i18n.ts';
