// Each new step moves keyboard and screen-reader focus to its heading, so the user hears where they are.
import { useEffect, useRef } from 'react';

export function useFocusHeading<T extends HTMLElement = HTMLHeadingElement>(step?: unknown) {
  const ref = useRef<T>(null);
  useEffect(() => {
    ref.current?.focus();
  }, [step]);
  return ref;
}
