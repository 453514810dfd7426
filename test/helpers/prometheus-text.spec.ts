import { Scrape } from './prometheus-text';

describe('Scrape (Prometheus text format)', () => {
  const text = [
    '# HELP jobs_total Jobs.',
    '# TYPE jobs_total counter',
    'jobs_total{queue="events",job="embed-event"} 3',
    'jobs_total{queue="events",job="queue-event-embeddings"} 1',
    'jobs_total{queue="interests",job="embed-interest"} 0',
    'odd{path="a \\"quoted\\" \\\\ back\\nslash",le="+Inf"} 2.5e-3',
    'plain 42',
    'not_a_number Nan',
    'inf_gauge +Inf',
    '',
  ].join('\n');

  it('reads names, labels with escapes, and values, skipping comments', () => {
    const scrape = Scrape.parse(text);
    expect(scrape.samples).toHaveLength(7);
    expect(scrape.value('not_a_number')).toBeNaN();
    expect(scrape.value('odd', { path: 'a "quoted" \\ back\nslash', le: '+Inf' })).toBe(0.0025);
    expect(scrape.value('plain')).toBe(42);
    expect(scrape.value('inf_gauge')).toBe(Infinity);
  });

  it('finds by a subset of labels, sums, and insists on exactly one sample for value()', () => {
    const scrape = Scrape.parse(text);
    expect(scrape.value('jobs_total', { queue: 'events', job: 'embed-event' })).toBe(3);
    expect(scrape.sum('jobs_total', { queue: 'events' })).toBe(4);
    expect(scrape.find('jobs_total', { queue: 'accountholders' })).toEqual([]);
    expect(() => scrape.value('jobs_total', { queue: 'events' })).toThrow(/found 2/);
    expect(() => scrape.value('missing')).toThrow(/found 0/);
  });

  it('refuses lines that are not samples', () => {
    expect(() => Scrape.parse('{queue="x"} 1')).toThrow(/not a sample line/);
    expect(() => Scrape.parse('x{queue="x} 1')).toThrow(/unterminated/);
    expect(() => Scrape.parse('x one')).toThrow(/bad sample value/);
  });
});
