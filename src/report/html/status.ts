import { STATUS_CODES } from 'node:http';
import type { RunReport } from '../../run-report.js';
import { escapeHtml } from './escape.js';

interface StatusRow {
  label: string;
  detail: string;
  count: number;
  colour: string;
}

const CLASS_COLOURS: Record<string, string> = { '1': 'grey', '2': 'green', '3': 'sky', '4': 'amber', '5': 'red' };

function rows(report: RunReport): StatusRow[] {
  const statuses = Object.entries(report.status ?? {})
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([code, count]) => ({ label: code, detail: STATUS_CODES[Number(code)] ?? '', count, colour: CLASS_COLOURS[code[0] ?? ''] ?? 'grey' }));
  const transport = Object.entries(report.transportErrors ?? {})
    .sort(([, a], [, b]) => b - a)
    .map(([kind, count]) => ({ label: kind, detail: 'no HTTP answer', count, colour: 'purple' }));
  return [...statuses, ...transport].filter((r) => r.count > 0);
}

const share = (count: number, total: number) => (total ? (count / total) * 100 : 0);

/** Status codes and transport failures: one stacked bar for the mix, one row per outcome. Pure. */
export function statusHtml(report: RunReport): string {
  const all = rows(report);
  if (!all.length) return '<p class="muted">No request completed, so there is no status to show.</p>';
  const total = all.reduce((sum, r) => sum + r.count, 0);
  const stacked = all
    .map((r) => `<span class="seg c-${r.colour}" style="width:${share(r.count, total).toFixed(3)}%" title="${escapeHtml(`${r.label}: ${r.count.toLocaleString('en-US')}`)}"></span>`)
    .join('');
  const largest = Math.max(...all.map((r) => r.count));
  const table = all
    .map(
      (r) => `<tr><th><span class="swatch c-${r.colour}"></span>${escapeHtml(r.label)} <span class="muted">${escapeHtml(r.detail)}</span></th>`
        + `<td class="bar-cell"><span class="hbar c-${r.colour}" style="width:${share(r.count, largest).toFixed(2)}%"></span></td>`
        + `<td>${r.count.toLocaleString('en-US')}</td><td class="muted">${share(r.count, total).toFixed(2)}%</td></tr>`,
    )
    .join('\n');
  return `<div class="stacked" role="img" aria-label="status distribution">${stacked}</div>
<div class="table-wrap"><table class="status-table" id="status-table"><tbody>
${table}
</tbody></table></div>`;
}
