// MyVivium's word mark, drawn here (no third-party logo file): a tile with a "V" and the name, in the
// brand colour of theme/tokens.css. The name is the image's accessible text.
export function Wordmark() {
  return (
    <svg className="wordmark" viewBox="0 0 150 32" width="150" height="32" role="img" aria-label="MyVivium" focusable="false">
      <rect className="wordmark-tile" x="0" y="2" width="28" height="28" rx="7" />
      <path className="wordmark-v" d="M7.5 9.5l6.5 13 6.5-13" fill="none" strokeWidth="3.4" strokeLinecap="round" strokeLinejoin="round" />
      <text className="wordmark-text" x="36" y="23.5" fontSize="21" letterSpacing="-0.3">MyVivium</text>
    </svg>
  );
}
