import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsNumber, IsOptional, IsString, Matches, Max, Min, MinLength, Validate } from 'class-validator';
import * as path from 'node:path';
import { DEFAULT_HNSW_EF_SEARCH } from '../capture/captured-vectors';
import { repoRoot } from '../common/compiled-path';
import { TEXT_TEMPLATES, type TextTemplateName } from '../embedding/text-template';
import { IsApiKeys, IsOneJwtKeySource, IsPublicScopes } from './auth-settings';
import { IsServiceUrl } from './is-service-url';
import { IsTimeZone } from './is-time-zone';

export const APP_ROLES = ['all', 'api', 'worker'] as const;
export type AppRole = (typeof APP_ROLES)[number];

export const POPULAR_ITEMS = ['talks', 'with-abstract', 'all'] as const;
export type PopularItems = (typeof POPULAR_ITEMS)[number];

export const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const toInt = ({ value }: { value: unknown }) => (typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value);
/** An integer setting of at least min (and at most max): the variable's digits become a number. */
function IntSetting(min: number, max?: number): PropertyDecorator {
  // Applied in the order `@Transform(toInt) @IsInt() @Min(min) @Max(max)` written out would apply them.
  return (target, property) => {
    if (max !== undefined) Max(max)(target, property);
    Min(min)(target, property);
    IsInt()(target, property);
    Transform(toInt)(target, property);
  };
}
const toBool = ({ value }: { value: unknown }) => {
  if (typeof value !== 'string') return value;
  const v = value.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(v)) return true;
  if (['false', '0', 'no', 'off'].includes(v)) return false;
  return value;
};
const toNumber = ({ value }: { value: unknown }) => (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : value);
const emptyToUndefined = ({ value }: { value: unknown }) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

/**
 * Every setting semflow reads, with its default. Property names are the environment variable names, so
 * a validation error names exactly the variable to fix. README's Configuration table mirrors this class.
 */
export class AppConfig {
  /** all: HTTP API and queue processors; api: HTTP only; worker: processors only. */
  @IsIn(APP_ROLES)
  APP_ROLE: AppRole = 'all';

  @IntSetting(0, 65535)
  PORT = 3000;

  @IsString()
  HOST = '0.0.0.0';

  /**
   * Worker processes have no HTTP server: above 0, a worker serves GET /metrics on a listener of its own
   * on HOST:METRICS_PORT, so its job counters and embedding histograms can be scraped. 0 = none. api and
   * all processes serve /metrics on PORT and ignore this setting.
   */
  @IntSetting(0, 65535)
  METRICS_PORT = 0;

  /**
   * Worker processes have no HTTP server: above 0, a worker serves GET /health/live, /health/ready and
   * /health on a listener of its own on HOST:HEALTH_PORT, for its orchestrator's probes. 0 = none. It
   * must differ from METRICS_PORT. api and all processes serve them on PORT and ignore this setting.
   */
  @IntSetting(0, 65535)
  HEALTH_PORT = 0;

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: LogLevel = 'info';

  /** json: one JSON object per line (default); text: human-readable lines. */
  @IsIn(['json', 'text'])
  LOG_FORMAT: 'json' | 'text' = 'json';

  /** Root for everything the service keeps on disk: embedded database, local Redis. */
  @IsString()
  @MinLength(1)
  DATA_DIR = './data';

  /**
   * The key admin requests must send in the X-API-Key header. Unset: the admin API is off and answers
   * every request with 401. Never logged, and hidden in configuration errors.
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'ADMIN_API_KEY must be at least 16 characters' })
  ADMIN_API_KEY?: string;

  /**
   * GraphQL API keys, sent as `Authorization: Bearer <key>`: entries `name:key:scope+scope` separated by
   * commas, e.g. `reports:<32 random characters>:read:finance+read:talks`. Scopes: read:talks read:likes
   * write:likes read:finance write:finance read:cards act:any-user. Never logged; hidden in errors.
   */
  @Validate(IsApiKeys)
  API_KEYS = '';

  /** Verifies bearer JWTs signed with this shared secret (HS256/384/512). Hidden in errors. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET?: string;

  /** Verifies bearer JWTs with the issuer's published keys (RS*, PS*, ES*, EdDSA); cached by key id. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Validate(IsServiceUrl, [['https', 'http']])
  @Validate(IsOneJwtKeySource)
  JWT_JWKS_URL?: string;

  /** The `iss` a token must carry (unset: any). */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  JWT_ISSUER?: string;

  /** The `aud` a token must carry (unset: any). */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  JWT_AUDIENCE?: string;

  /**
   * What GraphQL requests without credentials may do. Default: read the talks (public data). The
   * financial scopes cannot be given: account holders and transactions always need credentials.
   */
  @Validate(IsPublicScopes)
  PUBLIC_SCOPES = 'read:talks';

  /** Largest request body accepted (JSON or form); a larger one is refused with 413 before it is parsed. */
  @IntSetting(1024, 100 * 1024 * 1024)
  HTTP_BODY_LIMIT_BYTES = 1024 * 1024;

  /** Deepest field nesting a GraphQL operation may have; introspection fields add no depth. */
  @IntSetting(1, 100)
  GRAPHQL_MAX_DEPTH = 10;

  /**
   * Most a GraphQL operation may cost before it runs: 1 per selected field (fragments expanded, every
   * alias, introspection included), plus limit/10 per page, plus 10 per vector search, 50 per inference
   * and 50 per __schema/__type (src/graphql/root-field-kinds.ts). GraphiQL's schema query costs 270 to 280.
   */
  @IntSetting(1)
  GRAPHQL_MAX_COST = 1000;

  /** Most tokens a GraphQL document may have; parsing stops at the first one over, before the rest is read. */
  @IntSetting(100)
  GRAPHQL_MAX_TOKENS = 10000;

  /** Most root fields (every alias counted) one GraphQL operation may select. */
  @IntSetting(1)
  GRAPHQL_MAX_ROOT_FIELDS = 50;

  /** Most aliases one GraphQL operation may use, fragments expanded. */
  @IntSetting(0)
  GRAPHQL_MAX_ALIASES = 50;

  /** GraphQL mutations (root fields, every alias one) per second one client may send on average; 0 = no limit. */
  @IntSetting(0)
  GRAPHQL_MUTATION_RATE_LIMIT = 0;

  /** Mutations one client may send at once before GRAPHQL_MUTATION_RATE_LIMIT applies. */
  @IntSetting(1)
  GRAPHQL_MUTATION_BURST = 20;

  /**
   * Vector searches and inferences (TransactionSearch, SimilarEvents, RecommendedEvents...) per second one
   * client's queries may run on average; 0 = no limit. They hold the database and the model's CPU cores.
   */
  @IntSetting(0)
  GRAPHQL_EXPENSIVE_RATE_LIMIT = 50;

  /** Vector searches and inferences one client may run at once before GRAPHQL_EXPENSIVE_RATE_LIMIT applies. */
  @IntSetting(1)
  GRAPHQL_EXPENSIVE_BURST = 200;

  /**
   * Whether GraphQL answers introspection (the schema); GraphiQL's docs and completion need it. Unset:
   * on, but off when NODE_ENV=production (an attacker reads no schema of a production service).
   */
  @Transform(toBool)
  @IsBoolean()
  GRAPHQL_INTROSPECTION = true;

  /**
   * Whom Express trusts to say the client's address in X-Forwarded-For (its `trust proxy`): false (the
   * peer is the client), true (any proxy), a number of proxy hops, or addresses/subnets, comma-separated.
   * The rate limits key clients by that address; behind a proxy without it, all clients are one.
   */
  @Matches(/^(true|false|\d+|[\w.:/]+(\s*,\s*[\w.:/]+)*)$/, { message: 'TRUST_PROXY must be true, false, a hop count or addresses/subnets separated by commas' })
  TRUST_PROXY = 'false';

  /** Whether /graphiql serves GraphiQL. */
  @Transform(toBool)
  @IsBoolean()
  GRAPHIQL = true;

  /** Postgres 15+ with pgvector. Unset: the embedded PGlite database under DATA_DIR/pglite. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Validate(IsServiceUrl, [['postgres', 'postgresql']])
  DATABASE_URL?: string;

  @IntSetting(1, 100)
  DATABASE_POOL_SIZE = 10;

  /**
   * Lets NODE_ENV=production start on the embedded database. The embedded database never flushes its
   * files to disk (PGlite issues no fsync): acknowledged writes survive a crash of the process but not
   * a power loss or a VM reset, which can also leave its files corrupt. Production uses DATABASE_URL.
   */
  @Transform(toBool)
  @IsBoolean()
  EMBEDDED_DATABASE_IN_PRODUCTION = false;

  /** Connections the embedded database server accepts (all processes together). */
  @IntSetting(2, 200)
  PGLITE_MAX_CONNECTIONS = 100;

  /** Apply pending migrations at start-up (under a lock, so concurrent starts migrate once). */
  @Transform(toBool)
  @IsBoolean()
  MIGRATIONS_RUN = true;

  /**
   * Postgres cancels a statement of the service's connections that runs longer (statement_timeout); the
   * request gets QUERY_TIMEOUT (HTTP 503 with Retry-After). Migrations run without it. 0 = no limit. The
   * embedded database (PGlite) does not enforce it.
   */
  @IntSetting(0)
  DATABASE_STATEMENT_TIMEOUT_MS = 30000;

  /** Redis for BullMQ. Unset: a redis-server from PATH is started on a free port, data under DATA_DIR/redis. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Validate(IsServiceUrl, [['redis', 'rediss']])
  REDIS_URL?: string;

  @IsString()
  @MinLength(1)
  REDIS_SERVER_BIN = 'redis-server';

  /** Key prefix of every BullMQ queue, so several deployments can share one Redis. */
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'QUEUE_PREFIX may contain letters, digits, _ and - only' })
  QUEUE_PREFIX = 'semflow';

  @IntSetting(1, 100)
  QUEUE_ATTEMPTS = 5;

  @IntSetting(10)
  QUEUE_BACKOFF_MS = 1000;

  @IntSetting(0)
  QUEUE_KEEP_COMPLETED = 1000;

  @IntSetting(0)
  QUEUE_KEEP_FAILED = 10000;

  /**
   * How long adding a job may wait for Redis before the caller is told it failed. Writes that are already
   * stored then rely on the embedding sweep instead of hanging while Redis is away.
   */
  @IntSetting(100)
  QUEUE_ENQUEUE_TIMEOUT_MS = 3000;

  /** Jobs one worker process runs at once per queue; concurrent embedding jobs share inference batches. */
  @IntSetting(1, 512)
  WORKER_CONCURRENCY = 32;

  /** Must exceed the slowest batch; a job whose lock lapses is handed to another worker. */
  @IntSetting(5000)
  QUEUE_LOCK_DURATION_MS = 120000;

  /** How long shutdown waits for active jobs and requests before closing anyway. */
  @IntSetting(0)
  SHUTDOWN_TIMEOUT_MS = 30000;

  @IsString()
  @MinLength(1)
  MODELS_DIR = './models';

  /** A name from models/manifest.json, or ascii-test. */
  @IsString()
  @MinLength(1)
  EMBEDDING_MODEL = 'all-MiniLM-L6-v2';

  @IsIn(['int8', 'fp32'])
  EMBEDDING_PRECISION: 'int8' | 'fp32' = 'int8';

  /** Per entity type overrides, e.g. "event=ascii-test,transaction=all-MiniLM-L6-v2". */
  @Matches(/^$|^\s*[a-z_]+\s*=\s*[A-Za-z0-9._-]+\s*(,\s*[a-z_]+\s*=\s*[A-Za-z0-9._-]+\s*)*$/, {
    message: 'EMBEDDING_MODELS_BY_ENTITY must look like "entity=model,entity=model"',
  })
  EMBEDDING_MODELS_BY_ENTITY = '';

  /** Word pieces per text including [CLS] and [SEP]; the rest is cut and the text flagged truncated. */
  @IntSetting(8, 512)
  EMBEDDING_MAX_TOKENS = 256;

  /** Texts gathered from concurrent callers into one inference round. */
  @IntSetting(1, 1024)
  EMBEDDING_BATCH_SIZE = 64;

  /** How long a round waits for more texts before it starts. */
  @IntSetting(0, 1000)
  EMBEDDING_BATCH_WAIT_MS = 3;

  /**
   * Texts per session.run, length-sorted so padding stays small. 1 by default: on 2-core machines with
   * small caches, batches of 4-8 ran 20-40% slower per text than single texts (bench:embed).
   */
  @IntSetting(1, 256)
  EMBEDDING_INFERENCE_BATCH = 1;

  /**
   * Most texts one embedding model keeps waiting for inference; a request that would queue more is refused
   * (GraphQL OVERLOADED, HTTP 503 with Retry-After) instead of growing memory. 0 = unbounded.
   */
  @IntSetting(0)
  EMBEDDING_QUEUE_MAX_TEXTS = 10000;

  /**
   * Longest time a request's texts wait for inference to start; then the request is refused as
   * overloaded and its texts dropped (inference already running is not interrupted). 0 = no limit.
   */
  @IntSetting(0)
  EMBEDDING_REQUEST_TIMEOUT_MS = 30000;

  /** Inference sessions, each in its own worker thread; 0 = one per CPU core. */
  @IntSetting(0, 64)
  EMBEDDING_SESSIONS = 0;

  /** Intra-op threads of each inference session; 0 = the CPU cores divided among the sessions. */
  @IntSetting(0, 256)
  EMBEDDING_THREADS = 0;

  /** Where models:build copies the production tokenizer files from (else: downloaded). */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  MODEL_TOKENIZER_DIR?: string;

  @Matches(/^https?:\/\/.+/, { message: 'MODEL_DOWNLOAD_BASE_URL must be an http(s) URL' })
  MODEL_DOWNLOAD_BASE_URL = 'https://huggingface.co';

  /**
   * none: semflow's own semantics. datasqrl: the defaults of the settings below (and the talks' model:
   * EMBEDDING_MODELS_BY_ENTITY=event=ascii-test) switch to reproduce the DataSQRL Current23 example, quirks included; each setting that
   * is given explicitly still wins.
   */
  @IsIn(['none', 'datasqrl'])
  COMPAT_MODE: 'none' | 'datasqrl' = 'none';

  /**
   * Conference talks to load at start (JSON Lines file, directory of them, or http(s) URL); empty: none.
   * Default: the demo talks shipped with semflow. Loaded by the process that runs the workers.
   */
  @IsString()
  EVENTS_SOURCE = path.join(repoRoot, 'seed', 'current23-demo.jsonl');

  /** Keep watching EVENTS_SOURCE and load new or changed files (or a changed URL) as they appear. */
  @Transform(toBool)
  @IsBoolean()
  EVENTS_WATCH = false;

  @IntSetting(100)
  EVENTS_WATCH_INTERVAL_MS = 2000;

  // Access: what an admin request may make the service read, and bounds on every source.

  /**
   * Directories (comma-separated) whose files a POST /admin/events/reingest may name; real paths are
   * compared, so a symlink or ".." cannot lead out. EVENTS_SOURCE itself may always be named. Default:
   * the shipped seed directory. Empty: only EVENTS_SOURCE. The operator's own sources (EVENTS_SOURCE, the
   * ingest command) are not limited by it.
   */
  @IsString()
  EVENTS_SOURCE_ALLOWED_DIRS = path.join(repoRoot, 'seed');

  /**
   * URL prefixes (comma-separated, e.g. https://data.example.com/talks/) a reingest request may name:
   * same scheme, host and port, and a path under the prefix's. Default: none, so a request cannot make
   * the service fetch anything.
   */
  @IsString()
  EVENTS_SOURCE_ALLOWED_URLS = '';

  /**
   * Let a reingest request fetch from loopback, private, link-local (cloud metadata), unique-local and
   * other non-public addresses. Off: every address the host resolves to is checked, and the connection
   * goes to the checked address, so a request cannot reach the service's own network.
   */
  @Transform(toBool)
  @IsBoolean()
  EVENTS_SOURCE_ALLOW_PRIVATE_URLS = false;

  /** Most bytes one ingestion run reads from its source (all files of a directory together). */
  @IntSetting(1024)
  EVENTS_SOURCE_MAX_BYTES = 256 * 1024 * 1024;

  /** Longest line (bytes) of a source; a longer one is rejected without being held in memory whole. */
  @IntSetting(1024, 64 * 1024 * 1024)
  EVENTS_SOURCE_MAX_LINE_BYTES = 1024 * 1024;

  /** Longest an ingestion run may take; a run still reading then stops with an error. */
  @IntSetting(1000)
  EVENTS_SOURCE_TIMEOUT_MS = 10 * 60 * 1000;

  /**
   * The queue dashboard only shows queues and jobs: its pause, retry, clean and remove actions are
   * hidden and refused by the server. On by default: the dashboard is the one admin page a browser
   * opens, and the REST API (X-API-Key) does the same changes without it.
   */
  @Transform(toBool)
  @IsBoolean()
  QUEUE_DASHBOARD_READ_ONLY = true;

  /** Zone of the talks' wall-clock times (the Current23 agenda is in Pacific time). */
  @Validate(IsTimeZone)
  EVENTS_TIME_ZONE = 'America/Los_Angeles';

  /**
   * Between title and abstract in full_text. newline: a line break. literal-backslash-n: the two
   * characters \ and n, as DataSQRL's SQL literal '\n' produced.
   */
  @IsIn(['newline', 'literal-backslash-n'])
  EVENT_TEXT_SEPARATOR: 'newline' | 'literal-backslash-n' = 'newline';

  /** Longest string a field of a talk record may hold (title, abstract, a speaker's name...); longer records are rejected. */
  @IntSetting(1, 1000000)
  EVENT_FIELD_MAX_CHARS = 20000;

  /**
   * Which likes feed a user's profile. current: events the user likes now (an un-like removes the event,
   * a repeated like counts once). raw: every liked=true like ever sent, as DataSQRL did.
   */
  @IsIn(['current', 'raw'])
  PROFILE_LIKES: 'current' | 'raw' = 'current';

  /** EventsLiked: liked = events liked now; raw = every like sent for the user, liked or not (DataSQRL). */
  @IsIn(['liked', 'raw'])
  EVENTS_LIKED_FILTER: 'liked' | 'raw' = 'liked';

  /** Whether RecommendedEvents lists talks the user already likes (the includeLiked argument overrides). */
  @Transform(toBool)
  @IsBoolean()
  RECOMMEND_INCLUDE_LIKED = false;

  /** A user without a profile gets: popular = the most-liked, then earliest talks; none = an empty list. */
  @IsIn(['popular', 'none'])
  RECOMMEND_FALLBACK: 'popular' | 'none' = 'popular';

  /**
   * Which agenda items the popular fallback offers. talks: those with an abstract and speakers (not
   * Breakfast, Registration, Expo: their abstract is "N/A" and they have no speakers); with-abstract:
   * speakers optional (keeps workshops and keynotes listed without them); all: every item.
   */
  @IsIn(POPULAR_ITEMS)
  RECOMMEND_POPULAR_ITEMS: PopularItems = 'talks';

  /**
   * PersonalizedEventSearch order (the ranking argument overrides). blend: SEARCH_PROFILE_WEIGHT x
   * profile similarity + the rest x text rank; similarity: profile similarity only (DataSQRL).
   */
  @IsIn(['blend', 'similarity'])
  SEARCH_RANKING: 'blend' | 'similarity' = 'blend';

  @Transform(toNumber)
  @IsNumber()
  @Min(0)
  @Max(1)
  SEARCH_PROFILE_WEIGHT = 0.7;

  @IntSetting(1, 10000)
  USERID_MAX_CHARS = 128;

  /** Longest interest text AddInterest accepts. */
  @IntSetting(1, 100000)
  INTEREST_MAX_CHARS = 2000;

  @IntSetting(1, 100000)
  SEARCH_QUERY_MAX_CHARS = 500;

  /**
   * Candidates an HNSW similarity search keeps (pgvector's hnsw.ef_search) when its vector is a stored
   * row's or a profile (RecommendedEvents, SimilarEvents, SimilarTransactions, SimilarAccountHolders),
   * raised per query to the rows it must return. Higher: better recall, slower queries.
   */
  @IntSetting(1, 1000)
  HNSW_EF_SEARCH = DEFAULT_HNSW_EF_SEARCH.rows;

  /** The same for a query text embedded at query time (TransactionSearch): such vectors need a longer list. */
  @IntSetting(1, 1000)
  HNSW_EF_SEARCH_TEXT = DEFAULT_HNSW_EF_SEARCH.text;

  /** Largest limit a list query accepts. */
  @IntSetting(1, 100000)
  MAX_PAGE_SIZE = 1000;

  /**
   * How often the worker process queues embeddings for rows that have none for their current text or
   * model (rows written while Redis was down, or by other programs); 0 = only at start.
   */
  @IntSetting(0)
  EMBEDDING_SWEEP_INTERVAL_MS = 60000;

  /**
   * How often that sweep examines every captured row (hashing each one) instead of only the rows written
   * since the last sweep; also at start. The full pass finds rows whose jobs Redis accepted and then
   * lost; 0 = every sweep is a full one.
   */
  @IntSetting(0)
  EMBEDDING_FULL_SWEEP_INTERVAL_MS = 86400000;

  /**
   * How long AddInterest waits for its text's embedding within the request before storing the interest
   * without one and leaving it to its job; 0 = always through the queue.
   */
  @IntSetting(0, 10000)
  INTEREST_EMBED_WAIT_MS = 100;

  /** How often the capture relay looks for captured changes when no notification woke it. */
  @IntSetting(10)
  CAPTURE_POLL_INTERVAL_MS = 500;

  /**
   * How soon the capture relay looks again after a round that moved changes; doubled per empty round up
   * to CAPTURE_POLL_INTERVAL_MS. Short, because the embedded database delivers no notification to the
   * relay's own connection, so polling is what keeps commit-to-queue latency low while rows stream in.
   */
  @IntSetting(1)
  CAPTURE_ACTIVE_POLL_INTERVAL_MS = 10;

  /** Captured changes the relay moves to the queues per round. */
  @IntSetting(1, 10000)
  CAPTURE_BATCH_SIZE = 500;

  /** How long a relay holds captured changes it is moving; after that another relay takes them. */
  @IntSetting(1000)
  CAPTURE_LEASE_MS = 30000;

  /** Text template of account holders: informative (most telling fields first) or reference. */
  @IsIn(TEXT_TEMPLATES)
  ACCOUNTHOLDER_TEXT_TEMPLATE: TextTemplateName = 'informative';

  /** Text template of transactions: informative (most telling fields first) or reference. */
  @IsIn(TEXT_TEMPLATES)
  TRANSACTION_TEXT_TEMPLATE: TextTemplateName = 'informative';
}

/** Settings COMPAT_MODE=datasqrl changes the defaults of. */
export const DATASQRL_COMPAT_DEFAULTS: Partial<Record<keyof AppConfig, string>> = {
  // Talks (and so interests) only: other entity types keep EMBEDDING_MODEL.
  EMBEDDING_MODELS_BY_ENTITY: 'event=ascii-test',
  EVENT_TEXT_SEPARATOR: 'literal-backslash-n',
  PROFILE_LIKES: 'raw',
  EVENTS_LIKED_FILTER: 'raw',
  RECOMMEND_INCLUDE_LIKED: 'true',
  RECOMMEND_FALLBACK: 'none',
  SEARCH_RANKING: 'similarity',
  // The DataSQRL example's API is open: anyone may like, add interests and read any user's lists.
  PUBLIC_SCOPES: 'read:talks read:likes write:likes act:any-user',
};
