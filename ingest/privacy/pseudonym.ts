/**
 * Keyed pseudonyms for people (requesters, staff acting on tickets), computed inside
 * DuckDB so bulk rows never pass through JavaScript.
 *
 * DuckDB has no HMAC function, and a plain sha256(key || name) is open to length
 * extension and is not what anyone can audit against a standard. So this builds
 * HMAC-SHA256 (RFC 2104) from DuckDB's sha256 over BLOBs:
 *   H((K xor opad) || H((K xor ipad) || message))
 * with K the UTF-8 bytes of the per-install key, zero-padded to the 64-byte block. The
 * XOR runs on the BIT type (BLOB -> BIT -> xor -> BLOB). The key is a bound parameter,
 * never spliced into the text; it must be at most 64 bytes (install keys are 64 hex
 * characters), which `checkPseudonymKey` enforces.
 */

const BLOCK = 64;

export function checkPseudonymKey(key: string): void {
  const bytes = Buffer.byteLength(key, 'utf8');
  if (bytes < 16 || bytes > BLOCK) throw new Error(`the pseudonym key must be 16 to ${BLOCK} bytes, got ${bytes}`);
}

/** The 64-byte block of `keyParam` (a `$name` bound parameter) XOR a repeated pad byte. */
function paddedKeyXor(keyParam: string, padBits: string): string {
  const block = `(encode(${keyParam}) || unhex(repeat('00', ${BLOCK} - octet_length(encode(${keyParam})))))`;
  return `xor(${block}::BIT, repeat('${padBits}', ${BLOCK})::BIT)::BLOB`;
}

/** HMAC-SHA256 of the VARCHAR `messageExpr`, keyed by the bound `keyParam`, as 64 hex digits. */
export function hmacSha256Sql(messageExpr: string, keyParam = '$pseudonym_key'): string {
  const inner = `unhex(sha256(${paddedKeyXor(keyParam, '00110110')} || encode(${messageExpr})))`;
  return `sha256(${paddedKeyXor(keyParam, '01011100')} || ${inner})`;
}

/**
 * `person-` and the first 10 hex digits of the HMAC of the trimmed, lower-cased name or
 * address: the same person gets the same pseudonym in every import of one install, and a
 * different one in another install. Empty values stay NULL (no person).
 */
export function pseudonymSql(expr: string, keyParam = '$pseudonym_key'): string {
  return `CASE WHEN nullif(trim(${expr}), '') IS NULL THEN NULL ELSE 'person-' || left(${hmacSha256Sql(`lower(trim(${expr}))`, keyParam)}, 10) END`;
}
