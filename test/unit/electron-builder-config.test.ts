// electron-builder cannot run here (it downloads the Electron runtime), so its configuration is
// checked the way electron-builder itself checks it before building: against its JSON schema.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
// app-builder-lib and js-yaml come with electron-builder; resolve them the way it does.
const fromBuilder = createRequire(createRequire(join(root, 'package.json')).resolve('electron-builder'));
const appBuilderLib = dirname(fromBuilder.resolve('app-builder-lib/package.json'));
const fromLib = createRequire(join(appBuilderLib, 'package.json'));
const yaml = fromLib('js-yaml') as { load(text: string): any };
const { validateConfiguration } = fromLib(join(appBuilderLib, 'out/util/config/config.js'));
const { DebugLogger } = fromLib('builder-util');

const config = yaml.load(readFileSync(join(root, 'electron-builder.yml'), 'utf8'));

describe('electron-builder.yml (validated offline: electron-builder itself cannot run on this machine)', () => {
  it("matches electron-builder's configuration schema", async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('packages dist/, package.json and node_modules, with better-sqlite3 unpacked, for every desktop OS', () => {
    expect(config.appId).toBe('com.caredesk.desk');
    expect(config.productName).toBe('Care Desk');
    expect(config.files).toEqual(expect.arrayContaining(['dist/**/*', 'package.json', 'node_modules/**/*']));
    expect(config.asarUnpack).toContain('node_modules/better-sqlite3/**/*.node');
    // Output must not be dist/, which is the input.
    expect(config.directories.output).not.toMatch(/^dist\b/);
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.mac.target).toEqual(['dmg']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.electronFuses.runAsNode).toBe(false);
  });
});
