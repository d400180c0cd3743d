/**
 * Where an ingest's time went, from the CLI's summary line
 * `time: reading 4.1 s, staging 21.3 s, writing 25.4 s, committing 3.7 s, figures 15.2 s`.
 */
export function importPhases(stderr: string): Record<string, number> {
  const line = /^\s*time: (.*)$/m.exec(stderr)?.[1] ?? '';
  return Object.fromEntries([...line.matchAll(/(\w+) ([\d.]+) s/g)].map((m) => [m[1], Number(m[2])]));
}
