#!/usr/bin/env node
// The CLI runs straight from the TypeScript sources through tsx, so `npx kintsugi` needs no build of main.
import { register } from 'tsx/esm/api';

register();
await import('../src-main/cli/main.ts');
