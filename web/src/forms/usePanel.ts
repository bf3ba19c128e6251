// Which inline form a chart section has open. Opening moves focus into the form; closing returns it to the
// button that opened it, or to the section heading when that button is gone (e.g. a stopped medication's row).
import { useCallback, useEffect, useRef, useState } from 'react';

export function usePanel<T>(headingId: string) {
  const [panel, setPanel] = useState<T | null>(null);
  const opener = useRef<HTMLElement | null>(null);
  const panelRef = useRef<HTMLDivElement | null>(null);
  const [closeTick, setCloseTick] = useState(0);

  const open = useCallback((p: T) => {
    opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setPanel(p);
  }, []);

  const close = useCallback(() => {
    setPanel(null);
    setCloseTick((t) => t + 1);
  }, []);

  useEffect(() => {
    if (panel === null) return;
    panelRef.current?.querySelector<HTMLElement>('input, select, textarea')?.focus();
  }, [panel]);

  useEffect(() => {
    if (closeTick === 0) return;
    const el = opener.current;
    if (el && el.isConnected && !el.hasAttribute('disabled')) el.focus();
    else document.getElementById(headingId)?.focus();
  }, [closeTick, headingId]);

  return { panel, open, close, panelRef };
}
