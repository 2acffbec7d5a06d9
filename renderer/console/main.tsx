import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../common/base.css';
import '../common/chat.css';
import './console.css';
import { App } from './App';
import { useAuth } from './features/auth/authStore';
import { setupI18n } from '../common/i18n';
import { browserLocale } from './desk/consoleLocale';

// The computer's language until an account's own is known (authStore, after sign-in).
setupI18n(browserLocale());

// Outside React so StrictMode's double effects cannot start two sessions.
void useAuth.getState().init();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
