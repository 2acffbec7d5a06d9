// Serves the built console and widget (dist/renderer) with a strict Content-Security-Policy.
import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

const BASE_CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'";

/** The console may never be framed; the widget is made to be embedded in a store's pages. */
export const CSP = {
  console: `${BASE_CSP}; frame-ancestors 'none'`,
  widget: `${BASE_CSP}; frame-ancestors *`,
};

export function staticFiles(rootDir: string) {
  const root = resolve(rootDir);
  const pages: Record<string, { file: string; csp: string }> = {
    '/console': { file: 'console/index.html', csp: CSP.console },
    '/widget': { file: 'widget/index.html', csp: CSP.widget },
  };

  function send(res: ServerResponse, file: string, headers: Record<string, string>): void {
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      ...headers,
    });
    createReadStream(file).pipe(res);
  }

  return function serve(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://hub.local');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    if (path === '/') {
      res.writeHead(302, { location: '/console/' });
      res.end();
      return;
    }
    const page = pages[path] ?? pages[path.replace(/\/index\.html$/, '')];
    if (page) {
      const file = join(root, page.file);
      if (!existsSync(file)) {
        res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('The console has not been built yet. Run `npm run build`, then reload.');
        return;
      }
      send(res, file, { 'content-security-policy': page.csp, 'cache-control': 'no-cache' });
      return;
    }
    const file = normalize(join(root, path));
    if (file.startsWith(root + sep) && path.startsWith('/assets/') && existsSync(file) && statSync(file).isFile()) {
      send(res, file, { 'cache-control': 'public, max-age=31536000, immutable' });
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('Not found');
  };
}
