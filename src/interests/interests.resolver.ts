import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { InterestAdded, InterestsService } from './interests.service';

@Resolver()
export class InterestsResolver {
  constructor(private readonly interests: InterestsService) {}

  @Mutation('AddInterest')
  add(@Args('interest') interest: { userid: string; text: string }): Promise<InterestAdded> {
    return this.interests.add(interest.userid, interest.text);
  }
}
