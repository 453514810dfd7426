// The conference page's behaviour: talks, search, likes, interests and recommendations over /graphql.
// Plain browser JavaScript, no build step. Text from the server is only ever set with textContent.
'use strict';

(() => {
  const GRAPHQL_PATH = '/graphql';
  const PAGE_SIZE = 10;
  const RECOMMENDATIONS = 5;
  const USER_KEY = 'semflow.userid';
  // The access token lasts as long as the tab (sessionStorage), never beyond it.
  const TOKEN_KEY = 'semflow.token';
  // What the service lets a visitor without credentials do (PUBLIC_SCOPES), written into the page.
  const PUBLIC_SCOPES = new Set((document.body.dataset.publicScopes || '').split(' ').filter(Boolean));
  const NEEDS_TOKEN = 'Searching, likes, recommendations and interests need an access token: enter one next to your user id.';
  // AddInterest may answer before the interest is embedded (it then joins the profile when its job has
  // run): recommendations are read again after these pauses until they change.
  const RECHECK_DELAYS_MS = [250, 500, 1000, 2000, 4000, 8000];

  const TALK_FIELDS = 'id title date time location url abstract speakers { name company }';
  const QUERIES = {
    talks: `query Talks($limit: Int!, $offset: Int) {
      Events(limit: $limit, offset: $offset) { ${TALK_FIELDS} likeCount { num } } }`,
    likeCounts: `query LikeCounts($limit: Int!, $offset: Int) {
      Events(limit: $limit, offset: $offset) { id likeCount { num } } }`,
    search: `query Search($query: String!, $userid: String!, $limit: Int, $offset: Int) {
      PersonalizedEventSearch(query: $query, userid: $userid, limit: $limit, offset: $offset) { ${TALK_FIELDS} } }`,
    liked: `query Liked($userid: String!) { EventsLiked(userid: $userid) { id } }`,
    recommended: `query Recommended($userid: String!, $limit: Int) {
      RecommendedEvents(userid: $userid, limit: $limit) { id title date time location url score basis } }`,
    like: `mutation Like($liked: LikedInput!) { Likes(liked: $liked) { eventId liked } }`,
    addInterest: `mutation AddInterest($interest: AddInterest!) { AddInterest(interest: $interest) { id } }`,
  };

  const byId = (id) => document.getElementById(id);
  const view = {
    userForm: byId('user-form'),
    userid: byId('userid'),
    token: byId('access-token'),
    error: byId('error'),
    notice: byId('notice'),
    talksHeading: byId('talks-heading'),
    searchForm: byId('search-form'),
    searchQuery: byId('search-query'),
    clearSearch: byId('clear-search'),
    talkList: byId('talk-list'),
    previousPage: byId('previous-page'),
    nextPage: byId('next-page'),
    pageNumber: byId('page-number'),
    recommendedBasis: byId('recommended-basis'),
    recommendedList: byId('recommended-list'),
    interestForm: byId('interest-form'),
    interestText: byId('interest-text'),
  };

  const state = {
    userid: '',
    /** Sent as Authorization: Bearer when set. */
    token: '',
    /** The search shown, or '' for all talks. */
    query: '',
    offset: 0,
    liked: new Set(),
    /** Talks whose like is being sent: a second press waits for the answer to the first. */
    likesPending: new Set(),
    interestPending: false,
    /** Answers to requests overtaken by a newer one of the same kind are dropped. */
    talksRequest: 0,
    recommendedRequest: 0,
  };

  class ApiError extends Error {
    constructor(code, message) {
      super(message);
      this.code = code;
    }
  }

  /** The operation's data; GraphQL and HTTP errors become an ApiError with the server's code. */
  async function graphql(query, variables) {
    let response;
    try {
      response = await fetch(GRAPHQL_PATH, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          ...(state.token ? { authorization: `Bearer ${state.token}` } : {}),
        },
        body: JSON.stringify({ query, variables }),
      });
    } catch {
      throw new ApiError('NETWORK_ERROR', 'the service cannot be reached');
    }
    let body;
    try {
      body = await response.json();
    } catch {
      throw new ApiError(`HTTP_${response.status}`, response.statusText || 'the answer is not JSON');
    }
    if (Array.isArray(body.errors) && body.errors.length > 0) {
      const [first] = body.errors;
      throw new ApiError((first.extensions && first.extensions.code) || `HTTP_${response.status}`, String(first.message));
    }
    if (!response.ok || !body.data) throw new ApiError(`HTTP_${response.status}`, String(body.message || response.statusText));
    return body.data;
  }

  function showError(error) {
    const code = error instanceof ApiError ? error.code : 'CLIENT_ERROR';
    view.error.textContent = `${code}: ${error.message}`;
  }

  function clearMessages() {
    view.error.textContent = '';
    view.notice.textContent = '';
  }

  /** A new element with the given class and text (as text, never as markup). */
  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /** The title, linked to the talk's page when that is an http(s) URL (no javascript: or data: links). */
  function titleHeading(talk, headingId, level) {
    const heading = element(level);
    heading.id = headingId;
    if (/^https?:\/\//i.test(talk.url)) {
      const link = element('a', '', talk.title);
      link.href = talk.url;
      link.rel = 'noopener noreferrer';
      heading.append(link);
    } else {
      heading.textContent = talk.title;
    }
    return heading;
  }

  const metaLine = (talk) => [talk.date, talk.time, talk.location].filter(Boolean).join(' · ');

  const likesText = (num) => `${num} ${num === 1 ? 'like' : 'likes'}`;

  function likeButton(talk) {
    const button = element('button', 'like');
    button.type = 'button';
    button.dataset.eventId = String(talk.id);
    button.setAttribute('aria-pressed', String(state.liked.has(talk.id)));
    const heart = element('span', '', '♥ ');
    heart.setAttribute('aria-hidden', 'true');
    // The title makes each button's name unique in a screen reader's list of buttons.
    button.append(heart, 'Like', element('span', 'visually-hidden', ` “${talk.title}”`));
    return button;
  }

  function talkItem(talk) {
    const item = element('li', 'talk');
    const article = element('article');
    const headingId = `talk-${talk.id}`;
    article.setAttribute('aria-labelledby', headingId);
    article.append(titleHeading(talk, headingId, 'h3'), element('p', 'meta', metaLine(talk)));
    const speakers = (talk.speakers || []).map((s) =>
      [s.name, s.company]
        .map((part) => (part || '').trim())
        .filter(Boolean)
        .join(', '),
    );
    if (speakers.length > 0) article.append(element('p', 'speakers', speakers.join('; ')));
    if (talk.abstract && talk.abstract.trim() !== 'N/A') {
      const details = element('details');
      details.append(element('summary', '', 'Abstract'), element('p', '', talk.abstract));
      article.append(details);
    }
    const actions = element('div', 'actions');
    actions.append(likeButton(talk));
    // Only Events carries likeCount: search results show the button without a count.
    if (talk.likeCount) {
      const count = element('span', 'like-count', likesText(talk.likeCount.num ?? 0));
      count.dataset.countFor = String(talk.id);
      actions.append(count);
    }
    article.append(actions);
    item.append(article);
    return item;
  }

  /**
   * Whether the user's own queries can be sent: with a token, or when the service opens them to everyone.
   * Without either the page does not send them, so it shows why instead of a refusal for each one.
   */
  const userQueriesAllowed = () => state.token !== '' || (PUBLIC_SCOPES.has('read:likes') && PUBLIC_SCOPES.has('write:likes'));

  /** One page of all talks or of the search; one talk more than shown tells whether there is a next page. */
  async function loadTalks({ focusHeading = false } = {}) {
    const request = ++state.talksRequest;
    view.talkList.setAttribute('aria-busy', 'true');
    try {
      const data = state.query
        ? await graphql(QUERIES.search, { query: state.query, userid: state.userid, limit: PAGE_SIZE + 1, offset: state.offset })
        : await graphql(QUERIES.talks, { limit: PAGE_SIZE + 1, offset: state.offset });
      if (request !== state.talksRequest) return;
      const talks = (state.query ? data.PersonalizedEventSearch : data.Events) || [];
      view.talkList.replaceChildren(...talks.slice(0, PAGE_SIZE).map(talkItem));
      if (talks.length === 0) view.talkList.append(element('li', 'notice', state.query ? 'No talk matches the search.' : 'No talks yet.'));
      view.talksHeading.textContent = state.query ? `Talks matching “${state.query}”` : 'All talks';
      view.clearSearch.hidden = !state.query;
      view.pageNumber.textContent = `Page ${state.offset / PAGE_SIZE + 1}`;
      view.previousPage.disabled = state.offset === 0;
      view.nextPage.disabled = talks.length <= PAGE_SIZE;
      if (focusHeading) view.talksHeading.focus();
    } catch (error) {
      if (request === state.talksRequest) showError(error);
    } finally {
      if (request === state.talksRequest) view.talkList.setAttribute('aria-busy', 'false');
    }
  }

  /** Counts on the page shown are read again after a like, in place, so that focus stays on the button. */
  async function refreshLikeCounts() {
    if (state.query) return;
    const data = await graphql(QUERIES.likeCounts, { limit: PAGE_SIZE, offset: state.offset });
    for (const talk of data.Events) {
      const count = view.talkList.querySelector(`[data-count-for="${talk.id}"]`);
      if (count) count.textContent = likesText(talk.likeCount ? talk.likeCount.num : 0);
    }
  }

  function recommendationItem(talk) {
    const item = element('li', 'recommendation');
    item.append(titleHeading(talk, `recommended-${talk.id}`, 'h3'), element('p', 'meta', metaLine(talk)));
    if (talk.basis === 'PROFILE') item.append(element('p', 'why', `Match ${Math.round(talk.score * 100)}%`));
    return item;
  }

  const recommendationKey = (talks) => talks.map((talk) => `${talk.id}:${talk.basis}:${talk.score.toFixed(4)}`).join(',');

  function showRecommendations(talks) {
    view.recommendedList.dataset.key = recommendationKey(talks);
    view.recommendedList.replaceChildren(...talks.map(recommendationItem));
    const basis = talks.length === 0 ? 'NONE' : talks[0].basis;
    view.recommendedList.dataset.basis = basis;
    view.recommendedBasis.textContent =
      basis === 'PROFILE'
        ? 'Closest to the talks you like and your interests.'
        : basis === 'POPULAR'
          ? 'You have no profile yet: these are the most-liked talks. Like a talk or add an interest.'
          : 'Nothing to recommend yet.';
  }

  /** The user's recommendations, or undefined when a newer read has been started meanwhile. */
  async function readRecommendations() {
    const request = ++state.recommendedRequest;
    const data = await graphql(QUERIES.recommended, { userid: state.userid, limit: RECOMMENDATIONS });
    return request === state.recommendedRequest ? data.RecommendedEvents || [] : undefined;
  }

  async function loadRecommendations() {
    if (!userQueriesAllowed()) {
      view.recommendedList.replaceChildren();
      view.recommendedBasis.textContent = NEEDS_TOKEN;
      return;
    }
    const talks = await readRecommendations();
    if (talks) showRecommendations(talks);
  }

  /**
   * After AddInterest: reads now, and again after each pause, until the recommendations differ from the
   * ones shown; answers whether they did. An empty answer is not taken for the new state: while the
   * interest's embedding is being stored, the service can briefly answer with no talks at all.
   */
  async function refreshRecommendations() {
    let talks;
    for (const delay of [0, ...RECHECK_DELAYS_MS]) {
      if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
      talks = await readRecommendations();
      if (!talks) return false;
      if (talks.length > 0 && recommendationKey(talks) !== view.recommendedList.dataset.key) {
        showRecommendations(talks);
        return true;
      }
    }
    showRecommendations(talks);
    return false;
  }

  async function loadLiked() {
    state.liked = new Set();
    if (state.userid && userQueriesAllowed()) {
      const data = await graphql(QUERIES.liked, { userid: state.userid });
      state.liked = new Set(data.EventsLiked.map((talk) => talk.id));
    }
  }

  async function toggleLike(button) {
    const eventId = Number(button.dataset.eventId);
    // Not button.disabled: a disabled button drops the keyboard focus.
    if (state.likesPending.has(eventId)) return;
    state.likesPending.add(eventId);
    const liked = !state.liked.has(eventId);
    clearMessages();
    if (!userQueriesAllowed()) {
      view.notice.textContent = NEEDS_TOKEN;
      state.likesPending.delete(eventId);
      return;
    }
    try {
      await graphql(QUERIES.like, { liked: { eventId, userid: state.userid, liked } });
      if (liked) state.liked.add(eventId);
      else state.liked.delete(eventId);
      for (const other of document.querySelectorAll(`button.like[data-event-id="${eventId}"]`)) {
        other.setAttribute('aria-pressed', String(liked));
      }
      view.notice.textContent = liked ? 'Liked.' : 'Like removed.';
      await refreshLikeCounts();
      // A like is part of the profile as soon as Likes answers: one read shows it.
      await loadRecommendations();
    } catch (error) {
      showError(error);
    } finally {
      state.likesPending.delete(eventId);
    }
  }

  async function addInterest(text) {
    clearMessages();
    if (!userQueriesAllowed()) {
      view.notice.textContent = NEEDS_TOKEN;
      return;
    }
    await graphql(QUERIES.addInterest, { interest: { text, userid: state.userid } });
    view.interestText.value = '';
    view.notice.textContent = 'Interest added; updating your recommendations…';
    const changed = await refreshRecommendations();
    view.notice.textContent = changed ? 'Interest added; recommendations updated.' : 'Interest added.';
  }

  /** A default id for a first visit, so that likes work right away; the user may type their own. */
  function newUserId() {
    const bytes = crypto.getRandomValues(new Uint8Array(4));
    return `guest-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
  }

  function rememberedUserId() {
    try {
      return localStorage.getItem(USER_KEY);
    } catch {
      return null; // storage may be turned off; the id then lasts as long as the page
    }
  }

  function rememberUserId(userid) {
    try {
      localStorage.setItem(USER_KEY, userid);
    } catch {
      /* see rememberedUserId */
    }
  }

  function rememberedToken() {
    try {
      return sessionStorage.getItem(TOKEN_KEY) || '';
    } catch {
      return ''; // see rememberedUserId
    }
  }

  function rememberToken(token) {
    try {
      if (token) sessionStorage.setItem(TOKEN_KEY, token);
      else sessionStorage.removeItem(TOKEN_KEY);
    } catch {
      /* see rememberedUserId */
    }
  }

  async function switchUser(userid, token) {
    state.userid = userid;
    state.token = token;
    rememberUserId(userid);
    rememberToken(token);
    view.userid.value = userid;
    view.token.value = token;
    try {
      await loadLiked();
      await Promise.all([loadTalks(), loadRecommendations()]);
    } catch (error) {
      showError(error);
    }
  }

  view.userForm.addEventListener('submit', (event) => {
    event.preventDefault();
    clearMessages();
    void switchUser(view.userid.value.trim(), view.token.value.trim()).then(() => {
      if (view.error.textContent) return;
      view.notice.textContent = state.userid ? `User id is now ${state.userid}.` : 'No user id: liking and adding interests need one.';
    });
  });

  view.searchForm.addEventListener('submit', (event) => {
    event.preventDefault();
    clearMessages();
    // PersonalizedEventSearch is the user's own query.
    if (!userQueriesAllowed()) {
      view.notice.textContent = NEEDS_TOKEN;
      return;
    }
    state.query = view.searchQuery.value.trim();
    state.offset = 0;
    void loadTalks();
  });

  view.clearSearch.addEventListener('click', () => {
    clearMessages();
    state.query = '';
    state.offset = 0;
    view.searchQuery.value = '';
    void loadTalks({ focusHeading: true });
  });

  view.previousPage.addEventListener('click', () => {
    clearMessages();
    state.offset = Math.max(0, state.offset - PAGE_SIZE);
    void loadTalks({ focusHeading: true });
  });

  view.nextPage.addEventListener('click', () => {
    clearMessages();
    state.offset += PAGE_SIZE;
    void loadTalks({ focusHeading: true });
  });

  view.talkList.addEventListener('click', (event) => {
    const button = event.target instanceof Element ? event.target.closest('button.like') : null;
    if (button) void toggleLike(button);
  });

  view.interestForm.addEventListener('submit', (event) => {
    event.preventDefault();
    if (state.interestPending) return;
    state.interestPending = true;
    addInterest(view.interestText.value)
      .catch(showError)
      .finally(() => (state.interestPending = false));
  });

  void switchUser(rememberedUserId() ?? newUserId(), rememberedToken());
})();
