import type { Scenario } from '../scenario.js';
import { crudScenarios } from './crud.js';
import { dryRunScenarios } from './dry-run.js';
import { fieldValidationScenarios } from './field-validation.js';
import { namespaceLifecycleScenarios } from './namespace-lifecycle.js';
import { paginationScenarios } from './pagination.js';
import { patchScenarios } from './patch.js';
import { watchScenarios } from './watch.js';

/** Every scenario, in the order they run (each uses its own namespace or names). */
export const allScenarios = (): Scenario[] => [
  ...crudScenarios(),
  ...watchScenarios(),
  ...paginationScenarios(),
  ...patchScenarios(),
  ...dryRunScenarios(),
  ...fieldValidationScenarios(),
  ...namespaceLifecycleScenarios(),
];
