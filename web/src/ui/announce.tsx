// One polite live region for the whole app: "Medication added", "Medication list signed", …
// The message is also shown on screen so sighted users get the same confirmation.
import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';

type Announce = (message: string) => void;
const AnnounceContext = createContext<Announce>(() => {});

export function AnnouncerProvider({ children }: { children: ReactNode }) {
  const [message, setMessage] = useState('');
  const timer = useRef<number | undefined>(undefined);

  const announce = useCallback((m: string) => {
    window.clearTimeout(timer.current);
    // Clear first so the same text twice in a row is announced twice.
    setMessage('');
    window.setTimeout(() => setMessage(m), 50);
    timer.current = window.setTimeout(() => setMessage(''), 8000);
  }, []);

  useEffect(() => () => window.clearTimeout(timer.current), []);

  return (
    <AnnounceContext.Provider value={announce}>
      {children}
      <div role="status" aria-live="polite" aria-atomic="true" className={message ? 'toast toast-visible' : 'toast'} data-testid="live-region">
        {message}
      </div>
    </AnnounceContext.Provider>
  );
}

export function useAnnounce(): Announce {
  return useContext(AnnounceContext);
}
