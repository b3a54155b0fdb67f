/** Mounts the React app into index.html's #root. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { NoAccessPage } from './app/NoAccessPage';
import { hasClientAccess } from './client/current-client';
import './styles.css';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element to mount the app in');
createRoot(container).render(
  <StrictMode>
    {hasClientAccess() ? <App /> : <NoAccessPage />}
  </StrictMode>,
);
