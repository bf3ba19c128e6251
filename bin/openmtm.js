#!/usr/bin/env node
// Runs the TypeScript CLI through tsx (a runtime dependency), so `npx openmtm` works without a build step.
import { register } from 'tsx/esm/api';

register();
const { run } = await import('../src/cli/main.ts');
await run(process.argv.slice(2));
