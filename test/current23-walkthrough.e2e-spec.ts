import { findModel, findProblems, loadManifest } from '../src/embedding/model-files';
import type { AppProcess } from './helpers/app-process';
import { TestService } from './helpers/test-service';
import { MODELS_DIR } from './helpers/app-process';
import { waitForQueuesDrained } from './helpers/queues';
import { sharedDir } from './helpers/shared-dir';
import { waitFor } from './helpers/wait-for';

const PRODUCTION_MODEL = 'all-MiniLM-L6-v2';
const STAND_IN_MODEL = 'wordpiece-bow-384';
const FLINK_INTEREST = 'I want to learn more about Apache Flink and how to use it for real-time stream processing.';
const FLINK_TALK = 1136822; // "The Top 5 Mistakes Engineers Make When Implementing Apache Flink"

interface Talk {
  id: number;
  title: string;
  abstract: string;
}

const aboutFlink = (talk: Talk) => /flink/i.test(`${talk.title} ${talk.abstract}`);

/** The production model when MODELS_DIR holds its verified files, else the built stand-in (and it says so). */
async function chooseModel(): Promise<string> {
  const entry = findModel(loadManifest(), PRODUCTION_MODEL);
  const problems = await findProblems(MODELS_DIR, entry, 'int8');
  if (problems.length === 0) return PRODUCTION_MODEL;
  console.log(`${PRODUCTION_MODEL} is not in ${MODELS_DIR} (${problems[0].message}); this run used the stand-in model ${STAND_IN_MODEL}`);
  return STAND_IN_MODEL;
}

/**
 * The walkthrough of DataSQRL's Current23 blog post on the 143 real talks, with a real model: an
 * interest in Flink makes Flink talks dominate the recommendations; a liked Flink talk lifts the
 * Flink-related talks of a "kafka" search to the top, and un-liking it puts them back.
 */
describe('Current23 blog walkthrough (real talks, ONNX model)', () => {
  let service: TestService;
  let app: AppProcess;

  const search = async (userid: string): Promise<Talk[]> => {
    const answer = await app.graphql('query($u: String!) { PersonalizedEventSearch(query: "kafka", userid: $u, limit: 100) { id title abstract } }', { u: userid });
    expect(answer.errors).toBeUndefined();
    return answer.data.PersonalizedEventSearch;
  };
  const like = async (userid: string, eventId: number, liked: boolean) => {
    const answer = await app.graphql('mutation($l: LikedInput!) { Likes(liked: $l) { userid } }', { l: { userid, eventId, liked } });
    expect(answer).toEqual({ data: { Likes: { userid } } });
  };

  beforeAll(async () => {
    const model = await chooseModel();
    service = await TestService.start('walkthrough', {
      EMBEDDING_MODEL: model,
      EVENTS_SOURCE: sharedDir('data', 'current23', 'blog-2023', 'data', 'events.json'),
    });
    app = service.app;
    await service.waitFor('the 143 talks ingested', async () => (await app.graphql('{ Events(limit: 1000) { id } }')).data?.Events.length === 143, 60000);
    await waitForQueuesDrained(app);
  });

  afterAll(async () => {
    await service?.stop();
  });

  it('recommends mostly Flink talks to a user interested in Flink, as soon as the interest is embedded', async () => {
    const sent = Date.now();
    const added = await app.graphql('mutation($i: AddInterest!) { AddInterest(interest: $i) { userid _source_time } }', {
      i: { userid: '1234', text: FLINK_INTEREST },
    });
    expect(added.data.AddInterest.userid).toBe('1234');
    const recommended = await waitFor(
      'recommendations from the interest',
      async () => {
        const answer = await app.graphql('{ RecommendedEvents(userid: "1234") { id title abstract score basis } }');
        const rows = answer.data.RecommendedEvents;
        return rows.length > 0 && rows[0].basis === 'PROFILE' ? rows : undefined;
      },
      30000,
      5,
    );
    console.log(`interest reflected in RecommendedEvents ${Date.now() - sent} ms after AddInterest was sent`);

    expect(recommended).toHaveLength(10);
    expect(recommended.slice(0, 5).every(aboutFlink)).toBe(true);
    expect(recommended.filter(aboutFlink).length).toBeGreaterThanOrEqual(8);
    const scores = recommended.map((talk: { score: number }) => talk.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('ranks the Flink-related "kafka" talks first after a Flink talk is liked, and back after un-liking', async () => {
    const anonymous = await search('');
    const flinkKafka = anonymous.filter(aboutFlink);
    expect(flinkKafka.length).toBeGreaterThanOrEqual(3);
    expect(flinkKafka.length).toBeLessThan(anonymous.length / 2);
    const position = (talks: Talk[], id: number) => talks.findIndex((talk) => talk.id === id);

    await like('5678', FLINK_TALK, true);
    const personalised = await search('5678');
    expect(personalised.map((talk) => talk.id).sort()).toEqual(anonymous.map((talk) => talk.id).sort());
    expect(personalised.slice(0, 3).every(aboutFlink)).toBe(true);
    // Each of the top three came up from further down the anonymous ranking.
    for (const talk of personalised.slice(0, 3)) expect(position(anonymous, talk.id)).toBeGreaterThan(position(personalised, talk.id));

    await like('5678', FLINK_TALK, false);
    const afterUnlike = await search('5678');
    expect(afterUnlike.map((talk) => talk.id)).toEqual(anonymous.map((talk) => talk.id));
  });
});
