import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Client } from 'pg';
import type { Locator, Page } from 'playwright-core';
import { TEST_API_KEY, type AppProcess } from './helpers/app-process';
import { HeadlessChromium } from './helpers/headless-chromium';
import { summariseColours } from './helpers/png-pixels';
import { waitForQueuesDrained } from './helpers/queues';
import { sharedDir } from './helpers/shared-dir';
import { TestService } from './helpers/test-service';
import { waitFor } from './helpers/wait-for';

const TALKS = 26;
const USER = 'web-e2e';
const INTEREST_MAX_CHARS = 60;
const INTEREST = 'Apache Flink for real-time stream processing';
/** Where the screenshot is kept for a look after the run (overwritten by the next run). */
const SCREENSHOT = path.join(process.env.SCREENSHOT_DIR ?? tmpdir(), 'semflow-web-page.png');

interface Talk {
  id: number;
  title: string;
}

/**
 * The conference page at / in a real headless Chromium, against the real service (its own Redis and
 * embedded database, the 26-talk Current23 subset): it lists, pages and searches the talks as the API
 * orders them, likes and un-likes, adds an interest and follows the recommendations, shows the API's
 * errors, loads nothing from elsewhere, and renders something that is not a blank screen.
 */
describe('the conference page at / (real service, headless Chromium)', () => {
  let service: TestService;
  let app: AppProcess;
  let db: Client;
  let browser: HeadlessChromium;
  let page: Page;
  let talks: Talk[];
  /** Console errors, uncaught exceptions and requests to anything but the service, in the order seen. */
  const browserProblems: string[] = [];

  const gql = async (query: string, variables?: Record<string, unknown>) => {
    const answer = await app.graphql(query, variables);
    expect(answer.errors).toBeUndefined();
    return answer.data;
  };
  const recommendedTitles = async (userid: string) =>
    ((await gql('query($u: String!) { RecommendedEvents(userid: $u, limit: 5) { title } }', { u: userid })).RecommendedEvents as Talk[]).map((t) => t.title);

  /** Waits for the texts to become `expected`, then asserts them (so a failure shows both lists). */
  const expectTexts = async (locator: Locator, expected: string[], timeoutMs = 20000) => {
    await waitFor(`texts ${JSON.stringify(expected)}`, async () => JSON.stringify(await locator.allTextContents()) === JSON.stringify(expected), timeoutMs).catch(() => undefined);
    expect(await locator.allTextContents()).toEqual(expected);
  };
  const expectText = async (locator: Locator, expected: string | RegExp, timeoutMs = 20000) => {
    const matches = (text: string) => (typeof expected === 'string' ? text === expected : expected.test(text));
    await waitFor(`text ${expected}`, async () => matches((await locator.textContent()) ?? ''), timeoutMs).catch(() => undefined);
    const text = (await locator.textContent()) ?? '';
    expect([text, matches(text)]).toEqual([text, true]);
  };
  const talkTitles = () => page.locator('#talk-list h3');
  const recommendationTitles = () => page.locator('#recommended-list h3');
  const likeButton = (title: string) => page.getByRole('button', { name: `Like “${title}”` });

  beforeAll(async () => {
    // First, so that a machine without Chromium fails at once with the message saying so.
    browser = await HeadlessChromium.launch();
    service = await TestService.start('web-page', {
      EVENTS_SOURCE: sharedDir('data', 'current23', 'head-2026', 'events-test', 'events.jsonl'),
      INTEREST_MAX_CHARS: String(INTEREST_MAX_CHARS),
      // Interests are embedded by their job, after AddInterest answers: the page has to look again.
      INTEREST_EMBED_WAIT_MS: '0',
    });
    app = service.app;
    db = await service.db();
    await service.waitFor(`the ${TALKS} talks ingested`, async () => (await app.graphql(`{ Events(limit: 100) { id } }`)).data?.Events.length === TALKS);
    await waitForQueuesDrained(app);
    talks = (await gql('{ Events(limit: 100) { id title } }')).Events;

    page = await browser.page();
    page.on('console', (message) => {
      if (message.type() === 'error') browserProblems.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => browserProblems.push(`exception: ${error.message}`));
    page.on('request', (request) => {
      if (!request.url().startsWith(`${app.baseUrl}/`) && !request.url().startsWith('data:')) browserProblems.push(`request: ${request.url()}`);
    });
  });

  afterAll(async () => {
    await browser?.close();
    await service?.stop();
  });

  it('serves the page as HTML with a self-only CSP, and its files with their types and caching', async () => {
    const response = await fetch(`${app.baseUrl}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toMatch(/default-src 'none'.*script-src 'self'.*connect-src 'self'/);
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    // The page gets a request id like any other request.
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const html = await response.text();
    expect(html).toContain('<title>Conference talks · semflow</title>');

    const script = /<script src="(\/assets\/app\.js\?v=[0-9a-f]+)"/.exec(html)![1];
    const versioned = await fetch(app.baseUrl + script);
    expect(versioned.status).toBe(200);
    expect(versioned.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(versioned.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await versioned.text()).toBe(readFileSync(path.join(__dirname, '..', 'src', 'web', 'public', 'app.js'), 'utf8'));

    const unversioned = await fetch(`${app.baseUrl}/assets/app.css`);
    expect(unversioned.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(unversioned.headers.get('cache-control')).toBe('no-cache');
    await unversioned.arrayBuffer();
    for (const other of ['/assets/app.js.map', '/assets/index.html', '/assets/..%2Fweb-page.ts', '/assets/__proto__']) {
      const missing = await fetch(app.baseUrl + other);
      expect([other, missing.status]).toEqual([other, 404]);
      await missing.arrayBuffer();
    }
  });

  it('lists the talks in the API order, ten to a page, with landmarks and labelled fields', async () => {
    await page.goto(`${app.baseUrl}/`);
    for (const role of ['banner', 'main', 'complementary', 'search'] as const) expect([role, await page.getByRole(role).count()]).toEqual([role, 1]);
    expect(await page.getByRole('navigation').count()).toBe(2);
    expect(await page.getByLabel('Your user id').inputValue()).toMatch(/^guest-[0-9a-f]{8}$/);
    // Only the talks are public by default: without a token the page asks for one instead of being refused.
    await expectText(page.locator('#recommended-basis'), /need an access token/);

    const titles = talks.map((talk) => talk.title);
    await expectTexts(talkTitles(), titles.slice(0, 10));
    await page.getByRole('button', { name: 'Next page' }).click();
    await expectTexts(talkTitles(), titles.slice(10, 20));
    await page.getByRole('button', { name: 'Next page' }).click();
    await expectTexts(talkTitles(), titles.slice(20));
    expect(await page.locator('#page-number').textContent()).toBe('Page 3');
    expect(await page.getByRole('button', { name: 'Next page' }).isDisabled()).toBe(true);
    // Paging moves the focus to the list's heading, where a screen reader continues.
    expect(await page.evaluate('document.activeElement.id')).toBe('talks-heading');
    await page.getByRole('button', { name: 'Previous page' }).click();
    await page.getByRole('button', { name: 'Previous page' }).click();
    await expectTexts(talkTitles(), titles.slice(0, 10));
    expect(await page.getByRole('button', { name: 'Previous page' }).isDisabled()).toBe(true);
  });

  it('switches to the typed user id and access token, and remembers them across visits', async () => {
    const field = page.getByLabel('Your user id');
    await field.fill(USER);
    await page.getByLabel('Access token').fill(TEST_API_KEY);
    await field.press('Enter');
    await expectText(page.getByRole('status'), `User id is now ${USER}.`);
    await page.reload();
    await expectTexts(
      talkTitles(),
      talks.slice(0, 10).map((talk) => talk.title),
    );
    expect(await page.getByLabel('Your user id').inputValue()).toBe(USER);
    expect(await page.getByLabel('Access token').inputValue()).toBe(TEST_API_KEY);
    // No profile yet: the most-liked talks, and the page says why.
    await expectTexts(recommendationTitles(), await recommendedTitles(USER));
    await expectText(page.locator('#recommended-basis'), /no profile yet/);
  });

  it('searches with PersonalizedEventSearch for the user, from the keyboard', async () => {
    const search = page.getByLabel('Search talks');
    await search.focus();
    await page.keyboard.type('kafka');
    await page.keyboard.press('Enter');
    const expected = (await gql('query($u: String!) { PersonalizedEventSearch(query: "kafka", userid: $u, limit: 10) { title } }', { u: USER })).PersonalizedEventSearch.map(
      (talk: Talk) => talk.title,
    );
    expect(expected.length).toBeGreaterThan(1);
    await expectTexts(talkTitles(), expected);
    expect(await page.locator('#talks-heading').textContent()).toBe('Talks matching “kafka”');

    await page.getByRole('button', { name: 'Show all talks' }).click();
    await expectTexts(
      talkTitles(),
      talks.slice(0, 10).map((talk) => talk.title),
    );
    expect(await page.getByRole('button', { name: 'Show all talks' }).isHidden()).toBe(true);
  });

  it('likes a talk with the keyboard: the count goes up, the like is stored, recommendations follow; a second press un-likes', async () => {
    const talk = talks[0];
    const button = likeButton(talk.title);
    const count = page.locator(`[data-count-for="${talk.id}"]`);
    expect(await button.getAttribute('aria-pressed')).toBe('false');
    expect(await count.textContent()).toBe('0 likes');

    await button.focus();
    await page.keyboard.press('Enter');
    await expectText(count, '1 like');
    expect(await button.getAttribute('aria-pressed')).toBe('true');
    // The focus stays on the button, so a keyboard user can go on from there.
    expect(await page.evaluate("document.activeElement.getAttribute('data-event-id')")).toBe(String(talk.id));
    expect((await gql('query($u: String!) { EventsLiked(userid: $u) { id } }', { u: USER })).EventsLiked).toEqual([{ id: talk.id }]);
    const stored = await db.query('SELECT event_id, liked FROM likes WHERE userid = $1', [USER]);
    expect(stored.rows).toEqual([{ event_id: talk.id, liked: true }]);
    // The profile is the liked talk now: the list shows what RecommendedEvents answers, without it.
    await expectText(page.locator('#recommended-basis'), /Closest to the talks you like/);
    const fromProfile = await recommendedTitles(USER);
    expect(fromProfile).not.toContain(talk.title);
    await expectTexts(recommendationTitles(), fromProfile);

    await page.keyboard.press('Space');
    await expectText(count, '0 likes');
    expect(await button.getAttribute('aria-pressed')).toBe('false');
    expect((await gql('query($u: String!) { EventsLiked(userid: $u) { id } }', { u: USER })).EventsLiked).toEqual([]);
    await expectText(page.locator('#recommended-basis'), /no profile yet/);
  });

  it('adds an interest and shows the recommendations once it is embedded', async () => {
    const before = await recommendationTitles().allTextContents();
    await page.getByLabel('What would you like to hear about?').fill(INTEREST);
    await page.getByRole('button', { name: 'Add interest' }).click();
    await expectText(page.getByRole('status'), 'Interest added; recommendations updated.', 30000);
    const stored = await db.query('SELECT text, embedding IS NOT NULL AS embedded FROM interests WHERE userid = $1', [USER]);
    expect(stored.rows).toEqual([{ text: INTEREST, embedded: true }]);
    await expectText(page.locator('#recommended-basis'), /Closest to the talks you like and your interests/);
    const fromInterest = await recommendedTitles(USER);
    await expectTexts(recommendationTitles(), fromInterest);
    expect(fromInterest).not.toEqual(before);
    expect(await page.getByLabel('What would you like to hear about?').inputValue()).toBe('');
  });

  it("shows the API's error code and message in the alert region, and stores nothing", async () => {
    const tooLong = 'x'.repeat(INTEREST_MAX_CHARS + 15);
    await page.getByLabel('What would you like to hear about?').fill(tooLong);
    await page.getByRole('button', { name: 'Add interest' }).click();
    await expectText(page.getByRole('alert'), `BAD_USER_INPUT: text is ${INTEREST_MAX_CHARS + 15} characters long; the limit is ${INTEREST_MAX_CHARS}`);
    expect((await db.query('SELECT count(*)::int AS n FROM interests')).rows[0].n).toBe(1);
  });

  it('renders a page that is not blank (screenshot), where a blank page is recognised as blank', async () => {
    const screenshot = await page.screenshot({ fullPage: true });
    writeFileSync(SCREENSHOT, screenshot);
    console.log(`screenshot of the page: ${SCREENSHOT}`);
    const shown = summariseColours(screenshot);
    expect(shown.foregroundShare).toBeGreaterThan(0.05);
    expect(shown.distinctColours).toBeGreaterThan(50);

    // The same measure on an empty page, so that the threshold above means something.
    const empty = await browser.context.newPage();
    await empty.setContent('<html><body></body></html>');
    const blank = summariseColours(await empty.screenshot());
    await empty.close();
    expect(blank).toMatchObject({ foregroundShare: 0, distinctColours: 1 });
  });

  it('loaded nothing from another origin and logged no errors in the browser', () => {
    expect(browserProblems).toEqual([]);
  });
});
