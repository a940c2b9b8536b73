// How to insert the card, drawn inline (our own drawing): a reader seen from above, the eID card half
// inside it with its gold chip facing up and the chip end going in first, and an arrow. The caption
// says the same in words; the drawing's title is its text alternative.
export function InsertCardPicture({ label }: { label: string }) {
  return (
    <svg className="insert-picture" viewBox="0 0 320 170" role="img" aria-label={label} focusable="false">
      {/* reader: a box with a slot */}
      <rect className="pic-reader" x="196" y="40" width="112" height="96" rx="14" />
      <rect className="pic-slot" x="196" y="56" width="14" height="64" rx="3" />
      <circle className="pic-led" cx="288" cy="58" r="5" />
      {/* card, chip end towards the reader */}
      <rect className="pic-card" x="58" y="52" width="150" height="72" rx="9" />
      <rect className="pic-chip" x="172" y="74" width="24" height="28" rx="4" />
      <path className="pic-chip-lines" d="M172 83h24M172 93h24M184 74v28" />
      <rect className="pic-photo" x="70" y="66" width="28" height="36" rx="3" />
      <path className="pic-text" d="M108 72h44M108 84h36M108 96h40" />
      {/* arrow: push the card into the reader */}
      <path className="pic-arrow" d="M20 88h24m-9-9 9 9-9 9" />
    </svg>
  );
}
