import { describe, expect, it } from 'vitest';
import { loadOverviewHeadline } from './overview-queries.ts';

/** A fetch that answers every figure with an empty shape and records the URLs asked for. */
function recordingFetch(asked: string[]): typeof fetch {
  return (async (input: RequestInfo | URL) => {
    const url = String(input);
    asked.push(url);
    const path = url.split('?')[0];
    const body = path.endsWith('/summary')
      ? { summary: { tickets: url.includes('2023-') ? 90 : 100 }, assumptions: {} }
      : path.endsWith('/flows') ? { flows: [] } : path.endsWith('/trend') ? { periods: [] } : path.endsWith('/departments') ? { departments: [] } : path.endsWith('/ownership-gaps') ? { gaps: [] } : { themes: [] };
    return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
}

describe('the overview figures', () => {
  it('ask for the same filters a year earlier when the dates are a range', async () => {
    const asked: string[] = [];
    const o = await loadOverviewHeadline(recordingFetch(asked), new URLSearchParams('from=2024-09-01&to=2024-09-30&location=Lincoln'));
    expect(asked).toContain('/api/figures/summary?from=2023-09-01&to=2023-09-30&location=Lincoln');
    expect(o.yearBefore).toMatchObject({ from: '2023-09-01', to: '2023-09-30', summary: { summary: { tickets: 90 } } });
  });

  it('compare with nothing when the dates are open', async () => {
    const asked: string[] = [];
    const o = await loadOverviewHeadline(recordingFetch(asked), new URLSearchParams('from=2024-09-01'));
    expect(asked.filter((u) => u.startsWith('/api/figures/summary'))).toEqual(['/api/figures/summary?from=2024-09-01']);
    expect(o.yearBefore).toBeNull();
  });
});
