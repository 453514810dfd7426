import { Module } from '@nestjs/common';
import { capturedEntityProvider } from '../capture/captured-entity';
import { JobName } from '../queue/queue.types';
import { accountHolderText, type AccountHolderTextInput } from './accountholder-text';

/** Account holders written into the accountholders table by any program: captured and embedded. */
@Module({
  providers: [
    capturedEntityProvider<AccountHolderTextInput>({
      entity: 'accountholder',
      sourceTable: 'accountholders',
      embeddingsTable: 'accountholder_embeddings',
      jsonColumns: ['address', 'accounts'],
      embedJob: JobName.EmbedAccountHolder,
      fanOutJob: JobName.QueueAccountHolderEmbeddings,
      template: (config) => config.ACCOUNTHOLDER_TEXT_TEMPLATE,
      textOf: accountHolderText,
    }),
  ],
})
export class AccountHoldersModule {}
