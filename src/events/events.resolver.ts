import { Args, Query, Resolver } from '@nestjs/graphql';
import type { EventView } from './event-view';
import { EventsService } from './events.service';

@Resolver('Events')
export class EventsResolver {
  constructor(private readonly events: EventsService) {}

  @Query('Events')
  list(@Args('limit') limit: number, @Args('offset') offset: number | null): Promise<EventView[]> {
    return this.events.page(limit, offset ?? 0);
  }
}
