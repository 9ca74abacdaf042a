import type { z } from 'zod';
import { ValidationError } from '../../errors.ts';

/**
 * Parses untrusted input at the HTTP edge. Every problem is reported with the field at
 * fault, so clients (and our own forms) can show the message next to the right input.
 */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({
    // `aspect.0` → `aspect`: clients name the parameter, not the position in a repeated one.
    field: issue.path.filter((segment) => typeof segment !== 'number').join('.') || 'body',
    message: issue.message,
  }));
  const first = issues[0]!;
  return (() => {
    throw new ValidationError(`${first.field}: ${first.message}`, first.field, issues);
  })();
}
