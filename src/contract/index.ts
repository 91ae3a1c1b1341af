import { compileContract, precompiledContractValidators, type CompiledContract } from './compile.js';
import { readVendoredSpec } from './openapi.js';

let compiled: CompiledContract | undefined;

/** The vendored contract, parsed and compiled once per process. */
export function loadContract(): CompiledContract {
  compiled ??= compileContract(readVendoredSpec(), precompiledContractValidators());
  return compiled;
}

export type { CompiledContract } from './compile.js';
export { checkExchange, type CheckResult } from './rules.js';
export { createChecker, DEFAULT_CLOCK_SKEW_MS, type Checker, type CheckerOptions, type CheckerStats } from './checker.js';
export type { Violation, RuleName, Profile } from './types.js';
