import { loadConfig } from '../config/load-config';
import { InvalidInputError } from '../common/invalid-input.error';
import type { LikesRepository } from './likes.repository';
import { LikesService } from './likes.service';

/** The repository's list queries, recording the page each was asked for. */
function recordingRepository() {
  const asked: Array<{ query: string; limit: number; offset: number }> = [];
  const list = (query: string) => async (_userid: string, limit: number, offset: number) => {
    asked.push({ query, limit, offset });
    return [];
  };
  return { asked, repository: { likedEvents: list('current'), rawLikedEvents: list('raw') } as unknown as LikesRepository };
}

describe('LikesService.likedEvents', () => {
  it('reads at most MAX_PAGE_SIZE talks when no limit is given, on either filter', async () => {
    for (const filter of ['liked', 'raw']) {
      const { asked, repository } = recordingRepository();
      const service = new LikesService(repository, loadConfig({ MAX_PAGE_SIZE: '25', EVENTS_LIKED_FILTER: filter }));
      await service.likedEvents('ann', null, 0);
      await service.likedEvents('ann', 10, 5);
      expect(asked).toEqual([
        { query: filter === 'raw' ? 'raw' : 'current', limit: 25, offset: 0 },
        { query: filter === 'raw' ? 'raw' : 'current', limit: 10, offset: 5 },
      ]);
    }
  });

  it('refuses a limit above MAX_PAGE_SIZE before any query', async () => {
    const { asked, repository } = recordingRepository();
    const service = new LikesService(repository, loadConfig({ MAX_PAGE_SIZE: '25' }));
    await expect(service.likedEvents('ann', 26, 0)).rejects.toBeInstanceOf(InvalidInputError);
    expect(asked).toEqual([]);
  });
});

describe('LikesService.likeCount', () => {
  it('counts the talks of one request with one query, a talk nobody likes as 0', async () => {
    const asked: number[][] = [];
    const repository = {
      likeCounts: async (eventIds: number[]) => {
        asked.push(eventIds);
        return new Map([[7, 3]]);
      },
    } as unknown as LikesRepository;
    const service = new LikesService(repository, loadConfig({}));
    const request = {};
    expect(await Promise.all([7, 8, 7].map((eventId) => service.likeCount(eventId, request)))).toEqual([{ num: 3 }, { num: 0 }, { num: 3 }]);
    expect(asked).toEqual([[7, 8]]);
    await service.likeCount(7, {});
    expect(asked).toEqual([[7, 8], [7]]);
  });
});
