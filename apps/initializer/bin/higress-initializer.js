#!/usr/bin/env node
// The initializer's bin (see @hs/launcher).
import { launch } from '@hs/launcher';

await launch(import.meta.url, 'main');
