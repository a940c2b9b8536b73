// Builds the renderer into renderer/dist with relative paths, so the same files load from file:// in
// Electron and from the web host. No inline scripts or eval: the page's CSP forbids them.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// import.meta.dirname rather than node:path: the lint keeps Node built-ins out of renderer/.
const root = import.meta.dirname;

export default defineConfig({
  root,
  base: './',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'chrome120',
    sourcemap: false,
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    rollupOptions: {
      output: {
        // One chunk per language with all its namespaces: the first screen waits for one request, not twelve.
        manualChunks(id) {
          const locale = /[\\/]src[\\/]i18n[\\/]locales[\\/](\w+)[\\/]/.exec(id);
          return locale ? `locale-${locale[1]}` : undefined;
        },
      },
    },
  },
});
