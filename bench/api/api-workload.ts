/**
 * The data the API benchmark reads: talks as a JSON Lines source (ingested through the service's own
 * admin API, as an operator would load them), users with likes and interests so that RecommendedEvents
 * ranks by a real profile, and the GraphQL operations under load.
 */
import { writeFileSync } from 'node:fs';
import type { EventRecord } from '../../src/events/ingest/event-record';
import type { BenchService } from '../lib/bench-service';
import { talkCorpus } from '../lib/talk-corpus';

const FIRST_TALK_ID = 1_000_001;
const ROOMS = ['Keynote Hall', 'Breakout Room 1 (Livestream)', 'Breakout Room 2', 'Breakout Room 3', 'Workshop Room'];
const SLOTS = ['9:00 AM - 9:45 AM', '10:30 AM - 11:15 AM', '1:00 PM - 1:45 PM', '2:30 PM - 3:15 PM', '4:00 PM - 4:45 PM'];
const DAYS = ['September 26, 2023', 'September 27, 2023'];

/** n talk records built from the benchmark corpus: the corpus text's first sentence is the title. */
export function talkRecords(n: number): EventRecord[] {
  return talkCorpus(n).map((text, i) => {
    const cut = text.indexOf('. ');
    return {
      url: `https://semflow.example/bench/talks/${FIRST_TALK_ID + i}`,
      date: DAYS[i % DAYS.length],
      time: SLOTS[i % SLOTS.length],
      title: cut < 0 ? text : text.slice(0, cut),
      abstract: cut < 0 ? '' : text.slice(cut + 2),
      location: ROOMS[i % ROOMS.length],
      speakers: [{ name: `Speaker ${i}`, title: 'Engineer', company: `Company ${i % 37}` }],
      last_updated: '2023-09-18T18:49:17.798Z',
    };
  });
}

export function writeTalksFile(file: string, n: number): number[] {
  const records = talkRecords(n);
  writeFileSync(file, `${records.map((r) => JSON.stringify(r)).join('\n')}\n`);
  return records.map((_, i) => FIRST_TALK_ID + i);
}

const LIKES_MUTATION = `mutation Like($liked: LikedInput!) { Likes(liked: $liked) { _source_time } }`;
const INTEREST_MUTATION = `mutation Interest($interest: AddInterest!) { AddInterest(interest: $interest) { _source_time } }`;
const INTERESTS = ['stream processing with Flink', 'vector search in Postgres', 'operating Kafka at scale', 'change data capture', 'fraud detection in real time'];

/**
 * Users bench-user-0..n-1, each liking `likesPerUser` talks spread over the corpus and stating one
 * interest. Returns their ids; the interests are embedded by the workers afterwards.
 */
export async function createUsers(service: BenchService, talkIds: number[], users: number, likesPerUser: number): Promise<string[]> {
  const ids: string[] = [];
  for (let u = 0; u < users; u++) {
    const userid = `bench-user-${u}`;
    ids.push(userid);
    for (let k = 0; k < likesPerUser; k++) {
      const eventId = talkIds[(u * 7919 + k * 104729) % talkIds.length];
      await service.graphql(LIKES_MUTATION, { liked: { userid, eventId, liked: true } });
    }
    await service.graphql(INTEREST_MUTATION, { interest: { userid, text: INTERESTS[u % INTERESTS.length] } });
  }
  return ids;
}

/** A talk list as a conference page shows it: every field, speakers and like count. */
export const EVENTS_QUERY = `query Events($limit: Int!) { Events(limit: $limit) {
  id date time location title abstract url startTimestamp startTime last_updated
  speakers { name title company } likeCount { num } } }`;

export const RECOMMENDED_QUERY = `query Recommended($userid: String!, $limit: Int) { RecommendedEvents(userid: $userid, limit: $limit) {
  id date time location title abstract url startTimestamp score basis speakers { name title company } } }`;

export const EVENTS_PAGE = 20;
export const RECOMMENDED_PAGE = 10;
