// The console window comes back where the agent left it: size, place and maximised, saved to a
// small file in userData when the window closes. A saved place is used only if enough of it is on
// a display that is attached now (a laptop undocked from its second screen must not open the desk
// off-screen); otherwise the window opens at its default size, centred.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import type { Log } from './log';

const Rect = z.object({ x: z.number().int(), y: z.number().int(), width: z.number().int().positive(), height: z.number().int().positive() });
export type Rect = z.infer<typeof Rect>;
const WindowStateSchema = z.object({ bounds: Rect, maximized: z.boolean() });
export type WindowState = z.infer<typeof WindowStateSchema>;

/** How much of the window must be on one display to count as visible: enough to grab its title bar. */
export const MIN_VISIBLE_PX = { width: 120, height: 60 };

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  return {
    width: Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x),
    height: Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y),
  };
}

/** The saved state if it would be visible on one of `displays` (their work areas), else null. */
export function visibleState(saved: WindowState | null, displays: { workArea: Rect }[], min: { width: number; height: number }): WindowState | null {
  if (!saved) return null;
  const onScreen = displays.some(({ workArea }) => {
    const o = overlap(saved.bounds, workArea);
    return o.width >= Math.min(min.width, saved.bounds.width) && o.height >= Math.min(min.height, saved.bounds.height);
  });
  return onScreen ? saved : null;
}

export interface WindowStateFile {
  load(): Promise<WindowState | null>;
  save(state: WindowState): Promise<void>;
}

export function windowStateFile(file: string, log: Log): WindowStateFile {
  return {
    async load() {
      try {
        const parsed = WindowStateSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
        if (parsed.success) return parsed.data;
        log('warn', 'window state file ignored (not a window state)', { file });
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') log('warn', 'window state file ignored', { file, error: String(e) });
      }
      return null;
    },
    async save(state) {
      await mkdir(dirname(file), { recursive: true, mode: 0o700 });
      const tmp = `${file}.${process.pid}.tmp`;
      await writeFile(tmp, JSON.stringify(state), { mode: 0o600 });
      await rename(tmp, file);
    },
  };
}

interface TrackedWindow {
  on(event: 'close', listener: () => void): unknown;
  getNormalBounds(): Rect;
  isMaximized(): boolean;
}

/** Saves the window's normal (unmaximised) bounds and whether it was maximised when it closes. */
export function trackWindowState(win: TrackedWindow, store: WindowStateFile, log: Log): void {
  win.on('close', () => {
    const state: WindowState = { bounds: win.getNormalBounds(), maximized: win.isMaximized() };
    store.save(state).catch((e: unknown) => log('warn', 'could not save the window state', { error: String(e) }));
  });
}
