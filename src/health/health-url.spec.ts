import { loadConfig } from '../config/load-config';
import { healthUrl } from './health-url';

describe('healthUrl', () => {
  it('is on PORT for api and all processes, over loopback when HOST is a wildcard', () => {
    expect(healthUrl(loadConfig({ APP_ROLE: 'api', PORT: '8080', HEALTH_PORT: '9465' }), '/health/ready')).toBe('http://127.0.0.1:8080/health/ready');
    expect(healthUrl(loadConfig({ HOST: '::' }), '/health/live')).toBe('http://127.0.0.1:3000/health/live');
  });

  it('is on HEALTH_PORT for a worker, and missing when a worker has none', () => {
    expect(healthUrl(loadConfig({ APP_ROLE: 'worker', HEALTH_PORT: '9465', HOST: '10.0.0.7' }), '/health/ready')).toBe('http://10.0.0.7:9465/health/ready');
    expect(healthUrl(loadConfig({ APP_ROLE: 'worker' }), '/health/ready')).toBeUndefined();
  });

  it('brackets an IPv6 HOST', () => {
    expect(healthUrl(loadConfig({ HOST: '::1' }), '/health/live')).toBe('http://[::1]:3000/health/live');
  });
});
