import { createHash } from 'node:crypto';
import { scrubPersonalData } from './scrub.ts';

/** How much of a stack is kept as the sample, and how many frames decide the group. */
const MAX_STACK_CHARS = 8000;
const FINGERPRINT_FRAMES = 5;

export interface DescribedError {
  fingerprint: string;
  type: string;
  /** Scrubbed. */
  message: string;
  /** Scrubbed, paths relative to the project, at most MAX_STACK_CHARS. */
  stack: string;
}

/**
 * One failure, however often it happens, with whatever ids or words it quotes: the error's type,
 * its message with numbers, ids and quoted text blanked, and its top frames without line numbers
 * (so a redeploy that moves lines keeps the group).
 */
export function describeError(error: unknown, projectRoot: string): DescribedError {
  const type = error instanceof Error ? error.name : typeof error;
  const rawMessage = error instanceof Error ? error.message : String(error);
  const message = scrubPersonalData(rawMessage).slice(0, 1000);
  const stack = scrubPersonalData(relativePaths(error instanceof Error ? (error.stack ?? `${type}: ${rawMessage}`) : `${type}: ${rawMessage}`, projectRoot)).slice(0, MAX_STACK_CHARS);
  const frames = stack
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    .slice(0, FINGERPRINT_FRAMES)
    .map((line) => line.trim().replace(/:\d+(?::\d+)?(\)?)$/, '$1'));
  const fingerprint = createHash('sha256').update([type, messageTemplate(message), ...frames].join('\n')).digest('hex').slice(0, 32);
  return { fingerprint, type, message, stack };
}

function messageTemplate(message: string): string {
  return message
    .replace(/(["'`]).*?\1/g, '$1…$1')
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<uuid>')
    .replace(/\d+/g, '<n>');
}

function relativePaths(stack: string, projectRoot: string): string {
  const root = projectRoot.endsWith('/') ? projectRoot : `${projectRoot}/`;
  return stack.split(`file://${root}`).join('').split(root).join('');
}
