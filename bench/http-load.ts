/** Drives a list of GET paths with autocannon for a fixed time and reports exact percentiles. */
import autocannon from 'autocannon';

export interface LoadResult {
  requests: number;
  requestsPerSecond: number;
  errors: number;
  non2xx: number;
  p50: number;
  p95: number;
  p99: number;
}

export async function driveHttp(base: string, paths: readonly string[], seconds: number, connections: number): Promise<LoadResult> {
  const latencies: number[] = [];
  // All connections walk the one list together, so each query is asked once per pass rather
  // than every connection repeating the same first queries.
  let cursor = 0;
  const nextPath = () => paths[cursor++ % paths.length] ?? '/';
  let finish: (result: autocannon.Result) => void = () => {};
  let fail: (error: Error) => void = () => {};
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  const instance = autocannon(
    {
      url: base,
      connections,
      duration: seconds,
      requests: [{ method: 'GET', setupRequest: (request) => ({ ...request, path: nextPath() }) }],
    },
    (error, result) => (error ? fail(error) : finish(result)),
  );
  // autocannon's own table stops at p97.5; keep every response time to report p95 exactly.
  instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => {
    latencies.push(responseTime);
  });
  const result = await done;
  latencies.sort((a, b) => a - b);
  const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
  return {
    requests: result.requests.total,
    requestsPerSecond: result.requests.total / seconds,
    errors: result.errors,
    non2xx: result.non2xx,
    p50: at(50),
    p95: at(95),
    p99: at(99),
  };
}
