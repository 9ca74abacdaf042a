import type { Bindings, ChildLoggerOptions } from 'pino';
import type { Logger } from '../logger.ts';
import type { ErrorReporter } from './error-reporter.ts';

/**
 * The logger background work receives: whatever it logs at error level with an `err` (a failed
 * crawl run, a maintenance job, the job queue) is also grouped as an unexpected error. Children
 * made from it report too. HTTP errors are reported by the error mapper instead, with their route.
 */
const pinoError = new WeakMap<object, object>();

export function reportingErrors(logger: Logger, reporter: ErrorReporter): Logger {
  // pino's own child(), taken before any instance has it replaced below.
  const pinoChild = logger.child as unknown as (this: Logger, bindings: Bindings, options?: ChildLoggerOptions) => Logger;
  const childOf = (parent: Logger, bindings: Bindings, options?: ChildLoggerOptions): Logger => pinoChild.call(parent, bindings, options);

  const wrap = (instance: Logger): Logger => {
    // A child inherits its parent's error(): wrap pino's own, so each error is reported once.
    const logError = (pinoError.get(instance.error) ?? instance.error) as (this: Logger, ...args: unknown[]) => void;
    const reportingError = ((first: unknown, ...rest: unknown[]) => {
      if (typeof first === 'object' && first !== null && 'err' in first && first.err !== undefined) {
        reporter.report(first.err, { origin: 'background', ...(typeof rest[0] === 'string' ? { context: rest[0] } : {}) });
      }
      logError.call(instance, first, ...rest);
    }) as Logger['error'];
    pinoError.set(reportingError, logError);
    instance.error = reportingError;
    // pino's child() is generic over custom levels, which this app does not use.
    instance.child = ((bindings: Bindings, options?: ChildLoggerOptions) => wrap(childOf(instance, bindings, options))) as unknown as Logger['child'];
    return instance;
  };
  return wrap(childOf(logger, {}));
}
