import { Module } from '@nestjs/common';
import { capturedEntityProvider } from '../capture/captured-entity';
import { EmbeddingStatusModule } from '../capture/embedding-status.module';
import { JobName } from '../queue/queue.types';
import { transactionText, type TransactionTextInput } from './transaction-text';
import { TRANSACTION_TABLES } from './transaction-tables';
import { TransactionsRepository } from './transactions.repository';
import { TransactionsResolver } from './transactions.resolver';
import { TransactionsService } from './transactions.service';

/** Transaction legs written into the transactions table by any program: captured, embedded, queried. */
@Module({
  imports: [EmbeddingStatusModule],
  providers: [
    capturedEntityProvider<TransactionTextInput>({
      ...TRANSACTION_TABLES,
      embedJob: JobName.EmbedTransaction,
      fanOutJob: JobName.QueueTransactionEmbeddings,
      template: (config) => config.TRANSACTION_TEXT_TEMPLATE,
      textOf: transactionText,
    }),
    TransactionsRepository,
    TransactionsService,
    TransactionsResolver,
  ],
})
export class TransactionsModule {}
