import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { AuthProvider } from './auth/auth.tsx';
import { AnnouncerProvider } from './ui/announce.tsx';

const root = document.getElementById('root');
if (!root) throw new Error('missing #root');

createRoot(root).render(
  <StrictMode>
    <AuthProvider>
      <AnnouncerProvider>
        <App />
      </AnnouncerProvider>
    </AuthProvider>
  </StrictMode>,
);
