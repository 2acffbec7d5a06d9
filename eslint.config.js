// Lint enforces the boundaries in DESIGN.md: shared/ is pure; server/ and renderer/ import
// shared/ only; electron/ may embed server/.
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'crypto', 'http', 'net', 'child_process', 'url', 'util', 'stream', 'events'];
const restrict = (patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });
const layer = (dir, msg) => ({ group: [`**/${dir}/**`, `../${dir}/*`, `../../${dir}/*`, `../../../${dir}/*`], message: msg });

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'bench/results/**', 'test-results/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: restrict([
      { group: nodeBuiltins, message: 'shared/ is pure: no Node imports.' },
      { group: ['react', 'react-dom', 'react/*', 'zustand', 'electron', 'better-sqlite3', 'socket.io', 'socket.io-client'], message: 'shared/ is pure: no platform libraries.' },
      layer('server', 'shared/ must not import server/.'),
      layer('renderer', 'shared/ must not import renderer/.'),
      layer('electron', 'shared/ must not import electron/.'),
    ]),
  },
  {
    files: ['server/**/*.ts'],
    rules: restrict([
      { group: ['electron', 'react', 'react-dom', 'zustand'], message: 'server/ runs headless: no Electron or UI imports.' },
      layer('renderer', 'server/ imports shared/ only.'),
      layer('electron', 'server/ imports shared/ only.'),
    ]),
  },
  {
    files: ['server/**/*.ts'],
    ignores: ['server/store/**'],
    rules: restrict([
      { group: ['better-sqlite3'], message: 'Only server/store touches SQL.' },
      { group: ['electron', 'react', 'react-dom', 'zustand'], message: 'server/ runs headless: no Electron or UI imports.' },
      layer('renderer', 'server/ imports shared/ only.'),
      layer('electron', 'server/ imports shared/ only.'),
    ]),
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: restrict([
      { group: nodeBuiltins, message: 'renderer/ runs in a browser: no Node imports.' },
      { group: ['electron', 'better-sqlite3', 'socket.io'], message: 'renderer/ reaches the outside only through its bridge.' },
      layer('server', 'renderer/ imports shared/ only.'),
      layer('electron', 'renderer/ imports shared/ only.'),
    ]),
  },
  {
    // Only the bridge (and the widget's hub client) may open sockets.
    files: ['renderer/**/*.{ts,tsx}'],
    ignores: ['renderer/console/bridge/**', 'renderer/widget/hubClient.ts'],
    rules: restrict([
      { group: nodeBuiltins, message: 'renderer/ runs in a browser: no Node imports.' },
      { group: ['electron', 'better-sqlite3', 'socket.io', 'socket.io-client'], message: 'renderer/ reaches the outside only through its bridge.' },
      layer('server', 'renderer/ imports shared/ only.'),
      layer('electron', 'renderer/ imports shared/ only.'),
    ]),
  },
  {
    files: ['electron/**/*.ts'],
    rules: restrict([layer('renderer', 'electron/ imports shared/ and server/ only.')]),
  },
);
