import { Module } from '@nestjs/common';
import { capturedEntityProvider } from '../capture/captured-entity';
import { JobName } from '../queue/queue.types';
import { transactionText, type TransactionTextInput } from './transaction-text';

/** Transaction legs written into the transactions table by any program: captured and embedded. */
@Module({
  providers: [
    capturedEntityProvider<TransactionTextInput>({
      entity: 'transaction',
      sourceTable: 'transactions',
      embeddingsTable: 'transaction_embeddings',
      jsonColumns: ['accountholderaccount', 'counterpartyaccount', 'amount'],
      embedJob: JobName.EmbedTransaction,
      fanOutJob: JobName.QueueTransactionEmbeddings,
      template: (config) => config.TRANSACTION_TEXT_TEMPLATE,
      textOf: transactionText,
    }),
  ],
})
export class TransactionsModule {}
