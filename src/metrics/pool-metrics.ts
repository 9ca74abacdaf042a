import { Gauge, type Registry } from 'prom-client';

/** What pg.Pool tells about itself (totalCount, idleCount, waitingCount). */
export interface PoolUse {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
  options: { max?: number };
}

/** This process's database connections: in use, idle, the cap, and queries waiting for one. */
export function registerPoolMetrics(registry: Registry, pool: PoolUse): void {
  const registers = [registry];
  new Gauge({
    name: 'artsift_db_pool_connections',
    help: 'Database connections of this process by state (in_use, idle)',
    labelNames: ['state'] as const,
    registers,
    collect() {
      this.set({ state: 'in_use' }, pool.totalCount - pool.idleCount);
      this.set({ state: 'idle' }, pool.idleCount);
    },
  });
  new Gauge({
    name: 'artsift_db_pool_max_connections',
    help: 'The most connections this process opens',
    registers,
    collect() {
      this.set(pool.options.max ?? 10);
    },
  });
  new Gauge({
    name: 'artsift_db_pool_waiting_queries',
    help: 'Queries of this process waiting for a free connection',
    registers,
    collect() {
      this.set(pool.waitingCount);
    },
  });
}
