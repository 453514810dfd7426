import { Args, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { EventEntity } from './event.entity';
import { EventsService } from './events.service';

@Resolver('Events')
export class EventsResolver {
  constructor(private readonly events: EventsService) {}

  @Query('Events')
  list(@Args('limit') limit: number, @Args('offset') offset = 0): Promise<EventEntity[]> {
    return this.events.page(limit, offset ?? 0);
  }

  @ResolveField('startTimestamp')
  startTimestamp(@Parent() event: EventEntity): string {
    return event.startTimestamp ? event.startTimestamp.toISOString() : '';
  }
}
