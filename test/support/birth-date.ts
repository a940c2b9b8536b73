// A holder's birth date as reports could spell it, from the national number (YYMMDD…, the check digits
// telling the century): ISO as the card library reads it, and day first as people write it.
export function birthDateSpellings(nationalNumber: string): { iso: string; dayFirst: string } {
  const [yy, mm, dd] = [nationalNumber.slice(0, 2), nationalNumber.slice(2, 4), nationalNumber.slice(4, 6)];
  const check = Number(nationalNumber.slice(9, 11));
  const century = check === 97 - Number(BigInt(nationalNumber.slice(0, 9)) % 97n) ? '19' : '20';
  return { iso: `${century}${yy}-${mm}-${dd}`, dayFirst: `${dd}.${mm}.${century}${yy}` };
}
