import { RecentResult } from './recent-result';

describe('RecentResult', () => {
  let now = 0;
  const clock = () => now;
  beforeEach(() => (now = 0));

  it('shares one running check among concurrent callers', async () => {
    const recent = new RecentResult<number>(1000, clock);
    let calls = 0;
    let finish!: (value: number) => void;
    const check = () => {
      calls++;
      return new Promise<number>((resolve) => (finish = resolve));
    };
    const first = recent.get(check);
    const second = recent.get(check);
    finish(7);
    expect(await Promise.all([first, second])).toEqual([7, 7]);
    expect(calls).toBe(1);
  });

  it('reuses a settled result for ttl, then checks again', async () => {
    const recent = new RecentResult<number>(1000, clock);
    let calls = 0;
    const check = async () => ++calls;
    expect(await recent.get(check)).toBe(1);
    now = 999;
    expect(await recent.get(check)).toBe(1);
    now = 1000;
    expect(await recent.get(check)).toBe(2);
  });

  it('reuses a failure the same way, and checks again after ttl', async () => {
    const recent = new RecentResult<string>(100, clock);
    await expect(recent.get(() => Promise.reject(new Error('down')))).rejects.toThrow('down');
    await expect(recent.get(async () => 'up')).rejects.toThrow('down');
    now = 100;
    expect(await recent.get(async () => 'up')).toBe('up');
  });
});
