import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/** Logs go to stdout for servers; the CLI passes stderr so its own output stays clean. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      // Emails and raw addresses must never reach logs; redact the usual carriers defensively.
      redact: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]', '*.email', '*.password'],
    },
    destination ?? pino.destination(1),
  );
}

export function createCliLogger(level: string): Logger {
  return createLogger(level, pino.destination(2));
}
