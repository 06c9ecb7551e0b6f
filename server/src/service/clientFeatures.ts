/**
 * What the client can take, read once from its `initialize` capabilities, and the answers of the
 * service shaped to it. The service computes one answer (snippets, Markdown, client commands);
 * a client that cannot take a part gets an equivalent it can: plain text for a snippet, plain
 * text for Markdown, no command rather than one it cannot run. LSP 3.17, "Client Capabilities":
 * a capability a client leaves out is one it does not have.
 */
import type { ClientCapabilities } from 'vscode-languageserver-protocol';
import {
  type CodeAction,
  type CodeLens,
  type CompletionItem,
  type CompletionList,
  type DocumentSymbol,
  type Hover,
  InsertTextFormat,
  type MarkupContent,
  MarkupKind,
  type SymbolInformation,
} from 'vscode-languageserver-types';
import {
  type PodscopeClientCapabilities,
  podscopeCapabilityKey,
  serverCommands,
  simulateCommand,
  simulateTimelineCommand,
  triggerSuggestCommand,
} from '../protocol/customMessages';

export interface ClientFeatures {
  /** `textDocument.completion.completionItem.snippetSupport` */
  readonly snippets: boolean;
  /** Markdown in completion items' documentation. */
  readonly completionMarkdown: boolean;
  /** Markdown in hovers. */
  readonly hoverMarkdown: boolean;
  /** Commands the client runs itself (declared by Podscope's own VS Code client). */
  readonly clientCommands: ReadonlySet<string>;
  /** `workspace/configuration`: settings are pulled per resource. */
  readonly pullsConfiguration: boolean;
  /** Dynamic registration of `workspace/didChangeConfiguration`. */
  readonly registersConfigurationChanges: boolean;
  /** Dynamic registration of `workspace/didChangeWatchedFiles` (the client watches files for us). */
  readonly watchesFiles: boolean;
  /** `textDocument.documentSymbol.hierarchicalDocumentSymbolSupport`: DocumentSymbol trees. */
  readonly hierarchicalSymbols: boolean;
  /**
   * `textDocument.codeAction.codeActionLiteralSupport`: CodeAction literals as answers. Without
   * it a server may answer only Commands, which for a quick fix would mean the server editing
   * the file itself (`workspace/applyEdit`); Podscope never does, so such a client gets none.
   */
  readonly codeActionLiterals: boolean;
  /** `window.workDoneProgress`: the server may show progress it starts (indexing the workspace). */
  readonly workDoneProgress: boolean;
  /** `textDocument.rename.prepareSupport`: the client asks where a rename applies first. */
  readonly prepareRename: boolean;
  /**
   * `workspace.workspaceEdit.documentChanges` with `resourceOperations` including `create`: the
   * client applies a WorkspaceEdit that creates a file (LSP 3.17, "WorkspaceEditClientCapabilities").
   */
  readonly createsFiles: boolean;
  /**
   * `textDocument.diagnostic`: the client pulls a document's diagnostics (LSP 3.17, "Pull
   * Diagnostics"); the server then answers "unchanged" for what it already has, and pushes none.
   */
  readonly pullsDiagnostics: boolean;
  /** `workspace.diagnostics.refreshSupport`: the server may ask the client to pull again. */
  readonly refreshesDiagnostics: boolean;
}

/** What a client with every capability gets: the service's answers unchanged. */
export const fullClientFeatures: ClientFeatures = {
  snippets: true,
  completionMarkdown: true,
  hoverMarkdown: true,
  clientCommands: new Set([simulateCommand, triggerSuggestCommand]),
  pullsConfiguration: true,
  registersConfigurationChanges: true,
  watchesFiles: true,
  hierarchicalSymbols: true,
  codeActionLiterals: true,
  workDoneProgress: true,
  prepareRename: true,
  createsFiles: true,
  pullsDiagnostics: true,
  refreshesDiagnostics: true,
};

function acceptsMarkdown(formats: readonly string[] | undefined): boolean {
  // A client that names no format gets Markdown, as it did before `MarkupContent` had a choice;
  // one that names formats gets Markdown only if it names it.
  return formats === undefined || formats.length === 0 || formats.includes(MarkupKind.Markdown);
}

export function clientFeatures(capabilities: ClientCapabilities): ClientFeatures {
  const podscope = (capabilities.experimental as Record<string, unknown> | undefined)?.[
    podscopeCapabilityKey
  ] as Partial<PodscopeClientCapabilities> | undefined;
  const commands = Array.isArray(podscope?.commands)
    ? podscope.commands.filter((command): command is string => typeof command === 'string')
    : [];
  const completionItem = capabilities.textDocument?.completion?.completionItem;
  return {
    snippets: completionItem?.snippetSupport === true,
    completionMarkdown: acceptsMarkdown(completionItem?.documentationFormat),
    hoverMarkdown: acceptsMarkdown(capabilities.textDocument?.hover?.contentFormat),
    clientCommands: new Set(commands),
    pullsConfiguration: capabilities.workspace?.configuration === true,
    registersConfigurationChanges:
      capabilities.workspace?.didChangeConfiguration?.dynamicRegistration === true,
    watchesFiles: capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true,
    hierarchicalSymbols:
      capabilities.textDocument?.documentSymbol?.hierarchicalDocumentSymbolSupport === true,
    codeActionLiterals: capabilities.textDocument?.codeAction?.codeActionLiteralSupport !== undefined,
    workDoneProgress: capabilities.window?.workDoneProgress === true,
    prepareRename: capabilities.textDocument?.rename?.prepareSupport === true,
    createsFiles:
      capabilities.workspace?.workspaceEdit?.documentChanges === true &&
      (capabilities.workspace.workspaceEdit.resourceOperations ?? []).includes('create'),
    pullsDiagnostics: capabilities.textDocument?.diagnostic !== undefined,
    refreshesDiagnostics: capabilities.workspace?.diagnostics?.refreshSupport === true,
  };
}

/**
 * The text a snippet inserts when its tab stops are not expanded: placeholders give their
 * default, choices their first value, tab stops and variables nothing; escapes are resolved.
 * (The grammar: LSP 3.17, "Snippet Syntax".)
 */
export function snippetToPlainText(snippet: string): string {
  let index = 0;
  /**
   * Reads text up to the end, or (`nested`) up to and past the `}` that closes a placeholder.
   * Escapes: `\$`, `\}` and `\\` anywhere; inside a placeholder any escaped character.
   */
  const readText = (nested: boolean): string => {
    let text = '';
    while (index < snippet.length) {
      const char = snippet[index]!;
      if (char === '\\' && (nested ? index + 1 < snippet.length : /[$}\\]/.test(snippet[index + 1] ?? ''))) {
        text += snippet[index + 1];
        index += 2;
      } else if (nested && char === '}') {
        index++;
        return text;
      } else if (char === '$') {
        text += readDollar();
      } else {
        text += char;
        index++;
      }
    }
    return text;
  };
  const readDollar = (): string => {
    // At a `$`: `$1`, `$name`, `${1}`, `${1:default}`, `${1|a,b|}`, `${name:default}`.
    const rest = snippet.slice(index + 1);
    const simple = /^(?:\d+|[A-Za-z_][A-Za-z0-9_]*)/.exec(rest);
    if (simple) {
      index += 1 + simple[0].length;
      return '';
    }
    const braced = /^\{(\d+|[A-Za-z_][A-Za-z0-9_]*)/.exec(rest);
    if (!braced) {
      index++;
      return '$';
    }
    index += 1 + braced[0].length;
    const next = snippet[index];
    if (next === '}') {
      index++;
      return '';
    }
    if (next === ':') {
      index++;
      return readText(true);
    }
    const choices = next === '|' ? /^\|((?:[^|\\]|\\.)*)\|\}/.exec(snippet.slice(index)) : null;
    if (choices) {
      index += choices[0].length;
      return /^(?:[^,\\]|\\.)*/.exec(choices[1]!)![0].replace(/\\(.)/g, '$1');
    }
    // A transform or something malformed: skip to the closing brace.
    readText(true);
    return '';
  };
  return readText(false);
}

/**
 * Markdown as plain text a person reads easily: emphasis and code marks dropped, fenced blocks
 * kept as their lines, links as `text (url)`, escapes resolved.
 */
export function markdownToPlainText(markdown: string): string {
  return markdown
    .split('\n')
    .filter((line) => !/^```/.test(line))
    .map((line) =>
      line
        .replace(/\[([^\]]*)\]\(([^)\s]+)\)/g, '$1 ($2)')
        .replace(/\*\*([^*]+)\*\*/g, '$1')
        .replace(/(^|[^\\*])\*([^*\s][^*]*)\*/g, '$1$2')
        .replace(/`([^`]*)`/g, '$1')
        .replace(/\\([\\`*_{}[\]()#+\-.!|<>~])/g, '$1'),
    )
    .join('\n');
}

function plainMarkup(content: MarkupContent): MarkupContent {
  return content.kind === MarkupKind.Markdown
    ? { kind: MarkupKind.PlainText, value: markdownToPlainText(content.value) }
    : content;
}

function adaptCompletionItem(item: CompletionItem, features: ClientFeatures): CompletionItem {
  let adapted = item;
  if (!features.snippets && item.insertTextFormat === InsertTextFormat.Snippet) {
    const { insertTextFormat: _snippet, ...rest } = adapted;
    adapted = { ...rest };
    if (item.insertText !== undefined) {
      adapted.insertText = snippetToPlainText(item.insertText);
    }
    if (item.textEdit) {
      adapted.textEdit = { ...item.textEdit, newText: snippetToPlainText(item.textEdit.newText) };
    }
  }
  if (
    !features.completionMarkdown &&
    typeof adapted.documentation === 'object' &&
    adapted.documentation.kind === MarkupKind.Markdown
  ) {
    adapted = { ...adapted, documentation: plainMarkup(adapted.documentation) };
  }
  if (adapted.command && !features.clientCommands.has(adapted.command.command)) {
    const { command: _command, ...rest } = adapted;
    adapted = rest;
  }
  return adapted;
}

export function adaptCompletionList(list: CompletionList, features: ClientFeatures): CompletionList {
  return { ...list, items: list.items.map((item) => adaptCompletionItem(item, features)) };
}

export function adaptHover(hover: Hover | null, features: ClientFeatures): Hover | null {
  if (!hover || features.hoverMarkdown || !isMarkupContent(hover.contents)) {
    return hover;
  }
  return { ...hover, contents: plainMarkup(hover.contents) };
}

function isMarkupContent(contents: Hover['contents']): contents is MarkupContent {
  return typeof contents === 'object' && !Array.isArray(contents) && 'kind' in contents;
}

/**
 * Code actions as this client applies them: one that creates a file only for a client that
 * can (the others keep the fixes that edit in place).
 */
export function adaptCodeActions(actions: CodeAction[], features: ClientFeatures): CodeAction[] {
  return actions.filter(
    (action) =>
      (features.createsFiles ||
        !action.edit?.documentChanges?.some((change) => 'kind' in change && change.kind === 'create')) &&
      // A "Show in simulator" link runs the simulator panel: only for a client that has it.
      (action.command === undefined ||
        serverCommands.includes(action.command.command) ||
        features.clientCommands.has(action.command.command)),
  );
}

/**
 * The command a "▶ Simulate" lens runs for this client: the simulator panel where the client
 * has it (Podscope's VS Code client), else the server's text timeline, which any client that
 * runs server commands (`workspace/executeCommand`) can show.
 */
export function simulateLensCommand(features: ClientFeatures): string {
  return features.clientCommands.has(simulateCommand) ? simulateCommand : simulateTimelineCommand;
}

/** Lenses with their command as this client runs it. */
export function adaptCodeLenses(lenses: CodeLens[], features: ClientFeatures): CodeLens[] {
  const command = simulateLensCommand(features);
  return lenses.map((lens) =>
    lens.command?.command === simulateCommand && command !== simulateCommand
      ? { ...lens, command: { ...lens.command, title: '▶ Simulate (text timeline)', command } }
      : lens,
  );
}

/**
 * Document symbols as this client takes them: the tree, or for a client without hierarchical
 * support the flat SymbolInformation list, each with the name of the symbol that contains it.
 */
export function adaptDocumentSymbols(
  uri: string,
  symbols: DocumentSymbol[],
  features: ClientFeatures,
): DocumentSymbol[] | SymbolInformation[] {
  if (features.hierarchicalSymbols) {
    return symbols;
  }
  const flat: SymbolInformation[] = [];
  const visit = (symbol: DocumentSymbol, containerName: string | undefined): void => {
    flat.push({
      name: symbol.name,
      kind: symbol.kind,
      location: { uri, range: symbol.range },
      ...(containerName === undefined ? {} : { containerName }),
    });
    for (const child of symbol.children ?? []) {
      visit(child, symbol.name);
    }
  };
  for (const symbol of symbols) {
    visit(symbol, undefined);
  }
  return flat;
}
