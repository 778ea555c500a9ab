import { describe, expect, it } from 'vitest';
import { buildConfig, ConfigError, parseEnv } from '../../src/core/config';

const secrets = { jwtSecret: 'generated-jwt-secret-generated-jwt-secret', encryptionMasterKey: 'generated-master-key-generated-master-key' };

describe('environment config', () => {
  it('has working defaults for the embedded database', () => {
    const config = buildConfig(parseEnv({}), secrets);
    expect(config).toMatchObject({ port: 8000, poolSize: 10, preparedStatements: true, databaseUrl: undefined, jobsInProcess: true, seedDemo: true });
    expect(buildConfig(parseEnv({ DB_PREPARED_STATEMENTS: 'false' }), secrets).preparedStatements).toBe(false);
    expect(config.jwt.secret).toBe(secrets.jwtSecret);
    expect(config.jwt.accessTtlSeconds).toBeLessThanOrEqual(900);
  });

  it('names every problem at once', () => {
    try {
      parseEnv({ PORT: 'eighty', DATABASE_URL: 'not a url', ACCESS_TOKEN_TTL_SECONDS: '3600' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const problems = (err as ConfigError).problems.join('\n');
      expect(problems).toMatch(/PORT/);
      expect(problems).toMatch(/DATABASE_URL/);
      expect(problems).toMatch(/ACCESS_TOKEN_TTL_SECONDS/);
    }
  });

  it('requires the secrets in production', () => {
    expect(() => parseEnv({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET.*\n.*ENCRYPTION_MASTER_KEY/s);
    const env = parseEnv({ NODE_ENV: 'production', JWT_SECRET: 'j'.repeat(40), ENCRYPTION_MASTER_KEY: 'k'.repeat(40) });
    expect(buildConfig(env, secrets).jwt.secret).toBe('j'.repeat(40));
  });

  it('runs jobs in-process on the embedded database only, unless told otherwise', () => {
    expect(buildConfig(parseEnv({ DATABASE_URL: 'postgres://localhost/x' }), secrets).jobsInProcess).toBe(false);
    expect(buildConfig(parseEnv({ DATABASE_URL: 'postgres://localhost/x', JOBS_IN_PROCESS: 'true' }), secrets).jobsInProcess).toBe(true);
  });

  it('believes no proxy unless told which: all, a number of hops, or addresses and ranges', () => {
    expect(buildConfig(parseEnv({}), secrets).trustProxy).toBe(false);
    expect(parseEnv({ TRUST_PROXY: 'true' }).TRUST_PROXY).toBe(true);
    expect(parseEnv({ TRUST_PROXY: '2' }).TRUST_PROXY).toBe(2);
    expect(parseEnv({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }).TRUST_PROXY).toEqual(['10.0.0.0/8', '127.0.0.1']);
    expect(() => parseEnv({ TRUST_PROXY: 'my-balancer' })).toThrow(/TRUST_PROXY: not an address or CIDR range: my-balancer/);
  });

  it('resolves a relative DATA_DIR from where the command was typed', () => {
    const env = parseEnv({ DATA_DIR: './data' });
    const saved = process.env.INIT_CWD;
    process.env.INIT_CWD = '/tmp/project';
    try {
      expect(buildConfig(env, secrets).dataDir).toBe('/tmp/project/data');
    } finally {
      if (saved === undefined) delete process.env.INIT_CWD;
      else process.env.INIT_CWD = saved;
    }
  });
});
