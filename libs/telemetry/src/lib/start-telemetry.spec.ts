import {
  isHousekeepingRequest,
  spanLimits,
  telemetryResource,
} from './start-telemetry';

describe('isHousekeepingRequest', () => {
  it.each(['/metrics', '/health/live', '/health/ready', '/metrics?x=1'])(
    'skips %s',
    (url) => {
      expect(isHousekeepingRequest(url)).toBe(true);
    },
  );

  it.each([
    '/v1/api/video?filename=metrics.mp4',
    '/v1/api/videos',
    '/healthy',
    '/metricsx',
  ])('traces %s', (url) => {
    expect(isHousekeepingRequest(url)).toBe(false);
  });
});

describe('telemetryResource', () => {
  it('names the service, its version and the deployment environment', () => {
    const resource = telemetryResource('stream-service', {
      SERVICE_VERSION: '1.4.2',
      NODE_ENV: 'production',
    });
    expect(resource.attributes).toEqual({
      'service.name': 'stream-service',
      'service.version': '1.4.2',
      'deployment.environment': 'production',
      'deployment.environment.name': 'production',
    });
  });

  it('prefers DEPLOYMENT_ENVIRONMENT and defaults to development', () => {
    expect(
      telemetryResource('a', {
        DEPLOYMENT_ENVIRONMENT: 'staging',
        NODE_ENV: 'production',
      }).attributes['deployment.environment'],
    ).toBe('staging');
    expect(
      telemetryResource('a', {}).attributes['deployment.environment'],
    ).toBe('development');
  });
});

describe('spanLimits', () => {
  it('cuts long attribute values unless the standard variable sets a limit', () => {
    expect(spanLimits({})).toEqual({ attributeValueLengthLimit: 4096 });
    expect(spanLimits({ OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT: '100000' })).toEqual(
      {},
    );
  });
});
