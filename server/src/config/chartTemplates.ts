/**
 * The template files of a chart on disk, by the path `helm template` prints in its `# Source:`
 * comments: `<chart name>/templates/…`, or `<chart name>/charts/<subchart>/templates/…` (helm
 * pkg/chart/v2/util: a template's name is its path under the chart, behind the chart's name and
 * its parents'). The first segment is the chart's name from Chart.yaml, not its folder: it is
 * dropped and the rest read under the chart folder. A subchart packaged as a .tgz has no file, and
 * a path that would leave the chart folder is never read. Host code: it reads the disk.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface ChartTemplates {
  /** The template's file, or undefined when the path leaves the chart folder. */
  fileOf(source: string): string | undefined;
  /** The template's text (read once), or undefined when there is no such file. */
  read(source: string): string | undefined;
}

export function chartTemplates(chartDir: string): ChartTemplates {
  const root = path.resolve(chartDir);
  const texts = new Map<string, string | undefined>();
  const fileOf = (source: string): string | undefined => {
    const rest = source.split('/').slice(1);
    const file = path.resolve(root, ...rest);
    return rest.length > 0 && file.startsWith(root + path.sep) ? file : undefined;
  };
  return {
    fileOf,
    read(source) {
      if (!texts.has(source)) {
        const file = fileOf(source);
        const isFile = file !== undefined && fs.statSync(file, { throwIfNoEntry: false })?.isFile() === true;
        texts.set(source, isFile ? fs.readFileSync(file, 'utf8') : undefined);
      }
      return texts.get(source);
    },
  };
}
