#!/usr/bin/env node
// The `eid-companion` command: runs the TypeScript CLI through tsx (no build step for the tools).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../main/cli/index.ts');
process.exitCode = await main(process.argv.slice(2));
