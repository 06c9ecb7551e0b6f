/**
 * prestop-exceeds-grace: a preStop hook that takes longer than the pod's
 * `terminationGracePeriodSeconds` (default 30). The grace period covers the hook and the
 * container's own shutdown: when it runs out, the container is killed mid-hook, without ever
 * getting SIGTERM's chance to shut down cleanly. A `sleep` action longer than the grace period
 * is rejected by the API server outright (an error); a known `sleep` in an exec hook is a
 * warning.
 */
import { type PodContainer, describeContainer, runsConcurrently } from '../kubernetes/podView';
import { listOf, numberOf, objectOf } from '../common/guards';
import type { Rule, RuleContext, RuleFinding } from './rule';
import { checkPod, keyRangeAt, valueRangeAt } from './ruleSupport';

export const prestopExceedsGrace: Rule = {
  id: 'prestop-exceeds-grace',
  defaultSeverity: 'warning',
  summary: 'A preStop hook sleeps longer than terminationGracePeriodSeconds.',
  validate(context: RuleContext): RuleFinding[] {
    return checkPod(context, (pod) => {
      const written = pod.spec.terminationGracePeriodSeconds;
      if (written !== undefined && written !== null && numberOf(written) === undefined) {
        // A grace period that is not a number (a Helm template's `{{ .Values.… }}`, or a wrong
        // type the schema reports) is unknown: the default does not apply.
        return [];
      }
      const grace = pod.terminationGracePeriodSeconds;
      const findings: RuleFinding[] = [];
      for (const container of pod.containers) {
        if (!runsConcurrently(container)) {
          continue;
        }
        const hookPath = [...container.path, 'lifecycle', 'preStop'];
        const preStop = objectOf(objectOf(container.data.lifecycle)?.preStop);
        const sleepSeconds = numberOf(objectOf(preStop?.sleep)?.seconds);
        if (sleepSeconds !== undefined && sleepSeconds > grace) {
          findings.push({
            range: valueRangeAt(context.document, [...hookPath, 'sleep', 'seconds']),
            severity: 'error',
            message: message(container, sleepSeconds, grace),
          });
          continue;
        }
        const command = listOf(objectOf(preStop?.exec)?.command);
        const seconds = command.every((part) => typeof part === 'string')
          ? commandSleepSeconds(command)
          : undefined;
        if (seconds !== undefined && seconds > grace) {
          findings.push({
            range: keyRangeAt(context.document, [...hookPath, 'exec', 'command']),
            message: message(container, seconds, grace),
          });
        }
      }
      return findings;
    });
  },
};

function message(container: PodContainer, seconds: number, grace: number): string {
  const duration = Number.isFinite(seconds) ? `${seconds}s` : 'forever';
  return `${describeContainer(container)}: the preStop hook sleeps ${duration}, longer than terminationGracePeriodSeconds (${grace}), so the container is killed before it can stop cleanly; raise terminationGracePeriodSeconds or shorten the sleep.`;
}

const shells = /^(?:\/(?:usr\/)?bin\/)?(?:sh|bash|ash|dash|zsh)$/;
const sleepCommand = /^(?:\/(?:usr\/)?bin\/)?sleep$/;

/**
 * How long an exec command sleeps, when that is known: `["sleep", "N"]` or a shell script
 * (`sh -c "…"`) whose `sleep N` commands run one after another. Undefined otherwise.
 */
export function commandSleepSeconds(command: readonly string[]): number | undefined {
  const [program, ...args] = command;
  if (program === undefined) {
    return undefined;
  }
  if (sleepCommand.test(program)) {
    return sumDurations(args);
  }
  const flag = args[0];
  const script = args[1];
  if (shells.test(program) && flag !== undefined && /^-[a-z]*c[a-z]*$/.test(flag) && script !== undefined) {
    let total = 0;
    let found = false;
    // `sleep N` as a command of its own, not sent to the background with a single `&`.
    for (const match of script.matchAll(
      /(?:^|[;&|(\s])sleep((?:[ \t]+(?:[0-9.]+[smhd]?|infinity))+)(?=[ \t]*(?:$|[\r\n;&|)]))/g,
    )) {
      const background = /^[ \t]*&(?!&)/.test(script.slice(match.index + match[0].length));
      const seconds = sumDurations(match[1]!.trim().split(/\s+/));
      if (!background && seconds !== undefined) {
        total += seconds;
        found = true;
      }
    }
    return found ? total : undefined;
  }
  return undefined;
}

/** GNU sleep adds up its arguments: `sleep 1m 30` is 90 seconds. */
function sumDurations(args: readonly string[]): number | undefined {
  if (args.length === 0) {
    return undefined;
  }
  let total = 0;
  for (const arg of args) {
    if (arg === 'infinity') {
      return Infinity;
    }
    const match = /^(\d+(?:\.\d*)?|\.\d+)([smhd]?)$/.exec(arg);
    if (!match) {
      return undefined;
    }
    const unit = { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[match[2] as '' | 's' | 'm' | 'h' | 'd'];
    total += Number(match[1]) * unit;
  }
  return total;
}
