import { buildConfig, ConfigError, parseEnv, resolveFromInvocation, type AppConfig } from './config';
import { loadOrCreateLocalSecrets } from './secrets';

/**
 * Config for a process started from the command line: parse the environment, fill outside-production secrets
 * from the data folder, and on any problem print each one and stop.
 */
export function loadRuntimeConfig(source: NodeJS.ProcessEnv = process.env): AppConfig {
  try {
    const env = parseEnv(source);
    const needLocal = !env.JWT_SECRET || !env.ENCRYPTION_MASTER_KEY;
    const secrets = needLocal
      ? loadOrCreateLocalSecrets(resolveFromInvocation(env.DATA_DIR, source))
      : { jwtSecret: '', encryptionMasterKey: '' };
    return buildConfig(env, secrets);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
}
