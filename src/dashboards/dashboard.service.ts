import { addDays, utcDay } from '../analytics/analytics-day.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/connect.ts';
import { NotFoundError } from '../errors.ts';
import type { Dashboard, DashboardPanel } from './dashboard.ts';
import { operationsPanels } from './operations-panels.ts';
import { usagePanels } from './usage-panels.ts';

export interface DashboardService {
  /** Every panel for the last `days` UTC days, today included. */
  build(days: number): Promise<Dashboard>;
  /** One panel, for its CSV. */
  panel(id: string, days: number): Promise<DashboardPanel>;
}

export function createDashboardService({ db, clock }: { db: Db; clock: Clock }): DashboardService {
  async function build(days: number): Promise<Dashboard> {
    const to = utcDay(clock.now());
    const from = addDays(to, -(days - 1));
    const [usage, operations] = await Promise.all([usagePanels(db, { from, to }), operationsPanels(db, { from, to })]);
    return { from, to, days, panels: [...usage, ...operations] };
  }
  return {
    build,
    async panel(id, days) {
      const panel = (await build(days)).panels.find((candidate) => candidate.id === id);
      if (!panel) throw new NotFoundError('No dashboard panel by this name');
      return panel;
    },
  };
}
