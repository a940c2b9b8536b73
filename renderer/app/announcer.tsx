// One polite and one assertive live region for the whole app. Screens announce state changes here;
// assertive is kept for a blocked PIN or a fatal error so a screen reader is not interrupted otherwise.
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';

export type Politeness = 'polite' | 'assertive';
type Announce = (message: string, politeness?: Politeness) => void;

const AnnouncerContext = createContext<Announce>(() => undefined);

export function useAnnounce(): Announce {
  return useContext(AnnouncerContext);
}

export function AnnouncerProvider({ children }: { children: ReactNode }) {
  const [polite, setPolite] = useState('');
  const [assertive, setAssertive] = useState('');
  const announce = useCallback<Announce>((message, politeness = 'polite') => {
    // Repeating the same text must be heard again: clear first, then set on the next frame.
    const set = politeness === 'assertive' ? setAssertive : setPolite;
    set('');
    queueMicrotask(() => set(message));
  }, []);
  const value = useMemo(() => announce, [announce]);
  return (
    <AnnouncerContext.Provider value={value}>
      {children}
      <div className="visually-hidden" role="status" aria-live="polite" aria-atomic="true" data-testid="live-polite">
        {polite}
      </div>
      {/* An alert, so the urgent announcement is also found by its role, like the polite status above. */}
      <div className="visually-hidden" role="alert" aria-live="assertive" aria-atomic="true">
        {assertive}
      </div>
    </AnnouncerContext.Provider>
  );
}
