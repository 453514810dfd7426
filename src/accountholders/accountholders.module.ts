import { Module } from '@nestjs/common';
import { capturedEntityProvider } from '../capture/captured-entity';
import { EmbeddingStatusModule } from '../capture/embedding-status.module';
import { JobName } from '../queue/queue.types';
import { accountHolderText, type AccountHolderTextInput } from './accountholder-text';
import { ACCOUNT_HOLDER_TABLES } from './accountholder-tables';
import { AccountHoldersRepository } from './accountholders.repository';
import { AccountHoldersResolver } from './accountholders.resolver';
import { AccountHoldersService } from './accountholders.service';
import { CreditCardResolver } from './credit-card.resolver';

/** Account holders written into the accountholders table by any program: captured, embedded, queried. */
@Module({
  imports: [EmbeddingStatusModule],
  providers: [
    capturedEntityProvider<AccountHolderTextInput>({
      ...ACCOUNT_HOLDER_TABLES,
      embedJob: JobName.EmbedAccountHolder,
      fanOutJob: JobName.QueueAccountHolderEmbeddings,
      template: (config) => config.ACCOUNTHOLDER_TEXT_TEMPLATE,
      textOf: accountHolderText,
    }),
    AccountHoldersRepository,
    AccountHoldersService,
    AccountHoldersResolver,
    CreditCardResolver,
  ],
})
export class AccountHoldersModule {}
