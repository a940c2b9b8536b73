// The product's name as customers see it, decided here once. Every i18next instance (the UI, the
// diagnosis report, the backend's pages, Electron's menus) offers it to translations as {{product}},
// so a rename is this one line.
export const PRODUCT_NAME = 'MyVivium eID';

/** For i18next's `interpolation.defaultVariables`. */
export const PRODUCT_VARIABLES = { product: PRODUCT_NAME } as const;
