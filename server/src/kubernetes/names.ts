/**
 * The name formats the API server enforces (k8s.io/apimachinery/pkg/util/validation). Each
 * check returns why a value is invalid, as a clause ("it must …"), or undefined when it is valid.
 */

const dns1123LabelPattern = /^[a-z0-9](?:[-a-z0-9]*[a-z0-9])?$/;
const dns1123SubdomainPattern = /^[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*$/;
const dns1035LabelPattern = /^[a-z](?:[-a-z0-9]*[a-z0-9])?$/;
const qualifiedNamePartPattern = /^[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

/** A DNS-1123 label: container and volume names. */
export function dns1123LabelError(value: string): string | undefined {
  return dnsNameError(value, 63, dns1123LabelPattern, "lowercase letters, digits and '-'");
}

/** A DNS-1123 subdomain: the names of most objects. */
export function dns1123SubdomainError(value: string): string | undefined {
  return dnsNameError(value, 253, dns1123SubdomainPattern, "lowercase letters, digits, '-' and '.'");
}

/**
 * A DNS-1035 label (IsDNS1035Label): the names of a CRD's resources and versions. Unlike a
 * DNS-1123 label it must start with a letter.
 */
export function dns1035LabelError(value: string): string | undefined {
  if (value.length > 63) {
    return 'it must be at most 63 characters';
  }
  if (!dns1035LabelPattern.test(value)) {
    return "it must consist of lowercase letters, digits and '-', start with a letter and end with a letter or digit";
  }
  return undefined;
}

/** The DNS-1123 formats differ only in their length, alphabet and pattern. */
function dnsNameError(
  value: string,
  maxLength: number,
  pattern: RegExp,
  alphabet: string,
): string | undefined {
  if (value.length > maxLength) {
    return `it must be at most ${maxLength} characters`;
  }
  if (!pattern.test(value)) {
    return `it must consist of ${alphabet}, and start and end with a letter or digit`;
  }
  return undefined;
}

/** An IANA service name (RFC 6335): the names of container ports. */
export function portNameError(value: string): string | undefined {
  if (value.length > 15) {
    return 'it must be at most 15 characters';
  }
  if (!/^[-a-z0-9]+$/.test(value)) {
    return "it must consist of lowercase letters, digits and '-'";
  }
  if (!/[a-z]/.test(value)) {
    return 'it must contain at least one letter';
  }
  if (value.startsWith('-') || value.endsWith('-')) {
    return "it must not start or end with '-'";
  }
  if (value.includes('--')) {
    return "it must not contain '--'";
  }
  return undefined;
}

/** A label key: an optional DNS subdomain prefix and `/`, then a name of at most 63 characters. */
export function labelKeyError(key: string): string | undefined {
  const parts = key.split('/');
  if (parts.length > 2) {
    return "it must contain at most one '/'";
  }
  const name = parts[parts.length - 1]!;
  if (parts.length === 2) {
    const prefix = parts[0]!;
    if (prefix === '') {
      return "it must not start with '/'";
    }
    const prefixError = dns1123SubdomainError(prefix);
    if (prefixError) {
      return `its prefix "${prefix}" ${prefixError.replace(/^it /, '')}`;
    }
  }
  if (name === '') {
    return 'it must have a name after the prefix';
  }
  if (name.length > 63) {
    return 'its name part must be at most 63 characters';
  }
  if (!qualifiedNamePartPattern.test(name)) {
    return "its name part must consist of letters, digits, '-', '_' and '.', and start and end with a letter or digit";
  }
  return undefined;
}

/** A label value: empty, or at most 63 characters of the same alphabet as a key's name. */
export function labelValueError(value: string): string | undefined {
  if (value === '') {
    return undefined;
  }
  if (value.length > 63) {
    return 'it must be at most 63 characters';
  }
  if (!qualifiedNamePartPattern.test(value)) {
    return "it must consist of letters, digits, '-', '_' and '.', and start and end with a letter or digit";
  }
  return undefined;
}
