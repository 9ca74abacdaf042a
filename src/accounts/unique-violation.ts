/** PostgreSQL's unique_violation on the named constraint (pg errors carry `code` and `constraint`). */
export function isUniqueViolation(error: unknown, constraint: string): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === '23505' && 'constraint' in error && error.constraint === constraint;
}
