// End-to-end tests start real processes (database, Redis, the service): give them minutes, not seconds.
jest.setTimeout(180000);
