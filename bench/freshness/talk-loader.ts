import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { waitFor } from '../../test/helpers/wait-for';
import type { BenchService } from '../lib/bench-service';
import { talkCorpus } from '../lib/talk-corpus';

const ROOMS = ['Breakout Room 1', 'Breakout Room 2', 'Breakout Room 3', 'Keynote Hall'];
const SLOTS = ['9:00 AM - 9:45 AM', '10:30 AM - 11:15 AM', '1:00 PM - 1:45 PM', '3:30 PM - 4:15 PM'];

/** One JSON Lines record per corpus text; ids 1..count (the trailing digits of the url). */
function talkRecords(count: number): string[] {
  return talkCorpus(count).map((text, i) => {
    const cut = text.indexOf('. ');
    const title = cut < 0 ? text : text.slice(0, cut);
    const abstract = cut < 0 ? '' : text.slice(cut + 2);
    return JSON.stringify({
      url: `https://bench.example/talks/freshness-${i + 1}`,
      date: `September ${26 + (i % 2)}, 2023`,
      time: SLOTS[i % SLOTS.length],
      title,
      abstract,
      location: ROOMS[i % ROOMS.length],
      speakers: [{ name: `Speaker ${i + 1}`, title: 'Engineer', company: 'Example' }],
      last_updated: '2023-09-18T18:49:17Z',
    });
  });
}

/**
 * Loads `count` talks through the service's own ingestion (POST /admin/events/reingest, as an operator
 * would) and waits until the workers embedded every one of them: freshness is measured on a warm,
 * fully embedded catalogue. Returns the seconds it took.
 */
export async function loadTalks(service: BenchService, count: number): Promise<{ talks: number; seconds: number }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'semflow-bench-freshness-talks-'));
  const started = Date.now();
  try {
    const file = path.join(dir, 'talks.jsonl');
    writeFileSync(file, `${talkRecords(count).join('\n')}\n`);
    const { status, body } = await service.api.request('POST', '/admin/events/reingest', { source: file });
    if (status !== 200) throw new Error(`reingest answered ${status}: ${JSON.stringify(body)}`);
    const db = await service.db();
    await waitFor(`${count} talks embedded`, async () => (await db.query('SELECT count(*)::int AS n FROM events WHERE embedding IS NOT NULL')).rows[0].n >= count, 120000, 100);
    return { talks: count, seconds: (Date.now() - started) / 1000 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
