/**
 * crd-invalid-versions: a CustomResourceDefinition's versions as the API server rejects them:
 * names, exactly one storage version, a schema for each, deprecation warnings, the scale
 * subresource's paths and printer columns. Each check follows k8s.io/apiextensions-apiserver
 * pkg/apis/apiextensions/validation/validation.go (the function is named beside it).
 */
import type { CustomResourceDefinition, CustomResourceVersion } from '../kubernetes/customResourceDefinition';
import { dns1035LabelError } from '../kubernetes/names';
import { listOf, objectOf, stringOf } from '../common/guards';
import type { PathSegment } from '../common/paths';
import { type CrdProblem, crdFindings, quotedChoices } from './crdSupport';
import type { Rule } from './rule';

export const crdInvalidVersions: Rule = {
  id: 'crd-invalid-versions',
  defaultSeverity: 'error',
  summary:
    'CustomResourceDefinition versions that the API server rejects: names, not exactly one storage version, a missing schema, printer columns, scale paths.',
  validate: (context) =>
    crdFindings(context, (crd) => [
      ...versionListProblems(crd),
      ...crd.versions.flatMap((version) => [
        ...deprecationProblems(version),
        ...scaleProblems(version),
        ...printerColumnProblems(version),
      ]),
    ]),
};

/**
 * validateCustomResourceDefinitionSpec: each version name is a unique DNS-1035 label, exactly one
 * version is the storage version, and each version has a schema (requireOpenAPISchema, true for
 * every new CRD in ValidateCustomResourceDefinition).
 */
function versionListProblems({ spec, versions }: CustomResourceDefinition): CrdProblem[] {
  if (!Array.isArray(spec.versions)) {
    return []; // Missing or not a list: the schema reports it.
  }
  const problems: CrdProblem[] = [];
  const seen = new Set<string>();
  for (const version of versions) {
    const name = version.name;
    if (name !== undefined) {
      const error = dns1035LabelError(name);
      if (error) {
        problems.push({
          path: [...version.path, 'name'],
          at: 'value',
          message: `Version name "${name}" is not a valid DNS-1035 label: ${error}.`,
        });
      } else if (seen.has(name)) {
        problems.push({
          path: [...version.path, 'name'],
          at: 'value',
          message: `Version "${name}" is listed twice: version names must be unique.`,
        });
      }
      seen.add(name);
    }
    if (!version.schema && objectOf(version.data.schema)?.openAPIV3Schema === undefined) {
      const schema = objectOf(version.data.schema);
      problems.push({
        path: schema ? [...version.path, 'schema'] : version.path,
        at: 'key',
        message: `Version ${name === undefined ? `#${version.index + 1}` : `"${name}"`} has no schema.openAPIV3Schema: every version of a CRD needs one.`,
        absence: true,
      });
    }
  }
  const storage = versions.filter((version) => version.storage === true);
  if (storage.length === 0 && versions.every((version) => version.storage === false)) {
    problems.push({
      path: ['spec', 'versions'],
      at: 'key',
      message: 'Exactly one version must be the storage version (storage: true); none is.',
    });
  }
  for (const extra of storage.slice(1)) {
    problems.push({
      path: [...extra.path, 'storage'],
      at: 'value',
      message: `Exactly one version must be the storage version; "${storage[0]!.name ?? `#${storage[0]!.index + 1}`}" already is.`,
    });
  }
  return problems;
}

/** validateDeprecationWarning: only on a deprecated version, not empty, at most 256 characters. */
function deprecationProblems(version: CustomResourceVersion): CrdProblem[] {
  const warning = stringOf(version.data.deprecationWarning);
  if (warning === undefined) {
    return [];
  }
  const path = [...version.path, 'deprecationWarning'];
  if (version.data.deprecated !== true) {
    return [
      { path, at: 'key', message: 'deprecationWarning can only be set on a version with deprecated: true.' },
    ];
  }
  if (warning === '') {
    return [{ path, at: 'value', message: 'deprecationWarning must not be empty.' }];
  }
  if (warning.length > 256) {
    return [
      {
        path,
        at: 'value',
        message: `deprecationWarning must be at most 256 characters (it has ${warning.length}).`,
      },
    ];
  }
  // The API server also refuses control characters; YAML already escapes most of them.
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u001f\u007f-\u009f]/.test(warning)
    ? [{ path, at: 'value', message: 'deprecationWarning must contain only printable characters.' }]
    : [];
}

/**
 * ValidateCustomResourceDefinitionSubresources and validateSimpleJSONPath: the scale
 * subresource's specReplicasPath is a JSON path under .spec, statusReplicasPath under .status,
 * and labelSelectorPath (optional) under either.
 */
function scaleProblems(version: CustomResourceVersion): CrdProblem[] {
  const scale = objectOf(objectOf(version.data.subresources)?.scale);
  if (!scale) {
    return [];
  }
  const path: PathSegment[] = [...version.path, 'subresources', 'scale'];
  const problems: CrdProblem[] = [];
  const check = (field: string, prefixes: readonly string[], optional: boolean): void => {
    const value = stringOf(scale[field]);
    if (value === undefined || (optional && value === '')) {
      return;
    }
    const under = prefixes.map((prefix) => prefix.slice(0, -1)).join(' or ');
    if (!value.startsWith('.')) {
      problems.push({
        path: [...path, field],
        at: 'value',
        message: `${field} must be a JSON path in dot notation starting with "." (under ${under}).`,
      });
    } else if (!prefixes.some((prefix) => value.startsWith(prefix))) {
      problems.push({
        path: [...path, field],
        at: 'value',
        message: `${field} must be a JSON path under ${under}.`,
      });
    }
  };
  check('specReplicasPath', ['.spec.'], false);
  check('statusReplicasPath', ['.status.'], false);
  check('labelSelectorPath', ['.spec.', '.status.'], true);
  return problems;
}

const columnTypes = ['boolean', 'date', 'integer', 'number', 'string'];
const columnFormats = ['byte', 'date', 'date-time', 'double', 'float', 'int32', 'int64', 'password'];

/**
 * ValidateCustomResourceColumnDefinition (printerColumnDatatypes,
 * customResourceColumnDefinitionFormats): a column has a name, a type and format the table
 * printer knows, and a JSON path starting with ".".
 */
function printerColumnProblems(version: CustomResourceVersion): CrdProblem[] {
  return listOf(version.data.additionalPrinterColumns).flatMap((entry, index): CrdProblem[] => {
    const column = objectOf(entry);
    if (!column) {
      return [];
    }
    const path: PathSegment[] = [...version.path, 'additionalPrinterColumns', index];
    const problems: CrdProblem[] = [];
    if (column.name === '') {
      problems.push({
        path: [...path, 'name'],
        at: 'value',
        message: 'A printer column name must not be empty.',
      });
    }
    const type = stringOf(column.type);
    if (type !== undefined && !columnTypes.includes(type)) {
      problems.push({
        path: [...path, 'type'],
        at: 'value',
        message: `Printer column type "${type}" is not supported: use ${quotedChoices(columnTypes)}.`,
      });
    }
    const format = stringOf(column.format);
    if (format && !columnFormats.includes(format)) {
      problems.push({
        path: [...path, 'format'],
        at: 'value',
        message: `Printer column format "${format}" is not supported: use ${quotedChoices(columnFormats)}.`,
      });
    }
    const jsonPath = stringOf(column.jsonPath);
    if (jsonPath !== undefined && !jsonPath.startsWith('.')) {
      problems.push({
        path: [...path, 'jsonPath'],
        at: 'value',
        message:
          jsonPath === ''
            ? 'A printer column jsonPath must not be empty.'
            : `Printer column jsonPath "${jsonPath}" must be a simple JSON path starting with ".".`,
      });
    }
    return problems;
  });
}
