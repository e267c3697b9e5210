#!/usr/bin/env node
// Re-encrypts stored Secrets under the current key (see launch.js).
import { launch } from './launch.js';

await launch('reencrypt-main');
