import { Injectable } from '@nestjs/common';
import { CapturedEmbeddingsRegistry } from '../capture/captured-embeddings.registry';
import type { EmbeddingStatus } from '../capture/embedding-status';
import { EmbeddingStatusService } from '../capture/embedding-status.service';
import { InvalidInputError } from '../common/invalid-input.error';
import { requireKeysetPage, requireLimit } from '../common/pagination';
import { requireAtMost } from '../common/user-input';
import { validInput } from '../common/validate-input';
import { AppConfig } from '../config/app-config';
import { ACCOUNT_HOLDER_TABLES } from './accountholder-tables';
import { toAccountHolderView, type AccountHolderView } from './accountholder-view';
import { AccountHolderInput, NATIONAL_ID_MAX_CHARS, toAccountHolderColumns } from './accountholder.input';
import { AccountHoldersRepository } from './accountholders.repository';

export interface ScoredAccountHolder {
  score: number;
  holder: AccountHolderView;
}

@Injectable()
export class AccountHoldersService {
  constructor(
    private readonly repository: AccountHoldersRepository,
    private readonly registry: CapturedEmbeddingsRegistry,
    private readonly statuses: EmbeddingStatusService,
    private readonly config: AppConfig,
  ) {}

  async page(limit: number, offset: number, after: number | null): Promise<AccountHolderView[]> {
    const rows = await this.repository.page(requireKeysetPage(limit, offset, after, this.config.MAX_PAGE_SIZE));
    return rows.map(toAccountHolderView);
  }

  async byNationalId(nationalId: string): Promise<AccountHolderView | null> {
    requireAtMost('nationalId', nationalId, NATIONAL_ID_MAX_CHARS);
    const row = await this.repository.newestByNationalId(nationalId);
    return row && toAccountHolderView(row);
  }

  /** Validated before anything is written; the stored row is returned as the table holds it. */
  async add(input: unknown): Promise<AccountHolderView> {
    const holder = validInput(AccountHolderInput, input);
    return toAccountHolderView(await this.repository.insert(toAccountHolderColumns(holder)));
  }

  /**
   * The holders nearest to the newest holder with this national id, among rows embedded by the current
   * model; empty while that holder is not embedded by it yet.
   */
  async similar(nationalId: string, limit: number): Promise<ScoredAccountHolder[]> {
    requireAtMost('nationalId', nationalId, NATIONAL_ID_MAX_CHARS);
    const checkedLimit = requireLimit(limit, this.config.MAX_PAGE_SIZE);
    const target = await this.repository.newestByNationalId(nationalId);
    if (!target) throw new InvalidInputError(`there is no account holder with nationalId ${nationalId}`, 'nationalId');
    const model = this.registry.get(ACCOUNT_HOLDER_TABLES.entity).model;
    const vector = await this.repository.vectorOf(target._id, model);
    if (vector === null) return [];
    const rows = await this.repository.nearest({ vector, model, limit: checkedLimit, excludeRowId: target._id, from: 'row' });
    return rows.map((row) => ({ score: row.score, holder: toAccountHolderView(row) }));
  }

  embeddingStatus(holder: AccountHolderView, request: object): Promise<EmbeddingStatus> {
    return this.statuses.statusOf(ACCOUNT_HOLDER_TABLES, holder.id, request);
  }
}
