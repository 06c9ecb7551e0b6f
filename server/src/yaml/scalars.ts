/** Facts about how YAML scalars were written, which the parsed values no longer show. */
import { isScalar, Scalar } from 'yaml';

/**
 * The plain words YAML 1.1 reads as booleans but YAML 1.2 (and most people) read as strings.
 * `true` and `false` are booleans in both and are not listed.
 */
const yaml11OnlyBooleans = /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$/;

/** An unquoted `yes`, `no`, `on`, `off`, `y` or `n`, which Kubernetes reads as a boolean. */
export function isYaml11BooleanWord(node: unknown): node is Scalar {
  return (
    isScalar(node) &&
    node.type === Scalar.PLAIN &&
    typeof node.value === 'boolean' &&
    typeof node.source === 'string' &&
    yaml11OnlyBooleans.test(node.source)
  );
}

/**
 * A string as it must be written in YAML to stay a string: quoted when a plain scalar would read
 * as a boolean, a number or null (an enum value `True` or `1`), or holds YAML syntax.
 */
export function yamlString(text: string): string {
  return text === '' ||
    /^(?:true|false|yes|no|on|off|y|n|null|~|[-+.\d].*)$/i.test(text) ||
    /[:#{}[\],&*!|>'"%@`]/.test(text)
    ? JSON.stringify(text)
    : text;
}
