import type { z } from 'zod';

/** A bad command-line argument; the CLI prints its message as one line and exits 1. */
export class CliArgumentError extends Error {
  override name = 'CliArgumentError';
}

/** Commander hands over strings; the command's zod schema checks and converts them. */
export function parseCliArguments<Schema extends z.ZodType>(schema: Schema, values: unknown): z.output<Schema> {
  const result = schema.safeParse(values);
  if (!result.success) {
    const issue = result.error.issues[0];
    const name = issue?.path.join('.') || 'argument';
    throw new CliArgumentError(`invalid ${name}: ${issue?.message ?? 'invalid value'}`);
  }
  return result.data;
}
