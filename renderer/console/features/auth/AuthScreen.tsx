import type { ReactNode } from 'react';
import { PRODUCT_NAME } from '../../desk/consoleLocale';

/** The frame around sign-in and setup: the same landmarks as the desk, without the queue. */
export function AuthScreen({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="auth">
      <header className="auth__brand">
        <p className="brand">{PRODUCT_NAME}</p>
      </header>
      <main className="auth__card" aria-labelledby="auth-title">
        <h1 id="auth-title">{title}</h1>
        {children}
      </main>
    </div>
  );
}
