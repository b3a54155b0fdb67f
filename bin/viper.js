#!/usr/bin/env node
// Runs the TypeScript CLI straight from the checkout: tsx compiles on load, no build step needed.
import { register } from 'tsx/esm/api';

register();
const { runViper } = await import('../src/main/viper.ts');
process.exitCode = await runViper(process.argv.slice(2));
