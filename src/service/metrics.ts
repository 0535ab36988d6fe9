/**
 * Prometheus metrics in the text exposition format (version 0.0.4), written by hand: three metric
 * kinds are all the service needs, and a dependency-free registry keeps `/metrics` cheap to scrape.
 */
import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';

type Labels = Readonly<Record<string, string>>;

const escapeLabel = (v: string) => v.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n');
const formatLabels = (labels: Labels): string => {
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabel(v)}"`);
  return parts.length ? `{${parts.join(',')}}` : '';
};
const formatValue = (v: number): string =>
  Number.isFinite(v) ? String(v) : v > 0 ? '+Inf' : v < 0 ? '-Inf' : 'NaN';

interface Metric {
  render(): string[] | Promise<string[]>;
}

export class Counter implements Metric {
  readonly #values = new Map<string, { labels: Labels; value: number }>();
  constructor(
    readonly name: string,
    readonly help: string,
  ) {}
  inc(labels: Labels = {}, by = 1): void {
    const key = formatLabels(labels);
    const entry = this.#values.get(key) ?? { labels, value: 0 };
    entry.value += by;
    this.#values.set(key, entry);
  }
  value(labels: Labels = {}): number {
    return this.#values.get(formatLabels(labels))?.value ?? 0;
  }
  render(): string[] {
    return [
      `# HELP ${this.name} ${this.help}`,
      `# TYPE ${this.name} counter`,
      ...[...this.#values.values()].map(
        (e) => `${this.name}${formatLabels(e.labels)} ${formatValue(e.value)}`,
      ),
    ];
  }
}

export class Histogram implements Metric {
  readonly #series = new Map<string, { labels: Labels; counts: number[]; sum: number; count: number }>();
  constructor(
    readonly name: string,
    readonly help: string,
    readonly buckets: readonly number[],
  ) {}
  observe(labels: Labels, value: number): void {
    const key = formatLabels(labels);
    let s = this.#series.get(key);
    if (!s) this.#series.set(key, (s = { labels, counts: this.buckets.map(() => 0), sum: 0, count: 0 }));
    // Buckets are cumulative in the exposition; counting per bucket here and summing on render is cheaper.
    const i = this.buckets.findIndex((b) => value <= b);
    if (i >= 0) s.counts[i]!++;
    s.sum += value;
    s.count++;
  }
  render(): string[] {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    for (const s of this.#series.values()) {
      let cumulative = 0;
      this.buckets.forEach((b, i) => {
        cumulative += s.counts[i]!;
        lines.push(`${this.name}_bucket${formatLabels({ ...s.labels, le: String(b) })} ${cumulative}`);
      });
      lines.push(`${this.name}_bucket${formatLabels({ ...s.labels, le: '+Inf' })} ${s.count}`);
      lines.push(`${this.name}_sum${formatLabels(s.labels)} ${formatValue(s.sum)}`);
      lines.push(`${this.name}_count${formatLabels(s.labels)} ${s.count}`);
    }
    return lines;
  }
}

type Collected = number | ReadonlyArray<readonly [Labels, number]>;

/** A value read when scraped (queue depth, a switch), one series per label set. */
export class Gauge implements Metric {
  constructor(
    readonly name: string,
    readonly help: string,
    readonly collect: () => Collected | Promise<Collected>,
  ) {}
  async render(): Promise<string[]> {
    const value = await this.collect();
    const series: ReadonlyArray<readonly [Labels, number]> =
      typeof value === 'number' ? [[{}, value]] : value;
    return [
      `# HELP ${this.name} ${this.help}`,
      `# TYPE ${this.name} gauge`,
      ...series.map(([labels, v]) => `${this.name}${formatLabels(labels)} ${formatValue(v)}`),
    ];
  }
}

export class Registry {
  readonly #metrics: Metric[] = [];
  register<M extends Metric>(metric: M): M {
    this.#metrics.push(metric);
    return metric;
  }
  async render(): Promise<string> {
    const blocks = await Promise.all(this.#metrics.map((m) => m.render()));
    return blocks.flat().join('\n') + '\n';
  }
}

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** Latency buckets in seconds: polls answer in about a millisecond, sign-ups spend ~50 ms in argon2. */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export interface HttpMetrics {
  readonly requests: Counter;
  readonly duration: Histogram;
  readonly rateLimited: Counter;
}

export function httpMetrics(registry: Registry): HttpMetrics {
  return {
    requests: registry.register(
      new Counter('kino_http_requests_total', 'HTTP requests answered, by method, route pattern and status.'),
    ),
    duration: registry.register(
      new Histogram(
        'kino_http_request_duration_seconds',
        'Time to answer an HTTP request, by method, route pattern and status.',
        LATENCY_BUCKETS,
      ),
    ),
    rateLimited: registry.register(
      new Counter('kino_rate_limited_total', 'Requests refused with 429, by plan (or anonymous).'),
    ),
  };
}

/**
 * Counts and times every response. The route label is the matched pattern (`/v1/videos/:id`), never the
 * raw path, so ids do not explode the number of series; unmatched paths are `unmatched`.
 */
export function measureRequests(
  metrics: HttpMetrics,
  now: () => number = () => performance.now(),
): MiddlewareHandler {
  return async (c, next) => {
    const started = now();
    await next();
    const route = c.res.status === 404 && c.error === undefined ? 'unmatched' : routePath(c) || 'unmatched';
    const labels = { method: c.req.method, route, status: String(c.res.status) };
    metrics.requests.inc(labels);
    metrics.duration.observe(labels, (now() - started) / 1000);
  };
}
