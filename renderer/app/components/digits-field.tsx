// A field for a number the user types as digits (the PIN, a confirmation code): its label, a hint that
// describes it, and an input that keeps only digits, at most maxLength of them.
import type { RefObject } from 'react';

interface DigitsFieldProps {
  id: string;
  label: string;
  hintId: string;
  hint: string;
  inputRef: RefObject<HTMLInputElement | null>;
  value: string;
  onChange: (digits: string) => void;
  maxLength: number;
  autoComplete: string;
  /** Shown as dots (the PIN). */
  secret?: boolean;
  className?: string;
  invalid: boolean;
  /** Other elements that describe the field (an error, the tries left), after the hint. */
  alsoDescribedBy?: string;
}

export function DigitsField(props: DigitsFieldProps) {
  const { id, hintId, maxLength, onChange } = props;
  return (
    <>
      <label htmlFor={id}>{props.label}</label>
      <p id={hintId} className="hint">{props.hint}</p>
      <input
        id={id}
        ref={props.inputRef}
        className={props.className}
        type={props.secret ? 'password' : 'text'}
        inputMode="numeric"
        autoComplete={props.autoComplete}
        maxLength={maxLength}
        value={props.value}
        aria-invalid={props.invalid}
        aria-describedby={props.alsoDescribedBy ? `${hintId} ${props.alsoDescribedBy}` : hintId}
        onChange={(event) => onChange(event.target.value.replace(/\D/g, '').slice(0, maxLength))}
      />
    </>
  );
}
