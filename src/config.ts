// The one place that reads process.env. Everything else receives a Config.
import { z } from 'zod';

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  OPENMTM_DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  /** Session lifetime in minutes (idle sessions expire after this long). */
  OPENMTM_SESSION_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  /** Failed logins allowed per username+address within the window before refusal. */
  OPENMTM_LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).default(5),
  OPENMTM_LOGIN_WINDOW_MINUTES: z.coerce.number().int().min(1).default(15),
  /** Set by `openmtm start --demo`; also accepted from the environment. */
  OPENMTM_DEMO: z
    .enum(['0', '1', 'true', 'false', ''])
    .optional()
    .transform((v) => v === '1' || v === 'true'),
  /** Cookie `Secure` flag: on behind HTTPS in production. */
  OPENMTM_SECURE_COOKIES: z
    .enum(['0', '1', 'true', 'false', ''])
    .optional()
    .transform((v) => v === '1' || v === 'true'),
  /** Directory of user knowledge files (licensed drug data, local rules) loaded on top of the shipped ones. */
  OPENMTM_KNOWLEDGE_DIR: z.string().optional().or(z.literal('').transform(() => undefined)),
  /** A licensed measure value-set file (PQA NDC/RxCUI lists) used instead of the shipped open lists, everywhere. */
  OPENMTM_MEASURE_VALUE_SETS: z.string().optional().or(z.literal('').transform(() => undefined)),
  /** An NDC → RxCUI crosswalk file (header ndc,rxcui) for the measures of claims that carry only an NDC. */
  OPENMTM_NDC_CROSSWALK: z.string().optional().or(z.literal('').transform(() => undefined)),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('warn'),
});

export type Config = {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  sessionMinutes: number;
  loginMaxFailures: number;
  loginWindowMinutes: number;
  demo: boolean;
  secureCookies: boolean;
  knowledgeDir: string | undefined;
  measureValueSets: string | undefined;
  ndcCrosswalk: string | undefined;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
};

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration in environment:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: e.OPENMTM_DATA_DIR,
    databaseUrl: e.DATABASE_URL,
    sessionMinutes: e.OPENMTM_SESSION_MINUTES,
    loginMaxFailures: e.OPENMTM_LOGIN_MAX_FAILURES,
    loginWindowMinutes: e.OPENMTM_LOGIN_WINDOW_MINUTES,
    demo: e.OPENMTM_DEMO,
    secureCookies: e.OPENMTM_SECURE_COOKIES,
    knowledgeDir: e.OPENMTM_KNOWLEDGE_DIR,
    measureValueSets: e.OPENMTM_MEASURE_VALUE_SETS,
    ndcCrosswalk: e.OPENMTM_NDC_CROSSWALK,
    logLevel: e.LOG_LEVEL,
    ...overrides,
  };
}
