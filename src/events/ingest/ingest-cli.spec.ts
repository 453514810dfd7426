import { parseIngestArgs } from './ingest-cli-args';
import { ProgressReporter } from './progress-reporter';

describe('ingest command line', () => {
  it('takes one optional source and the flags in any order', () => {
    expect(parseIngestArgs([])).toEqual({ watch: false, force: false, json: false });
    expect(parseIngestArgs(['--watch', 'talks/', '--force', '--json'])).toEqual({ source: 'talks/', watch: true, force: true, json: true });
    expect(parseIngestArgs(['--', '--odd-name.jsonl']).source).toBe('--odd-name.jsonl');
  });

  it('refuses unknown options, a second source and an empty one', () => {
    expect(() => parseIngestArgs(['--wath'])).toThrow('unknown option --wath');
    expect(() => parseIngestArgs(['a.jsonl', 'b.jsonl'])).toThrow('unexpected argument "b.jsonl"');
    expect(() => parseIngestArgs(['--json=yes'])).toThrow('--json takes no value');
    expect(() => parseIngestArgs([''])).toThrow('the source must not be empty');
  });
});

describe('ProgressReporter', () => {
  const progress = (bytes: number, lines: number) => ({ bytes, totalBytes: 2 * 1024 * 1024, lines, read: lines });

  it('redraws a bar in place on a terminal, at most every 100 ms, and ends the line when finished', () => {
    let clock = 0;
    const written: string[] = [];
    const reporter = new ProgressReporter({ isTTY: true, columns: 120, write: (text) => written.push(text) }, () => clock);
    reporter.update(progress(1024, 10));
    clock = 150;
    reporter.update(progress(1024 * 1024, 5000));
    clock = 200;
    reporter.update(progress(1536 * 1024, 7000));
    reporter.finish();
    expect(written).toEqual([
      `\r[${'#'.repeat(14)}${'.'.repeat(14)}]  50%  1.0 MB / 2.0 MB, 5,000 lines, 5,000 records\x1b[K`,
      `\r[${'#'.repeat(21)}${'.'.repeat(7)}]  75%  1.5 MB / 2.0 MB, 7,000 lines, 7,000 records\x1b[K`,
      '\n',
    ]);
  });

  it('writes a plain line every few seconds and a last one when stderr is not a terminal', () => {
    let clock = 0;
    const written: string[] = [];
    const reporter = new ProgressReporter({ isTTY: false, write: (text) => written.push(text) }, () => clock);
    reporter.update(progress(10, 1));
    clock = 4000;
    reporter.update(progress(20, 2));
    clock = 5000;
    reporter.update({ bytes: 300, totalBytes: null, lines: 3, read: 2 });
    clock = 6000;
    reporter.update({ bytes: 400, totalBytes: null, lines: 4, read: 3 });
    reporter.finish();
    expect(written).toEqual(['ingest progress: 300 B, 3 lines, 2 records\n', 'ingest progress: 400 B, 4 lines, 3 records\n']);
  });
});
