#!/usr/bin/env node
// Runs the TypeScript CLI straight from the checkout: tsx compiles on load, no build step needed.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/main/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
