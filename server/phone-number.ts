// Phone numbers as customers type them, normalised to E.164. Belgian national forms (0470 12 34 56,
// 0032 …) become +32…; other countries must be given in international form.
export function normalisePhone(input: string): string | null {
  const compact = input.replace(/[\s./()-]/g, '');
  let e164: string;
  if (/^\+\d+$/.test(compact)) e164 = compact;
  else if (/^00\d+$/.test(compact)) e164 = `+${compact.slice(2)}`;
  else if (/^0\d{8,9}$/.test(compact)) e164 = `+32${compact.slice(1)}`;
  else return null;
  if (!/^\+[1-9]\d{7,14}$/.test(e164)) return null;
  // Belgian numbers: 8 digits after 32 for land lines, 9 for mobiles (04xx).
  if (e164.startsWith('+32') && !/^\+32(4\d{8}|[1-9]\d{7})$/.test(e164)) return null;
  return e164;
}
