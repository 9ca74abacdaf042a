import express, { type RequestHandler } from 'express';
import { ValidationError } from '../../errors.ts';

/**
 * Control characters (except tab, line feed, carriage return) and unpaired UTF-16 surrogates
 * are refused in every text artsift accepts: PostgreSQL cannot store NUL or a lone surrogate
 * (the request would fail as a 500), and none of them belongs in a name, a reason or a prompt.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const BAD_TEXT_MESSAGE = 'must not contain control characters or unpaired surrogates';

export function isCleanText(text: string): boolean {
  return !CONTROL.test(text) && !LONE_SURROGATE.test(text);
}

/** The first field (dotted path, array positions left out as parseInput does) holding bad text. */
function findBadText(value: unknown, path: string[], depth = 0): string | undefined {
  if (typeof value === 'string') return isCleanText(value) ? undefined : path.join('.') || 'body';
  if (depth > 32 || value === null || typeof value !== 'object') return undefined;
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = findBadText(item, path, depth + 1);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  for (const [key, item] of Object.entries(value)) {
    const here = [...path, isCleanText(key) ? key : '(key)'];
    if (!isCleanText(key)) return here.join('.');
    const found = findBadText(item, here, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Throws a 400 naming the field when any text inside `input` is not clean. */
export function assertCleanInput(input: unknown): void {
  const field = findBadText(input, []);
  if (field !== undefined) throw new ValidationError(`${field}: ${BAD_TEXT_MESSAGE}`, field);
}

/** express.json followed by the clean-text check, for every JSON body the API accepts. */
export function jsonBody(options: { limit: string | number }): RequestHandler {
  const parse = express.json(options);
  return (req, res, next) => {
    parse(req, res, (error?: unknown) => {
      if (error) return next(error);
      try {
        assertCleanInput(req.body);
      } catch (refused) {
        return next(refused);
      }
      next();
    });
  };
}

/** The same check for every query string, mounted once before the routers. */
export const cleanQuery: RequestHandler = (req, _res, next) => {
  assertCleanInput(req.query);
  next();
};
