/**
 * The e-mail a scheduled report arrives as: a short text body with the headline figures and
 * a link back, and the whole report attached as a self-contained HTML page. The page is the
 * report's Markdown turned into headings, paragraphs and tables, every value escaped (ticket
 * text is data, never markup). When the server could print it (Chromium installed), the
 * board report's PDF is attached too; when not, a line in the text says why it is missing.
 * Pure: the report and the printed bytes in, the message parts out.
 */
import { reportToMarkdown, type GuardedReport, type Report } from '#analysis/report/report.ts';
import { plainFromMarkdownText } from '#analysis/report/markdown-text.ts';

export interface MailAttachment {
  filename: string;
  content: string | Buffer;
  contentType: string;
}

export interface ReportMail {
  subject: string;
  text: string;
  /** The HTML report. */
  attachment: MailAttachment;
  /** The HTML report, then the PDF when there is one. */
  attachments: MailAttachment[];
}

/** The board PDF for the mail: its bytes, or why there are none (said in the text). */
export type MailPdf = { pdf: Buffer } | { missing: string };

export interface MailContext {
  scheduleName: string;
  period: { from: string; to: string };
  /** The dashboard's address, for the link back. */
  dashboardUrl: string;
  department?: string;
}

const escapeHtml = (s: string) =>
  s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');

function cells(line: string): string[] {
  return line.trim().replace(/^\|/, '').replace(/\|$/, '').split('|').map((c) => c.trim());
}

/** Markdown text (its entities written by analysis/report/markdown-text.ts) as escaped HTML. */
const fromMarkdown = (md: string) => escapeHtml(plainFromMarkdownText(md));

/** Markdown of the shape reportToMarkdown writes (headings, paragraphs, lists, pipe tables) as HTML. */
export function markdownToHtml(markdown: string): string {
  const out: string[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const heading = /^(#{1,4})\s+(.*)$/.exec(line);
    if (heading) {
      out.push(`<h${heading[1].length}>${fromMarkdown(heading[2])}</h${heading[1].length}>`);
    } else if (line.startsWith('|')) {
      const rows: string[][] = [];
      for (; i < lines.length && lines[i].startsWith('|'); i++) if (!/^\|[\s:|-]+\|?$/.test(lines[i])) rows.push(cells(lines[i]));
      i--;
      const [head, ...body] = rows;
      out.push('<table>', `<thead><tr>${head.map((c) => `<th>${fromMarkdown(c)}</th>`).join('')}</tr></thead>`, '<tbody>');
      for (const r of body) out.push(`<tr>${r.map((c) => `<td>${fromMarkdown(c)}</td>`).join('')}</tr>`);
      out.push('</tbody></table>');
    } else if (/^[-*]\s+/.test(line)) {
      const items: string[] = [];
      for (; i < lines.length && /^[-*]\s+/.test(lines[i]); i++) items.push(`<li>${fromMarkdown(lines[i].replace(/^[-*]\s+/, ''))}</li>`);
      i--;
      out.push(`<ul>${items.join('')}</ul>`);
    } else if (line.trim()) {
      out.push(`<p>${fromMarkdown(line)}</p>`);
    }
  }
  return out.join('\n');
}

export const pdfFilename = (day: string) => `switchboard-report-${day}.pdf`;

export function renderReportMail(report: Report | GuardedReport, ctx: MailContext, pdf: MailPdf = { missing: 'the server has no Chromium to print it' }): ReportMail {
  const scope = ctx.department ? `${ctx.department} (department view)` : 'the district';
  const period = `${ctx.period.from} to ${ctx.period.to}`;
  const s = report.summary;
  const text = [
    `Switchboard report for ${scope}, ${period}.`,
    '',
    `Tickets: ${s.tickets}. Misrouted: ${s.misrouted_tickets}. Coordination cost: ${s.coordination_cost}.`,
    '',
    'pdf' in pdf
      ? `The full report is attached (PDF for printing, and HTML). The dashboard: ${ctx.dashboardUrl}`
      : `The full report is attached (HTML). The dashboard: ${ctx.dashboardUrl}\nNo PDF is attached: ${pdf.missing}.`,
    `You receive this as a recipient of the schedule "${ctx.scheduleName}".`,
  ].join('\n');
  const title = `Switchboard report, ${period}`;
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font:14px/1.4 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}table{border-collapse:collapse;margin:1rem 0}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left}</style>
</head><body>
${markdownToHtml(reportToMarkdown(report))}
<p><a href="${escapeHtml(ctx.dashboardUrl)}">Open the dashboard</a></p>
</body></html>
`;
  const attachment = { filename: `switchboard-report-${ctx.period.from}-to-${ctx.period.to}.html`, content: html, contentType: 'text/html; charset=utf-8' };
  return {
    subject: `Switchboard report: ${scope}, ${period}`,
    text,
    attachment,
    attachments: 'pdf' in pdf ? [attachment, { filename: pdfFilename(ctx.period.to), content: pdf.pdf, contentType: 'application/pdf' }] : [attachment],
  };
}
