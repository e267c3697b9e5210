import type { Scenario } from '../scenario.js';
import { crudScenarios } from './crud.js';

/** Every scenario, in the order they run (each uses its own namespace or names). */
export const allScenarios = (): Scenario[] => [...crudScenarios()];
