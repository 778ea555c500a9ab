import path from 'node:path';
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** Every environment variable the backend reads, parsed once at start-up. */
export const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    HOST: z.string().default('0.0.0.0'),
    PORT: z.coerce.number().int().min(0).max(65535).default(8000),
    DATABASE_URL: z.url().optional(),
    DATA_DIR: z.string().min(1).default('./data'),
    DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
    DB_PREPARED_STATEMENTS: bool.default(true),
    JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    ENCRYPTION_MASTER_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
    JWT_ISSUER: z.string().default('stratum'),
    JWT_AUDIENCE: z.string().default('stratum-api'),
    ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(900).default(900),
    REFRESH_TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(90).default(14),
    LOGIN_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).default(5),
    LOGIN_MAX_FAILURES_PER_IP: z.coerce.number().int().min(1).default(30),
    LOGIN_THROTTLE_WINDOW_SECONDS: z.coerce.number().int().min(1).default(900),
    BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(1_048_576),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    STRATUM_ADMIN_EMAIL: z.email().optional(),
    STRATUM_ADMIN_PASSWORD: z.string().min(10, 'must be at least 10 characters').optional(),
    SEED_DEMO: bool.default(true),
    JOBS_IN_PROCESS: bool.optional(),
    FRONTEND_DIST: z.string().optional(),
    TRUST_PROXY: z
      .string()
      .transform((value, ctx): boolean | number | string[] => {
        if (value === 'true' || value === 'false') return value === 'true';
        if (/^\d+$/.test(value)) return Number(value);
        const addresses = value.split(',').map((a) => a.trim());
        const bad = addresses.filter((a) => !/^[0-9a-fA-F:.]+(\/\d{1,3})?$/.test(a));
        if (bad.length) ctx.addIssue({ code: 'custom', message: `not an address or CIDR range: ${bad.join(', ')}` });
        return addresses;
      })
      .default(false),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV !== 'production') return;
    for (const key of ['JWT_SECRET', 'ENCRYPTION_MASTER_KEY'] as const) {
      if (!env[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'is required when NODE_ENV=production' });
    }
  });

export type Env = z.infer<typeof envSchema>;

export interface AppConfig {
  env: Env['NODE_ENV'];
  host: string;
  port: number;
  databaseUrl: string | undefined;
  /** Absolute; holds the embedded database and, outside production, the generated secrets. */
  dataDir: string;
  poolSize: number;
  /** False behind a pooler that cannot keep named statements per client (PgBouncer before 1.21, transaction mode). */
  preparedStatements: boolean;
  jwt: { secret: string; issuer: string; audience: string; accessTtlSeconds: number; refreshTtlDays: number };
  encryptionMasterKey: string;
  loginThrottle: { perAccount: number; perIp: number; windowSeconds: number };
  bodyLimit: number;
  logLevel: Env['LOG_LEVEL'];
  admin: { email: string | undefined; password: string | undefined };
  seedDemo: boolean;
  jobsInProcess: boolean;
  frontendDist: string | undefined;
  /**
   * Which proxies' X-Forwarded-For/-Proto/-Host are believed (Fastify's `trustProxy`): none by default, so a
   * client cannot pass for another address; behind a load balancer its hops or addresses, so the visitor's IP (on
   * their events, in sign-in throttling) is theirs and not the balancer's.
   */
  trustProxy: boolean | number | string[];
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment; throws a ConfigError naming every problem at once. */
export function parseEnv(source: NodeJS.ProcessEnv): Env {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || 'environment'}: ${i.message}`));
  }
  return parsed.data;
}

/**
 * npm runs workspace scripts inside the workspace folder; a relative DATA_DIR is meant relative to where the
 * user typed the command, which npm passes as INIT_CWD.
 */
export function resolveFromInvocation(p: string, source: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(source.INIT_CWD ?? process.cwd(), p);
}

export function buildConfig(env: Env, secrets: { jwtSecret: string; encryptionMasterKey: string }): AppConfig {
  return {
    env: env.NODE_ENV,
    host: env.HOST,
    port: env.PORT,
    databaseUrl: env.DATABASE_URL,
    dataDir: resolveFromInvocation(env.DATA_DIR),
    poolSize: env.DB_POOL_SIZE,
    preparedStatements: env.DB_PREPARED_STATEMENTS,
    jwt: {
      secret: env.JWT_SECRET ?? secrets.jwtSecret,
      issuer: env.JWT_ISSUER,
      audience: env.JWT_AUDIENCE,
      accessTtlSeconds: env.ACCESS_TOKEN_TTL_SECONDS,
      refreshTtlDays: env.REFRESH_TOKEN_TTL_DAYS,
    },
    encryptionMasterKey: env.ENCRYPTION_MASTER_KEY ?? secrets.encryptionMasterKey,
    loginThrottle: {
      perAccount: env.LOGIN_MAX_FAILURES_PER_ACCOUNT,
      perIp: env.LOGIN_MAX_FAILURES_PER_IP,
      windowSeconds: env.LOGIN_THROTTLE_WINDOW_SECONDS,
    },
    bodyLimit: env.BODY_LIMIT_BYTES,
    logLevel: env.LOG_LEVEL,
    admin: { email: env.STRATUM_ADMIN_EMAIL, password: env.STRATUM_ADMIN_PASSWORD },
    seedDemo: env.SEED_DEMO,
    // The embedded database lives in this process, so its jobs must too; a server database has `npm run worker`.
    jobsInProcess: env.JOBS_IN_PROCESS ?? !env.DATABASE_URL,
    frontendDist: env.FRONTEND_DIST ? resolveFromInvocation(env.FRONTEND_DIST) : undefined,
    trustProxy: env.TRUST_PROXY,
  };
}
