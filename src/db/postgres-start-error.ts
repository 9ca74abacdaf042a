/**
 * The embedded PostgreSQL could not be started. The message is one sentence for the operator
 * (what failed and what to do); main.ts, the CLI and the worker print it alone, without a stack.
 */
export class PostgresStartError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PostgresStartError';
  }
}

/** A failing process's output reduced to the line that says why (PostgreSQL's FATAL/ERROR). */
export function keyLine(output: string): string {
  const lines = output
    .split('\n')
    .map((line) => line.replace(/^\d{4}-\d\d-\d\d [\d:.]+ \w+ \[\d+\] /, '').trim())
    .filter((line) => line.length > 0);
  const reason = lines.find((line) => /^(FATAL|PANIC|ERROR|initdb: error|postgres: )/.test(line)) ?? lines.at(-1) ?? 'no output';
  return reason.length > 300 ? `${reason.slice(0, 300)}…` : reason;
}
