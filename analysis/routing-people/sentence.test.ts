import { describe, expect, it } from 'vitest';
import { routingSentence } from './sentence.ts';

const pct = (x: number) => `${Math.round(x * 100)} %`;
const people = (...handoffs: number[]) => handoffs.map((h) => ({ handoffs: h }));
const types = (...names: string[]) => names.map((request_type) => ({ request_type }));

describe('routingSentence', () => {
  it('says what share the top three carry and how many request types hang on one person', () => {
    const r = { top1_share: 0.38, top3_share: 0.61, people: people(50, 30, 20, 10, 0), dependent_request_types: types('A', 'B', 'A') };
    expect(routingSentence(r, pct)).toBe('3 people make 61 % of all handoffs; 2 request types reach their owner mostly through one of them.');
  });

  it('speaks of one person and of no dependent request type in the singular', () => {
    expect(routingSentence({ top1_share: 1, top3_share: 1, people: people(4), dependent_request_types: types('A') }, pct)).toBe(
      'One person makes 100 % of all handoffs; 1 request type reaches its owner mostly through them.',
    );
    expect(routingSentence({ top1_share: 0.6, top3_share: 1, people: people(3, 2), dependent_request_types: [] }, pct)).toBe(
      '2 people make 100 % of all handoffs; no request type reaches its owner mostly through one person.',
    );
    expect(routingSentence({ top1_share: 0, top3_share: 0, people: people(0), dependent_request_types: [] }, pct)).toBe('No one handed a ticket on to another department.');
  });
});
