import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../common/base.css';
import '../common/chat.css';
import './widget.css';
import { App } from './App';
import { useWidget } from './widgetStore';
import { setupI18n } from '../common/i18n';
import { widgetLocale } from './widgetLocale';

// The page's language first: every word below comes from the catalogues.
setupI18n(widgetLocale());

// Outside React so StrictMode's double effects cannot open two sockets.
void useWidget.getState().init();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
