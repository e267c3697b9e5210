#!/usr/bin/env node
// The API server's bin (see launch.js).
import { launch } from './launch.js';

await launch('main');
