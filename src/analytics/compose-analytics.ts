import type { Clock } from '../clock.ts';
import type { Db } from '../db/connect.ts';
import type { Logger } from '../logger.ts';
import { monthsBefore, utcDay } from './analytics-day.ts';
import { createAnalyticsRecorder, type AnalyticsRecorder } from './analytics-recorder.ts';
import { purgeAnalyticsBefore } from './analytics.repository.ts';

const MAINTENANCE_INTERVAL_MS = 60 * 60 * 1000;

export interface Analytics {
  recorder: AnalyticsRecorder;
  /** Deletes counts and queries older than the retention; returns the rows deleted. */
  purgeExpired(): Promise<number>;
  /** Flushing and, hourly, the day key's destruction after midnight and the retention purge. */
  start(): void;
  close(): Promise<void>;
}

export function composeAnalytics({ db, clock, logger, retentionMonths }: { db: Db; clock: Clock; logger: Logger; retentionMonths: number }): Analytics {
  const recorder = createAnalyticsRecorder({ db, clock, logger });
  let timer: NodeJS.Timeout | undefined;

  const purgeExpired = () => purgeAnalyticsBefore(db, monthsBefore(utcDay(clock.now()), retentionMonths));
  async function maintain(): Promise<void> {
    // A flush with nothing queued still destroys yesterday's key once the day has turned.
    await recorder.flush();
    const deleted = await purgeExpired();
    if (deleted > 0) logger.info({ deleted, retentionMonths }, 'analytics past their retention deleted');
  }
  const maintainLogged = () => void maintain().catch((error: unknown) => logger.warn({ err: error }, 'analytics maintenance failed'));

  return {
    recorder,
    purgeExpired,
    start() {
      recorder.start();
      if (timer) return;
      maintainLogged();
      timer = setInterval(maintainLogged, MAINTENANCE_INTERVAL_MS);
      timer.unref();
    },
    async close() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await recorder.close();
    },
  };
}
