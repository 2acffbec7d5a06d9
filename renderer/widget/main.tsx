import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../common/base.css';
import '../common/chat.css';
import './widget.css';
import { App } from './App';
import { useWidget } from './widgetStore';

// Outside React so StrictMode's double effects cannot open two sockets.
void useWidget.getState().init();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
