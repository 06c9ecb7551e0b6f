/**
 * Where each rule is documented: its section of docs/rules.md, whose anchor is the rule id. The
 * diagnostics link to it (`codeDescription`), and so do `podscope rules` and SARIF output.
 */
const repositoryUrl = 'https://github.com/podscope/podscope';

export function ruleDocumentationUrl(ruleId: string): string {
  return `${repositoryUrl}/blob/main/docs/rules.md#${ruleId}`;
}
