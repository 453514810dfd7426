import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { EventView } from '../events/event-view';
import { LikeAdded, LikedEventView, LikesService } from './likes.service';

@Resolver()
export class LikesResolver {
  constructor(private readonly likes: LikesService) {}

  @Mutation('Likes')
  like(@Args('liked') input: { userid: string; eventId: number; liked: boolean }): Promise<LikeAdded> {
    return this.likes.like(input.userid, input.eventId, input.liked);
  }

  @Query('EventsLiked')
  liked(@Args('userid') userid: string, @Args('limit') limit: number | null, @Args('offset') offset: number | null): Promise<LikedEventView[]> {
    return this.likes.likedEvents(userid, limit ?? null, offset ?? 0);
  }
}

@Resolver('Events')
export class LikeCountResolver {
  constructor(private readonly likes: LikesService) {}

  @ResolveField('likeCount')
  likeCount(@Parent() event: EventView, @Context() request: object): Promise<{ num: number }> {
    return this.likes.likeCount(event.id, request);
  }
}
