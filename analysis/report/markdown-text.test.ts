import { describe, expect, it } from 'vitest';
import { markdownText, plainFromMarkdownText } from './markdown-text.ts';
import { markdownToHtml } from '#dashboard/server/delivery/render-mail.ts';

describe('ticket data in the report Markdown', () => {
  const name = '<img src=x onerror=alert(1)> & co &lt;';

  it('is written with entities, so a viewer shows the characters and runs nothing', () => {
    expect(markdownText(name)).toBe('&lt;img src=x onerror=alert(1)&gt; & co &amp;lt;');
    expect(plainFromMarkdownText(markdownText(name))).toBe(name);
  });

  it('is escaped once in the e-mailed HTML', () => {
    const html = markdownToHtml(`| Request type |\n| --- |\n| ${markdownText(name)} |`);
    expect(html).toContain('<td>&lt;img src=x onerror=alert(1)&gt; &amp; co &amp;lt;</td>');
    expect(html).not.toContain('<img');
  });
});
