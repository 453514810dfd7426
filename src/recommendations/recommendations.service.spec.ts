import 'reflect-metadata';
import { loadConfig } from '../config/load-config';
import type { EmbeddingService } from '../embedding/embedding.service';
import type { RecommendationsRepository, ScoredEventRow } from './recommendations.repository';
import { RecommendationsService } from './recommendations.service';

const talk = (id: number, score: number): ScoredEventRow => ({
  id,
  score,
  url: `https://example.org/session/${id}`,
  date: 'September 26, 2023',
  time: '10:30 AM - 11:15 AM',
  title: `talk ${id}`,
  abstract: 'about streams',
  location: 'Room 1',
  speakers: [],
  last_updated: new Date('2023-09-18T18:49:17Z'),
  start_time: null,
  start_timestamp: null,
});

/** The service over a repository whose answers are given in order, as the database would give them. */
function serviceWith(answers: { recommended: ScoredEventRow[][]; hasProfile: boolean; popular?: ScoredEventRow[] }) {
  const calls: string[] = [];
  const repository = {
    recommended: async () => {
      calls.push('recommended');
      return answers.recommended.shift() ?? [];
    },
    hasProfile: async () => {
      calls.push('hasProfile');
      return answers.hasProfile;
    },
    popular: async () => {
      calls.push('popular');
      return answers.popular ?? [];
    },
  } as unknown as RecommendationsRepository;
  const embedding = { embedderFor: () => ({ name: 'model-a' }) } as unknown as EmbeddingService;
  return { service: new RecommendationsService(repository, embedding, loadConfig({})), calls };
}

const ARGS = { userid: 'ann', limit: 10, offset: 0, includeLiked: null };

describe('RecommendationsService.recommended', () => {
  it('asks again when the profile appeared after the first query, instead of answering an empty list', async () => {
    // An interest was embedded between the two queries: the first saw no profile, hasProfile sees one.
    const { service, calls } = serviceWith({ recommended: [[], [talk(7, 0.9), talk(3, 0.5)]], hasProfile: true });
    const rows = await service.recommended(ARGS);
    expect(rows.map((row) => [row.id, row.basis])).toEqual([
      [7, 'PROFILE'],
      [3, 'PROFILE'],
    ]);
    expect(calls).toEqual(['recommended', 'hasProfile', 'recommended']);
  });

  it('answers the profile rows at once when there are some', async () => {
    const { service, calls } = serviceWith({ recommended: [[talk(7, 0.9)]], hasProfile: true });
    expect((await service.recommended(ARGS)).map((row) => row.basis)).toEqual(['PROFILE']);
    expect(calls).toEqual(['recommended']);
  });

  it('falls back to popular talks without a profile', async () => {
    const { service, calls } = serviceWith({ recommended: [[]], hasProfile: false, popular: [talk(5, 0)] });
    expect((await service.recommended(ARGS)).map((row) => [row.id, row.basis])).toEqual([[5, 'POPULAR']]);
    expect(calls).toEqual(['recommended', 'hasProfile', 'popular']);
  });
});
