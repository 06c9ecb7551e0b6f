/** Every built-in rule, in the order their findings are reported. */
import type { Rule } from './rule';
import { yaml11BooleanString } from './yaml11BooleanString';

export const builtinRules: readonly Rule[] = [yaml11BooleanString];
