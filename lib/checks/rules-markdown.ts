/** The rule list as Markdown, for docs/checks.md (`npm run docs:checks` writes it; a test keeps it current). */
import { Pack } from './model';
import { UPSTREAM_CHECKS, citedChecks } from './upstream';

export function rulesMarkdown(packs: readonly Pack[]): string {
  const out = [
    '# Checks',
    '',
    '<!-- Generated from the packs by `npm run docs:checks`; do not edit by hand. -->',
    '',
    'Run them with `npx cdk-fastapi-gke check PATH...` (YAML, JSON, cdktf/Terraform JSON or HCL), at synth (`npm run synth`',
    'fails on errors and writes `dist.checks.json` / `cdktf.out.checks.json`), or from `cdk8s synth` through the',
    'validation plugin in `cdk8s.yaml`. Suppress a finding with a reason of at least 10 characters: the annotation',
    '`suppress.cdk-fastapi-gke.io/<rule-id>: <reason>` in YAML, or `suppressCheck(construct, ruleId, reason)` on a',
    'cdk8s or cdktf construct. Suppressed findings stay in the report, with their reason.',
    '',
    'Where WebApi relies on an exception of a third-party tool, it writes that tool\'s own annotation: kube-linter\'s',
    '`ignore-check.kube-linter.io/<check>` with the reason, Polaris\'s `polaris.fairwinds.com/<check>-exempt: "true"` with',
    'the reason beside it in `exemption-reason.cdk-fastapi-gke.io/polaris-<check>` (Polaris\'s has no room for one).',
    '',
    'Checkov cannot read a suppression written into Terraform JSON, so synth also writes the suppressed findings of',
    'the rules that restate Checkov checks (those whose source cites `Checkov CKV_...`) to',
    '`cdktf.out/stacks/<env>/.checkov.baseline`, which Checkov honours per resource and check:',
    '`checkov -d cdktf.out/stacks/production --baseline cdktf.out/stacks/production/.checkov.baseline`.',
    '`npx cdktf synth --hcl` writes only `cdk.tf` and `metadata.json`; its resource addresses are the JSON synth\'s, so',
    'keep the baseline of a JSON synth (`npm run synth` or `npx cdktf synth`) for it.',
    '',
    'A rule that cannot read an object (a field of another shape than Kubernetes gives it) gives an error finding under',
    'its own id, with the message `could not check this object: ...`. Input that cannot be read is reported as',
    '`unreadable-input` in the JSON report, and objects that no rule of the run reads are listed as not checked.',
    'Custom resources with a pod template (`spec.template.spec`) get the pod rules, whatever their kind.',
    '',
  ];
  for (const pack of packs) {
    out.push(`## ${pack.name}`, '', `${pack.description}.`, '', '| rule | level | what it wants | from |', '|---|---|---|---|');
    for (const r of pack.rules) out.push(`| \`${r.id}\` | ${r.level} | ${r.summary.replace(/\|/g, '\\|')} | ${r.source.replace(/\|/g, '\\|')} |`);
    out.push('');
  }
  out.push(...upstreamSection(packs));
  return out.join('\n');
}

/** The upstream definition of every third-party check the rules cite, at the commit it was read at. */
function upstreamSection(packs: readonly Pack[]): string[] {
  const cited = new Map<string, { tool: keyof typeof UPSTREAM_CHECKS; id: string; rules: string[] }>();
  for (const r of packs.flatMap((p) => p.rules)) {
    for (const c of citedChecks(r.source)) {
      const key = `${c.tool} ${c.id}`;
      const entry = cited.get(key) ?? { ...c, rules: [] };
      entry.rules.push(r.id);
      cited.set(key, entry);
    }
  }
  const rows = [...cited.values()].map((c) => {
    const { repo, commit, files } = UPSTREAM_CHECKS[c.tool];
    const file = files[c.id];
    const where = file ? `[${file}](https://github.com/${repo}/blob/${commit}/${file})` : 'not found upstream';
    return `| ${c.tool} | \`${c.id}\` | ${where} | ${c.rules.map((id) => `\`${id}\``).join(', ')} |`;
  });
  return [
    '## Upstream definitions',
    '',
    'Each third-party check a rule cites, where its tool defines it. A rule judges as that file does unless its source',
    'says where and why it differs.',
    '',
    '| tool | check | defined in | restated by |',
    '|---|---|---|---|',
    ...rows,
    '',
  ];
}
