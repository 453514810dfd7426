import type { AppConfig } from '../config/app-config';
import { EmbeddingSweepService } from './embedding-sweep.service';
import type { ReembedService } from './reembed.service';

/** Which sweeps are full ones: the first, then one per EMBEDDING_FULL_SWEEP_INTERVAL_MS; changed-only in between. */
describe('EmbeddingSweepService', () => {
  afterEach(() => jest.useRealTimers());

  async function sweepsOver(fullIntervalMs: number, ticks: number): Promise<boolean[]> {
    jest.useFakeTimers();
    const changedOnly: boolean[] = [];
    const reembed = { sweep: async (only: boolean) => void changedOnly.push(only) } as unknown as ReembedService;
    const config = { APP_ROLE: 'all', EMBEDDING_SWEEP_INTERVAL_MS: 1000, EMBEDDING_FULL_SWEEP_INTERVAL_MS: fullIntervalMs } as AppConfig;
    const service = new EmbeddingSweepService(reembed, config);
    service.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(ticks * 1000);
    service.onApplicationShutdown();
    return changedOnly.map((only) => !only);
  }

  it('sweeps fully at start and once per full interval, changed rows only in between', async () => {
    expect(await sweepsOver(3000, 6)).toEqual([true, false, false, true, false, false, true]);
  });

  it('sweeps fully every time with a full interval of 0', async () => {
    expect(await sweepsOver(0, 3)).toEqual([true, true, true, true]);
  });
});
