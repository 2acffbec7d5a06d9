// Lint enforces the boundaries in DESIGN.md: shared/ is pure; server/ and renderer/ import
// shared/ only; electron/ may embed server/.
import tseslint from 'typescript-eslint';

// Exact module names go in `paths`; `patterns` match file paths (so 'events' would also catch ./events).
const builtinNames = ['fs', 'path', 'os', 'crypto', 'http', 'net', 'child_process', 'url', 'util', 'stream', 'events'];
const nodeBuiltins = { modules: ['node:*'], names: builtinNames };
const restrict = (rules) => {
  const paths = [];
  const patterns = [];
  for (const r of rules) {
    const names = r.group.names ?? r.group.filter((g) => !g.includes('*') && !g.includes('/'));
    const globs = r.group.modules ?? r.group.filter((g) => g.includes('*') || g.includes('/'));
    for (const name of names) paths.push({ name, message: r.message });
    if (globs.length) patterns.push({ group: globs, message: r.message });
  }
  return { 'no-restricted-imports': ['error', { paths, patterns }] };
};
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
    // Tests read untyped JSON replies and poke at mocks.
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
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
    // Issue 10: no user-facing words outside the catalogues (shared/i18n/catalogues). Text between
    // JSX tags and the words in aria-label, placeholder, title, alt and label attributes must come
    // from t(...). Escape hatch, for a word that is not language (a brand name, a code):
    // `// eslint-disable-next-line no-restricted-syntax -- why`. Every renderer component, widget
    // and console (docs/OPERATIONS.md, "Languages").
    files: ['renderer/**/*.tsx'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: 'JSXText[value=/[A-Za-z\\u00C0-\\uFFFF]/]', message: 'User-facing text comes from the catalogues: t(\'key\') (shared/i18n/catalogues).' },
        {
          selector: 'JSXAttribute[name.name=/^(aria-label|placeholder|title|alt|label|selfLabel|readLabel|disabledReason|submitLabel|hint)$/] > Literal[value=/[A-Za-z]/]',
          message: 'User-facing text comes from the catalogues: t(\'key\') (shared/i18n/catalogues).',
        },
      ],
    },
  },
  {
    files: ['electron/**/*.ts'],
    rules: restrict([layer('renderer', 'electron/ imports shared/ and server/ only.')]),
  },
);
