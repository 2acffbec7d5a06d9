// hoodiecrow-imap ships no types; the IMAP test uses its factory and the net server it wraps.
declare module 'hoodiecrow-imap' {
  import type { Server } from 'node:net';
  interface HoodiecrowServer {
    listen(port: number, host: string, cb: () => void): void;
    close(cb: () => void): void;
    server: Server;
  }
  export default function hoodiecrow(options: { storage?: Record<string, { messages: { raw: string; flags: string[] }[] }> }): HoodiecrowServer;
}
