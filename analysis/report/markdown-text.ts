/**
 * Ticket data written into the report's Markdown. Names and subjects come from the
 * district's exports and may hold HTML; a Markdown viewer renders raw HTML, so `<` and `>`
 * are written as entities, which every viewer shows as the characters themselves. An `&`
 * stays as it is ("Facilities & Maintenance") unless it would start an entity.
 */
export function markdownText(text: string): string {
  return text.replace(/&(?=#?[A-Za-z0-9]+;)/g, '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** The text back from `markdownText` (for a renderer that escapes its own output). */
export function plainFromMarkdownText(text: string): string {
  return text.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');
}
