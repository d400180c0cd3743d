/**
 * Per-account sign-in lockout with backoff. The rate limit counts per client address, so
 * guesses spread over many addresses were never slowed; this counts per email address,
 * whoever sends it. The `freeFailures`th wrong password in a row locks the account for
 * `baseLockMs`, doubling with each further failure up to `maxLockMs`. While locked, a
 * sign-in is refused before its password is checked (a right password too: otherwise the
 * lock would answer the guess). A success clears the count.
 *
 * Emails that do not exist are counted the same, so the answers tell nothing about which
 * accounts exist. Kept in memory (one server process owns the database): a restart clears
 * it, and the map is bounded so that random emails cannot grow it without end.
 */

export interface LockoutOptions {
  freeFailures: number;
  baseLockMs: number;
  maxLockMs: number;
  /** Entries not touched for this long are forgotten. */
  forgetMs: number;
  maxEntries: number;
}

export const DEFAULT_LOCKOUT: LockoutOptions = {
  freeFailures: 5,
  baseLockMs: 60_000,
  maxLockMs: 60 * 60_000,
  forgetMs: 24 * 60 * 60_000,
  maxEntries: 10_000,
};

interface Entry {
  failures: number;
  lockedUntil: number;
  touched: number;
}

export class SignInLockout {
  private readonly entries = new Map<string, Entry>();
  constructor(
    readonly options: LockoutOptions = DEFAULT_LOCKOUT,
    private readonly now: () => number = Date.now,
  ) {}

  private key(email: string): string {
    return email.trim().toLowerCase();
  }

  /** Milliseconds until the account may try again; 0 when it may now. */
  lockedFor(email: string): number {
    const entry = this.entries.get(this.key(email));
    return entry ? Math.max(0, entry.lockedUntil - this.now()) : 0;
  }

  /** Counts a wrong password; returns the lock it starts (0 for the first `freeFailures - 1`). */
  fail(email: string): number {
    const key = this.key(email);
    const now = this.now();
    const entry = this.entries.get(key) ?? { failures: 0, lockedUntil: 0, touched: now };
    if (now - entry.touched > this.options.forgetMs) entry.failures = 0;
    entry.failures++;
    entry.touched = now;
    const over = entry.failures - this.options.freeFailures;
    const lock = over < 0 ? 0 : Math.min(this.options.maxLockMs, this.options.baseLockMs * 2 ** over);
    entry.lockedUntil = now + lock;
    this.entries.delete(key);
    this.entries.set(key, entry);
    this.prune(now);
    return lock;
  }

  succeed(email: string): void {
    this.entries.delete(this.key(email));
  }

  private prune(now: number): void {
    for (const [key, entry] of this.entries) {
      if (this.entries.size <= this.options.maxEntries && now - entry.touched <= this.options.forgetMs) break;
      // Oldest first (a Map keeps insertion order, and fail() re-inserts): unlocked ones go.
      if (entry.lockedUntil <= now || this.entries.size > this.options.maxEntries * 2) this.entries.delete(key);
    }
  }
}
