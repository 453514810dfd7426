import type { Scope } from './scopes';

/**
 * The scope each root field needs. A root field missing here is refused to everyone (a new field is
 * closed until it is given a scope); field-scopes.spec checks the served schema against this table.
 */
export const ROOT_FIELD_SCOPES: Readonly<Record<'Query' | 'Mutation', Readonly<Record<string, Scope>>>> = {
  Query: {
    Events: 'read:talks',
    SimilarEvents: 'read:talks',
    EventsLiked: 'read:likes',
    RecommendedEvents: 'read:likes',
    PersonalizedEventSearch: 'read:likes',
    AccountHolders: 'read:finance',
    AccountHolder: 'read:finance',
    SimilarAccountHolders: 'read:finance',
    Transactions: 'read:finance',
    TransactionPair: 'read:finance',
    SimilarTransactions: 'read:finance',
    TransactionSearch: 'read:finance',
  },
  Mutation: {
    Likes: 'write:likes',
    AddInterest: 'write:likes',
    AddAccountHolder: 'write:finance',
    AddTransaction: 'write:finance',
  },
};

/**
 * Root fields that act for a user, and where their userid is: an argument, or a field of an input
 * object argument. Unless a principal has act:any-user, that userid must be its own subject.
 */
export const USER_ARGUMENTS: Readonly<Record<string, readonly string[]>> = {
  EventsLiked: ['userid'],
  RecommendedEvents: ['userid'],
  PersonalizedEventSearch: ['userid'],
  Likes: ['liked', 'userid'],
  AddInterest: ['interest', 'userid'],
};
