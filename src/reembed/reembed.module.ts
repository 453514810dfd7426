import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module';
import { InterestsModule } from '../interests/interests.module';
import { EmbeddingSweepService } from './embedding-sweep.service';
import { ReembedService } from './reembed.service';

@Module({
  imports: [EventsModule, InterestsModule],
  providers: [ReembedService, EmbeddingSweepService],
  exports: [ReembedService],
})
export class ReembedModule {}
