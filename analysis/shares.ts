/** part / whole, 0 when there is nothing to divide (every share in the figures). */
export const share = (part: number, whole: number): number => (whole === 0 ? 0 : part / whole);
