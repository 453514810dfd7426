/** The Redis this process uses: REDIS_URL, or the local redis-server started for it. */
export class RedisEndpoint {
  constructor(readonly url: string) {}
}
