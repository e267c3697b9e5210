#!/usr/bin/env node
// Re-encrypts stored Secrets under the current key (see @hs/launcher).
import { launch } from '@hs/launcher';

await launch(import.meta.url, 'reencrypt-main');
