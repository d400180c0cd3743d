/**
 * Svelte 5 drops the whitespace that opens or closes a block's content, so text written
 * `hours{#if reached} (reached …){/if}` renders as "hours(reached …)" and
 * `{group}{#if dept} ({dept}){/if}` as "Desk(Technology)". Where the block sits right
 * against text, the space has to be an expression: `{#if reached}{' '}(reached …)`.
 * This reads every component for a block opened or closed against text with a bare space
 * on the inside.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = import.meta.dirname;

function svelteFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? svelteFiles(join(dir, e.name)) : e.name.endsWith('.svelte') ? [join(dir, e.name)] : [],
  );
}

/** `x{#if c} text`, `x{:else} text`: text right before the block, and a space Svelte drops inside it. */
const OPENS_ON_SPACE = /\S(\{(?:#if|#each|:else)[^}]*\})[ \t]+\S/g;
/** `text {/if}x`: the space before the block's end is dropped too. */
const CLOSES_ON_SPACE = /[^\s>][ \t]+(\{(?:\/if|\/each|:else)[^}]*\})\S/g;

export function droppedSpaces(source: string): string[] {
  const found: string[] = [];
  for (const [i, line] of source.split('\n').entries()) {
    for (const m of line.matchAll(OPENS_ON_SPACE)) found.push(`line ${i + 1}: ${m[0]}`);
    for (const m of line.matchAll(CLOSES_ON_SPACE)) found.push(`line ${i + 1}: ${m[0]}`);
  }
  return found;
}

describe('spaces at the edge of a Svelte block', () => {
  it('finds the two glitches as they were written', () => {
    expect(droppedSpaces('<dd>{h(b)} in business hours{#if o.ownerReachedAt} (reached {dateTime(o.ownerReachedAt)}){/if}</dd>')).toEqual([
      'line 1: s{#if o.ownerReachedAt} (',
    ]);
    expect(droppedSpaces('to <strong>{e.groupAfter}</strong>{#if e.department} ({e.department}){/if}')).toEqual(['line 1: >{#if e.department} (']);
    expect(droppedSpaces('{a}{#if b}{\' \'}({b}){/if} and {#if c}c{/if}')).toEqual([]);
  });

  it('are written as expressions in every component', () => {
    const found = svelteFiles(ROOT).flatMap((f) => droppedSpaces(readFileSync(f, 'utf8')).map((d) => `${relative(ROOT, f)} ${d}`));
    expect(found).toEqual([]);
  });
});
