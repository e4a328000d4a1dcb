/** What a run reports: the table's rows, the commands it ran and its notes, and how figures are written. */
import { progress } from './lib.ts';

export interface Row {
  what: string;
  figure: string;
  target: string;
  ratio: string;
  /** Met, missed, or a figure with no target. */
  verdict: '✅' | '❌' | '';
}

export class Report {
  readonly rows: Row[] = [];
  readonly commands: string[] = [];
  readonly notes: string[] = [];

  addRow(what: string, figure: string, target = '', ratio = '', verdict: Row['verdict'] = ''): void {
    this.rows.push({ what, figure, target, ratio, verdict });
    progress(
      'result',
      `${what}: ${figure}${target === '' ? '' : ` (target ${target}${ratio === '' ? '' : `, ${ratio}`})`}`,
    );
  }

  recordCommand(line: string): void {
    this.commands.push(line);
  }

  addNote(note: string): void {
    this.notes.push(note);
  }
}

export function fixed(value: number, digits = 0): string {
  return value.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function kilobytes(bytes: number): string {
  return `${fixed(bytes / 1024, 1)} KB`;
}
