#!/usr/bin/env node
// The file server's bin (see @hs/launcher).
import { launch } from '@hs/launcher';

await launch(import.meta.url, 'main');
