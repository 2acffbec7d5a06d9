// The operator of a desktop app rarely has a terminal open, so everything the hub would print
// (notably the one-time setup code) also goes to a file in the user's data folder.
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Log } from '../../server/realtime/handle';

export type { Log };

export function desktopLog(file: string, consoleOut: Pick<Console, 'log' | 'error'> = console): Log {
  let fileUsable = true;
  try {
    mkdirSync(dirname(file), { recursive: true });
  } catch {
    fileUsable = false;
  }
  return (level, msg, extra) => {
    const line = `${level === 'info' ? '' : level.toUpperCase() + ' '}${msg}${extra ? ' ' + JSON.stringify(extra) : ''}`;
    (level === 'error' ? consoleOut.error : consoleOut.log)(`[caredesk] ${line}`);
    if (!fileUsable) return;
    try {
      // Synchronous on purpose: lines are rare, and the setup code must be on disk even if the
      // app is killed right after printing it.
      appendFileSync(file, `${new Date().toISOString()} ${line}\n`, { mode: 0o600 });
    } catch {
      // A full or read-only disk must not take the desk down; the console line still went out.
      fileUsable = false;
    }
  };
}
