import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { CapturedVectors, type NearestQuery, type Scored } from '../capture/captured-vectors';
import { jsonParam } from '../common/json-param';
import type { KeysetPage } from '../common/pagination';
import { ACCOUNT_HOLDER_TABLES } from './accountholder-tables';
import type { AccountHolderColumns, AccountHolderRow } from './accountholder.types';

export type NewAccountHolder = AccountHolderColumns<unknown> & { nationalid: string };

@Injectable()
export class AccountHoldersRepository {
  private readonly vectors: CapturedVectors;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    config: AppConfig,
  ) {
    this.vectors = new CapturedVectors(db, ACCOUNT_HOLDER_TABLES, { rows: config.HNSW_EF_SEARCH, text: config.HNSW_EF_SEARCH_TEXT });
  }

  page({ limit, offset, after }: KeysetPage): Promise<AccountHolderRow[]> {
    return this.db.query('SELECT * FROM accountholders WHERE ($3::int IS NULL OR _id > $3) ORDER BY _id LIMIT $1 OFFSET $2', [limit, offset, after]);
  }

  /** nationalid is not unique in the source table: the row written last stands for the holder. */
  async newestByNationalId(nationalId: string): Promise<AccountHolderRow | null> {
    const rows = await this.db.query('SELECT * FROM accountholders WHERE nationalid = $1 ORDER BY _id DESC LIMIT 1', [nationalId]);
    return rows[0] ?? null;
  }

  /** A plain INSERT like any other writer's: the capture trigger queues its embedding. */
  async insert(holder: NewAccountHolder): Promise<AccountHolderRow> {
    const [row] = await this.db.query(
      `INSERT INTO accountholders (nationalid, firstname, lastname, dob, gender, children, address, accounts, emailaddress, mobilephonenumber)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb, $9, $10) RETURNING *`,
      [
        holder.nationalid,
        holder.firstname,
        holder.lastname,
        holder.dob,
        holder.gender,
        holder.children,
        jsonParam(holder.address),
        jsonParam(holder.accounts),
        holder.emailaddress,
        holder.mobilephonenumber,
      ],
    );
    return row;
  }

  vectorOf(rowId: number, model: string): Promise<number[] | null> {
    return this.vectors.vectorOf(rowId, model);
  }

  nearest(query: NearestQuery): Promise<Array<Scored<AccountHolderRow>>> {
    return this.vectors.nearest<AccountHolderRow>(query);
  }
}
