/** Folders whose files are not the project's manifests: dependencies and version control. */
export const skippedFolderNames: ReadonlySet<string> = new Set(['node_modules', '.git', '.hg', '.svn']);
