import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../common/base.css';
import '../common/chat.css';
import './console.css';
import { App } from './App';
import { useAuth } from './features/auth/authStore';
import { setupI18n } from '../common/i18n';
import { DEFAULT_LOCALE } from '../../shared/i18n/locales';

// The console's own strings are English until they move to the catalogues; the shared pieces
// (composer, thread) already read them.
setupI18n(DEFAULT_LOCALE);

// Outside React so StrictMode's double effects cannot start two sessions.
void useAuth.getState().init();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
