#!/usr/bin/env node
// The CLI's bin (see @hs/launcher).
import { launch } from '@hs/launcher';

await launch(import.meta.url, 'main');
