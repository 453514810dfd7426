import { Injectable } from '@nestjs/common';
import { CapturedEmbeddingsRegistry } from '../capture/captured-embeddings.registry';
import type { Scored } from '../capture/captured-vectors';
import type { EmbeddingStatus } from '../capture/embedding-status';
import { EmbeddingStatusService } from '../capture/embedding-status.service';
import { InvalidInputError } from '../common/invalid-input.error';
import { requireKeysetPage, requireLimit } from '../common/pagination';
import { requireAtMost, requireText } from '../common/user-input';
import { uuidV7 } from '../common/uuid-v7';
import { validInput } from '../common/validate-input';
import { AppConfig } from '../config/app-config';
import { DIRECTION_COLUMN_VALUES, toTransactionView, type Direction, type TransactionView } from './transaction-view';
import { ACCOUNT_NUMBER_MAX_CHARS, LEG_ID_MAX_CHARS, toTransactionColumns, TransactionInput } from './transaction.input';
import { TRANSACTION_TABLES } from './transaction-tables';
import type { TransactionRow } from './transaction.types';
import { TransactionsRepository } from './transactions.repository';

export interface LegQuery {
  limit: number;
  offset: number;
  after: number | null;
  accountNumber: string | null;
  direction: Direction | null;
}

export interface TransactionPair {
  transactionId: string;
  outbound: TransactionView | null;
  inbound: TransactionView | null;
}

export interface ScoredTransaction {
  score: number;
  transaction: TransactionView;
}

@Injectable()
export class TransactionsService {
  constructor(
    private readonly repository: TransactionsRepository,
    private readonly registry: CapturedEmbeddingsRegistry,
    private readonly statuses: EmbeddingStatusService,
    private readonly config: AppConfig,
  ) {}

  private get embeddings() {
    return this.registry.get(TRANSACTION_TABLES.entity);
  }

  async page(query: LegQuery): Promise<TransactionView[]> {
    const page = requireKeysetPage(query.limit, query.offset, query.after, this.config.MAX_PAGE_SIZE);
    if (query.accountNumber !== null) requireAtMost('accountNumber', query.accountNumber, ACCOUNT_NUMBER_MAX_CHARS);
    const direction = query.direction === null ? null : DIRECTION_COLUMN_VALUES[query.direction];
    const rows = await this.repository.page(page, { accountNumber: query.accountNumber, direction });
    return rows.map(toTransactionView);
  }

  /** Either leg is null until it is written: the two legs arrive one after the other. */
  async pair(transactionId: string): Promise<TransactionPair> {
    requireAtMost('transactionId', transactionId, LEG_ID_MAX_CHARS);
    const legs = (await this.repository.legsOf(transactionId)).map(toTransactionView);
    return {
      transactionId,
      outbound: legs.find((leg) => leg.direction === 'OUTBOUND') ?? null,
      inbound: legs.find((leg) => leg.direction === 'INBOUND') ?? null,
    };
  }

  /** Validated before anything is written; the ids are UUIDv7s like the generator's when not given. */
  async add(input: unknown): Promise<TransactionView> {
    const leg = validInput(TransactionInput, input);
    const ids = { eventId: leg.eventId ?? uuidV7(), transactionId: leg.transactionId ?? uuidV7() };
    return toTransactionView(await this.repository.insert(toTransactionColumns(leg, ids)));
  }

  /**
   * The legs nearest to the newest leg with this eventId, among rows embedded by the current model;
   * empty while that leg is not embedded by it yet.
   */
  async similar(eventId: string, limit: number): Promise<ScoredTransaction[]> {
    requireAtMost('eventId', eventId, LEG_ID_MAX_CHARS);
    const checkedLimit = requireLimit(limit, this.config.MAX_PAGE_SIZE);
    const target = await this.repository.newestByEventId(eventId);
    if (!target) throw new InvalidInputError(`there is no transaction leg with eventId ${eventId}`, 'eventId');
    const model = this.embeddings.model;
    const vector = await this.repository.vectorOf(target._id, model);
    if (vector === null) return [];
    return this.scored(await this.repository.nearest({ vector, model, limit: checkedLimit, excludeRowId: target._id, from: 'row' }));
  }

  /** Semantic search: the query text embedded by the legs' model, legs by cosine similarity to it. */
  async search(text: string, limit: number): Promise<ScoredTransaction[]> {
    requireText('text', text, this.config.SEARCH_QUERY_MAX_CHARS);
    const checkedLimit = requireLimit(limit, this.config.MAX_PAGE_SIZE);
    const query = await this.embeddings.embedQuery(text);
    // Read after embedding: the query was embedded with the model current then (it may change at run time).
    const model = this.embeddings.model;
    return this.scored(await this.repository.nearest({ vector: query.vector, model, limit: checkedLimit, from: 'text' }));
  }

  embeddingStatus(leg: TransactionView, request: object): Promise<EmbeddingStatus> {
    return this.statuses.statusOf(TRANSACTION_TABLES, leg.id, request);
  }

  private scored(rows: Array<Scored<TransactionRow>>): ScoredTransaction[] {
    return rows.map((row) => ({ score: row.score, transaction: toTransactionView(row) }));
  }
}
