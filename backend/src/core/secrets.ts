import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const secretsFileSchema = z.object({ jwt_secret: z.string().min(32), encryption_master_key: z.string().min(32) });

/**
 * Outside production the secrets are generated on first start and kept beside the embedded database, so tokens
 * and encrypted values survive a restart without any setup. Production must pass them in (config refuses to
 * start otherwise).
 */
export function loadOrCreateLocalSecrets(dataDir: string): { jwtSecret: string; encryptionMasterKey: string } {
  const file = path.join(dataDir, 'secrets.json');
  if (existsSync(file)) {
    const parsed = secretsFileSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
    return { jwtSecret: parsed.jwt_secret, encryptionMasterKey: parsed.encryption_master_key };
  }
  mkdirSync(dataDir, { recursive: true });
  const created = {
    jwt_secret: randomBytes(48).toString('base64url'),
    encryption_master_key: randomBytes(32).toString('base64url'),
  };
  writeFileSync(file, JSON.stringify(created, null, 2), { mode: 0o600 });
  return { jwtSecret: created.jwt_secret, encryptionMasterKey: created.encryption_master_key };
}
