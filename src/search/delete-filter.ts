import { ValidationError } from '../errors.ts';
import type { DeleteFilter } from './search-index.ts';

/** An empty filter would match every document: refuse it rather than wipe the index. */
export function assertDeleteFilterNotEmpty(filter: DeleteFilter): void {
  if (filter.source === undefined && filter.authorHandle === undefined) {
    throw new ValidationError('deleteByFilter needs a source or an authorHandle', 'filter');
  }
}
