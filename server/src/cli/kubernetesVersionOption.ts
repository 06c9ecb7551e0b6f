/**
 * `--kubernetes-version <1.x>` (or `--kubernetes-version=1.x`), which `lint`, `simulate`, `rules`
 * and `explain` accept: the target Kubernetes minor, over the `kubernetesVersion` of
 * `.podscope.yaml`. Taken out of the arguments before the command parses the rest.
 */
import { Catalog } from '../catalog/catalog';
import { defaultCatalogPath } from '../catalog/catalogLocation';
import type { CliIo } from './cliIo';
import { coveredRange } from '../catalog/targetMinor';
import { parseKubernetesMinor } from '../common/settings';

export const kubernetesVersionOption = '--kubernetes-version';

/** The exit code of a version Podscope cannot judge for (a usage error of its own). */
export const badKubernetesVersionExit = 2;

export type KubernetesVersionArgument =
  | { ok: true; rest: string[]; minor?: number }
  | { ok: false; rest: string[]; error: string };

/**
 * The arguments without the option, and the minor it names. A value that is not a version, or a
 * minor the catalog does not cover, is an error naming the covered range; so is the option twice
 * with different values.
 */
export function takeKubernetesVersion(
  args: readonly string[],
  catalog: () => Catalog,
): KubernetesVersionArgument {
  const rest: string[] = [];
  const values: string[] = [];
  let missing = false;
  for (let index = 0; index < args.length; index++) {
    const arg = args[index]!;
    if (arg === kubernetesVersionOption) {
      const value = args[index + 1];
      if (value === undefined || value.startsWith('--')) {
        missing = true;
      } else {
        values.push(value);
        index++;
      }
    } else if (arg.startsWith(`${kubernetesVersionOption}=`)) {
      values.push(arg.slice(kubernetesVersionOption.length + 1));
    } else {
      rest.push(arg);
    }
  }
  if (values.length === 0 && !missing) {
    return { ok: true, rest };
  }
  const covered = (): string => `Podscope covers Kubernetes ${coveredRange(catalog())}`;
  if (missing || values.length === 0) {
    return {
      ok: false,
      rest,
      error: `${kubernetesVersionOption} takes a version such as 1.31 (${covered()})`,
    };
  }
  const minors = values.map(parseKubernetesMinor);
  const bad = values.find((_, index) => minors[index] === undefined);
  if (bad !== undefined) {
    return {
      ok: false,
      rest,
      error: `${kubernetesVersionOption} "${bad}" is not a Kubernetes version such as 1.31 (${covered()})`,
    };
  }
  if (new Set(minors).size > 1) {
    return { ok: false, rest, error: `${kubernetesVersionOption} is given twice with different versions` };
  }
  const minor = minors[0]!;
  const { oldest, newest } = catalog().minors;
  if (minor < oldest || minor > newest) {
    return { ok: false, rest, error: `${kubernetesVersionOption} ${values[0]!}: ${covered()}` };
  }
  return { ok: true, rest, minor };
}

/** The bundled catalog, read on the first call only (a command that needs none reads nothing). */
export function lazyCatalog(): () => Catalog {
  let catalog: Catalog | undefined;
  return () => (catalog ??= Catalog.load(defaultCatalogPath()));
}

/**
 * {@link takeKubernetesVersion} for a command: the arguments without the option and the minor,
 * or, for a version Podscope cannot judge for, the error printed and the exit code.
 */
export function kubernetesVersionArgument(
  args: readonly string[],
  catalog: () => Catalog,
  io: CliIo,
): { rest: string[]; minor?: number } | number {
  const version = takeKubernetesVersion(args, catalog);
  if (!version.ok) {
    io.stderr(`error: ${version.error}\n`);
    return badKubernetesVersionExit;
  }
  return version.minor === undefined ? { rest: version.rest } : { rest: version.rest, minor: version.minor };
}
