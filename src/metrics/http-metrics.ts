import { Histogram, type Registry } from 'prom-client';

export interface HttpRequestLabels {
  method: string;
  /** A route template ("/a/:id"), never a URL. */
  route: string;
  status: string;
}

/** Starts timing one request; the returned function records it with its labels. */
export type HttpRequestTimer = () => (labels: HttpRequestLabels) => void;

/** Request durations by method, route template and status; registered on `registry`. */
export function createHttpRequestTimer(registry: Registry): HttpRequestTimer {
  const duration = new Histogram({
    name: 'artsift_http_request_duration_seconds',
    help: 'HTTP request duration by route template (never the raw URL), method and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  return () => {
    const end = duration.startTimer();
    return (labels) => {
      end(labels);
    };
  };
}
