// Builds the agent console and the customer widget as two pages sharing one assets folder; the hub
// serves them from dist/renderer at /console/ and /widget/ (server/http/static.ts).
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: 'renderer',
  base: '/',
  // No React plugin is installed: Vite transforms TSX itself; the automatic runtime matches tsconfig's "react-jsx".
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    // The hub's CSP allows no inline scripts, and a CSP-clean build never relies on inlined assets.
    assetsInlineLimit: 0,
    rolldownOptions: {
      input: {
        console: resolve(here, 'renderer/console/index.html'),
        widget: resolve(here, 'renderer/widget/index.html'),
      },
      // Named shared chunks: libraries (rarely change, long-cached) and the code both pages share.
      output: {
        codeSplitting: {
          groups: [
            // Reports' charts (issue 9) load only with the Reports section: never in the widget.
            {
              name: 'charts',
              test: /node_modules[\\/](recharts|victory-vendor|d3-[a-z-]+|internmap|decimal\.js-light|es-toolkit|@reduxjs|redux|redux-thunk|react-redux|reselect|immer|tiny-invariant|eventemitter3|clsx)[\\/]/,
              priority: 2,
              // Only these packages: React and the rest they use stay in vendor.
              includeDependenciesRecursively: false,
            },
            { name: 'vendor', test: /node_modules/, priority: 1 },
            { name: 'common', test: /[\\/](renderer[\\/]common|shared)[\\/]/ },
          ],
        },
      },
    },
  },
});
