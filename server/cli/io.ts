// Small helpers the commands share: reading a password without echo, output files, and typed failures.
import { closeSync, openSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

export class CliError extends Error {}

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
}

export const processIo: CliIo = {
  out: (l) => process.stdout.write(l + '\n'),
  err: (l) => process.stderr.write(l + '\n'),
  stdin: process.stdin,
};

/** From a pipe: the first line. From a terminal: a prompt with the typed characters hidden. */
export async function readPassword(io: CliIo, prompt: string): Promise<string> {
  if (!io.stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const c of io.stdin) chunks.push(Buffer.from(c as Buffer));
    const line = Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
    if (line === '') throw new CliError('no password on stdin: pipe it in (e.g. printf \'%s\\n\' "$PASSWORD" | caredesk …), or run the command at a terminal to be asked');
    return line;
  }
  const rl = createInterface({ input: io.stdin, output: process.stderr, terminal: true });
  const rlAny = rl as unknown as { _writeToOutput: (s: string) => void; output: NodeJS.WritableStream };
  let muted = false;
  rlAny._writeToOutput = (s: string) => {
    if (!muted) rlAny.output.write(s);
  };
  return new Promise((resolve) => {
    rl.question(prompt, (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolve(answer);
    });
    muted = true;
  });
}

/**
 * Whether to go ahead with something that cannot be undone: `--yes` says so; at a terminal the
 * operator is asked; a script (no terminal) has said what it wants by running the command.
 */
export async function confirmed(io: CliIo, yes: boolean, question: string): Promise<boolean> {
  if (yes || !io.stdin.isTTY) return true;
  const rl = createInterface({ input: io.stdin, output: process.stderr, terminal: true });
  return new Promise((resolve) => {
    rl.question(`${question} [y/N] `, (answer) => {
      rl.close();
      resolve(/^y(es)?$/i.test(answer.trim()));
    });
  });
}

/**
 * A file a command will write a customer's data to, opened (0600: this account only) before anything
 * is read or recorded, so a path that cannot be written fails with a clear error and changes nothing.
 */
export function outputFile(path: string): { write(data: string | Uint8Array): void } {
  let fd: number;
  try {
    fd = openSync(path, 'w', 0o600);
  } catch (e) {
    throw new CliError(`cannot write ${path}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'its folder does not exist' : (e as Error).message}`);
  }
  return {
    write(data) {
      try {
        writeFileSync(fd, data);
      } finally {
        closeSync(fd);
      }
    },
  };
}
