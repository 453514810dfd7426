/** One sample line of the Prometheus text format: name, labels, value. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The samples of a scrape, with lookups by name and a subset of labels. */
export class Scrape {
  constructor(readonly samples: Sample[]) {}

  static parse(text: string): Scrape {
    return new Scrape(
      text
        .split('\n')
        .filter((line) => line.trim() !== '' && !line.startsWith('#'))
        .map(parseSample),
    );
  }

  /** Samples named `name` whose labels include every one of `labels`. */
  find(name: string, labels: Record<string, string> = {}): Sample[] {
    return this.samples.filter((s) => s.name === name && Object.entries(labels).every(([key, value]) => s.labels[key] === value));
  }

  /** The value of the one sample that `find` returns; fails if there is none or more than one. */
  value(name: string, labels: Record<string, string> = {}): number {
    const matches = this.find(name, labels);
    if (matches.length !== 1) throw new Error(`expected one sample ${name}${JSON.stringify(labels)}, found ${matches.length}`);
    return matches[0].value;
  }

  /** The sum over the samples that `find` returns (0 when there are none). */
  sum(name: string, labels: Record<string, string> = {}): number {
    return this.find(name, labels).reduce((total, s) => total + s.value, 0);
  }
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;

function parseSample(line: string): Sample {
  const name = NAME.exec(line)?.[0];
  if (!name) throw new Error(`not a sample line: ${line}`);
  let at = name.length;
  const labels: Record<string, string> = {};
  if (line[at] === '{') {
    at++;
    while (line[at] !== '}') {
      const label = NAME.exec(line.slice(at))?.[0];
      if (!label || line[at + label.length] !== '=' || line[at + label.length + 1] !== '"') throw new Error(`bad label at ${at}: ${line}`);
      at += label.length + 2;
      let value = '';
      while (line[at] !== '"') {
        if (at >= line.length) throw new Error(`unterminated label value: ${line}`);
        if (line[at] === '\\') {
          const escaped = line[at + 1];
          value += escaped === 'n' ? '\n' : escaped;
          at += 2;
        } else {
          value += line[at++];
        }
      }
      labels[label] = value;
      at++;
      if (line[at] === ',') at++;
    }
    at++;
  }
  const [value] = line.slice(at).trim().split(/\s+/);
  return { name, labels, value: parseValue(value) };
}

function parseValue(text: string): number {
  if (text === '+Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  // prom-client writes NaN as "Nan"; Prometheus reads it in any case.
  if (text?.toLowerCase() === 'nan') return NaN;
  const value = text ? Number(text) : NaN;
  if (Number.isNaN(value)) throw new Error(`bad sample value "${text}"`);
  return value;
}
