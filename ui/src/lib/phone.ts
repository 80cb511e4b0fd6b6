// Mirrors the core's normalise_phone / is_valid_phone so the form can warn before saving.

/** Drops the spaces and dashes people type, when the rest is digits. */
export function normalisePhone(text: string): string {
  const trimmed = text.trim();
  return /^[\d -]*$/.test(trimmed) ? trimmed.replace(/[ -]/g, "") : trimmed;
}

/** A mainland mobile (11 digits, 13–19…) or a landline with its area code (0 + 9–11 digits). */
export function isValidPhone(text: string): boolean {
  const digits = normalisePhone(text);
  return /^1[3-9]\d{9}$/.test(digits) || /^0[1-9]\d{8,10}$/.test(digits);
}
