import type { DataTable } from './dashboard.ts';

/**
 * RFC 4180 CSV. Stored queries are visitors' text: a cell that a spreadsheet would run as a
 * formula (starting with = + - @, tab or CR) is prefixed with an apostrophe, as OWASP advises.
 */
export function toCsv({ columns, rows }: DataTable): string {
  const cell = (value: string | number | null): string => {
    if (value === null) return '';
    if (typeof value === 'number') return String(value);
    const defused = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
    return /[",\r\n]/.test(defused) ? `"${defused.replace(/"/g, '""')}"` : defused;
  };
  return [columns, ...rows].map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}
