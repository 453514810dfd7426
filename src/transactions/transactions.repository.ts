import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CapturedVectors, type NearestQuery, type Scored } from '../capture/captured-vectors';
import { jsonParam } from '../common/json-param';
import { AppConfig } from '../config/app-config';
import type { KeysetPage } from '../common/pagination';
import type { NewTransaction } from './transaction.input';
import { TRANSACTION_TABLES } from './transaction-tables';
import type { TransactionRow } from './transaction.types';

/** Filters of the leg list, as column values; null: any. */
export interface LegFilter {
  accountNumber: string | null;
  direction: string | null;
}

const JSON_COLUMNS = new Set(TRANSACTION_TABLES.jsonColumns);

@Injectable()
export class TransactionsRepository {
  private readonly vectors: CapturedVectors;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    config: AppConfig,
  ) {
    this.vectors = new CapturedVectors(db, TRANSACTION_TABLES, { rows: config.HNSW_EF_SEARCH, text: config.HNSW_EF_SEARCH_TEXT });
  }

  page({ limit, offset, after }: KeysetPage, filter: LegFilter): Promise<TransactionRow[]> {
    return this.db.query(
      `SELECT * FROM transactions
        WHERE ($3::text IS NULL OR accountnumber = $3) AND ($4::text IS NULL OR direction = $4) AND ($5::int IS NULL OR _id > $5)
        ORDER BY _id LIMIT $1 OFFSET $2`,
      [limit, offset, filter.accountNumber, filter.direction, after],
    );
  }

  /** eventid is not unique in the source table: the row written last stands for the event. */
  async newestByEventId(eventId: string): Promise<TransactionRow | null> {
    const rows = await this.db.query('SELECT * FROM transactions WHERE eventid = $1 ORDER BY _id DESC LIMIT 1', [eventId]);
    return rows[0] ?? null;
  }

  /** The newest leg of each direction written for the transaction. */
  legsOf(transactionId: string): Promise<TransactionRow[]> {
    return this.db.query(
      `SELECT DISTINCT ON (direction) * FROM transactions
        WHERE transactionid = $1 AND direction IN ('outbound', 'inbound')
        ORDER BY direction, _id DESC`,
      [transactionId],
    );
  }

  /**
   * A plain INSERT like any other writer's: the capture trigger queues its embedding. Column names are
   * the keys of NewTransaction (fixed in code), never taken from input.
   */
  async insert(leg: NewTransaction): Promise<TransactionRow> {
    const columns = Object.keys(leg) as Array<keyof NewTransaction>;
    const placeholders = columns.map((column, index) => `$${index + 1}${JSON_COLUMNS.has(column) ? '::jsonb' : ''}`);
    const values = columns.map((column) => (JSON_COLUMNS.has(column) ? jsonParam(leg[column]) : leg[column]));
    const [row] = await this.db.query(`INSERT INTO transactions (${columns.join(', ')}) VALUES (${placeholders.join(', ')}) RETURNING *`, values);
    return row;
  }

  vectorOf(rowId: number, model: string): Promise<number[] | null> {
    return this.vectors.vectorOf(rowId, model);
  }

  nearest(query: NearestQuery): Promise<Array<Scored<TransactionRow>>> {
    return this.vectors.nearest<TransactionRow>(query);
  }
}
