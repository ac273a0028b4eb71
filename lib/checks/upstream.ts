/**
 * Where each third-party check that a rule's `source` cites is defined upstream: the file to read when a verdict of
 * ours and the tool's differ. Read from the repositories at these commits (2026-05 to 2026-08):
 * zegl/kube-score 06dedc9, FairwindsOps/polaris c0e23a2, stackrox/kube-linter 35de568, bridgecrewio/checkov 03d5fda.
 * test/checks/upstream.test.ts keeps it and the rules' sources in step: every check a source cites is here.
 */

/** The tools whose checks the packs restate, with each check id's file in the tool's repository. */
export const UPSTREAM_CHECKS: Readonly<Record<'kube-score' | 'Polaris' | 'kube-linter' | 'Checkov', { readonly repo: string; readonly commit: string; readonly files: Readonly<Record<string, string>> }>> = {
  'kube-score': {
    repo: 'zegl/kube-score',
    commit: '06dedc9ccce58bff50a4f42a3ce0633dc72b0dfa',
    files: {
      'container-resources': 'score/container/container.go',
      'container-image-tag': 'score/container/container.go',
      'container-image-pull-policy': 'score/container/container.go',
      'container-ephemeral-storage-request-and-limit': 'score/container/container.go',
      'environment-variable-key-duplication': 'score/container/container.go',
      'container-security-context-readonlyrootfilesystem': 'score/security/security.go',
      'container-security-context-user-group-id': 'score/security/security.go',
      'pod-probes': 'score/probes/probes.go',
      'pod-probes-identical': 'score/probes/probes.go',
      'pod-networkpolicy': 'score/networkpolicy/networkpolicy.go',
      'networkpolicy-targets-pod': 'score/networkpolicy/networkpolicy.go',
      'service-targets-pod': 'score/service/service.go',
      'service-type': 'score/service/service.go',
      'ingress-targets-service': 'score/ingress/ingress.go',
      'deployment-replicas': 'score/deployment/deployment.go',
      'deployment-strategy': 'score/deployment/deployment.go',
      'horizontalpodautoscaler-replicas': 'score/hpa/hpa.go',
      'horizontalpodautoscaler-has-target': 'score/hpa/hpa.go',
      'deployment-has-poddisruptionbudget': 'score/disruptionbudget/disruptionbudget.go',
      'statefulset-has-poddisruptionbudget': 'score/disruptionbudget/disruptionbudget.go',
      'poddisruptionbudget-has-policy': 'score/disruptionbudget/disruptionbudget.go',
      'deployment-has-host-podantiaffinity': 'score/apps/apps.go',
      'statefulset-has-host-podantiaffinity': 'score/apps/apps.go',
      'deployment-targeted-by-hpa-does-not-have-replicas-configured': 'score/apps/apps.go',
      'deployment-pod-selector-labels-match-template-metadata-labels': 'score/apps/apps.go',
      'statefulset-has-servicename': 'score/apps/apps.go',
      'pod-topology-spread-constraints': 'score/podtopologyspreadconstraints/podtopologyspreadconstraints.go',
      'cronjob-has-deadline': 'score/cronjob/cronjob.go',
      'cronjob-restartpolicy': 'score/cronjob/cronjob.go',
      'stable-version': 'score/stable/stable_version.go',
      'label-values': 'score/meta/labels.go',
    },
  },
  'Polaris': {
    repo: 'FairwindsOps/polaris',
    commit: 'c0e23a233b2087272a7f524f1b922f4e3f2f9689',
    // One schema per check, named after it; their severities by default are in pkg/config/default.yaml.
    files: Object.fromEntries([
      'readinessProbeMissing', 'livenessProbeMissing', 'tagNotSpecified', 'pullPolicyNotAlways', 'cpuRequestsMissing',
      'memoryRequestsMissing', 'cpuLimitsMissing', 'memoryLimitsMissing', 'notReadOnlyRootFilesystem', 'sensitiveContainerEnvVar',
      'sensitiveConfigmapContent', 'priorityClassNotSet', 'automountServiceAccountToken', 'missingNetworkPolicy',
      'deploymentMissingReplicas', 'hpaMinAvailability', 'hpaMaxAvailability', 'missingPodDisruptionBudget', 'pdbDisruptionsIsZero',
      'pdbMinAvailableGreaterThanHPAMinReplicas', 'topologySpreadConstraint', 'metadataAndInstanceMismatched',
      'clusterrolePodExecAttach', 'rolePodExecAttach', 'clusterrolebindingPodExecAttach', 'rolebindingRolePodExecAttach',
      'rolebindingClusterRolePodExecAttach', 'clusterrolebindingClusterAdmin', 'rolebindingClusterAdminClusterRole', 'rolebindingClusterAdminRole',
    ].map((id) => [id, `pkg/config/checks/${id}.yaml`])),
  },
  'kube-linter': {
    repo: 'stackrox/kube-linter',
    commit: '35de568d49825fe0278d25d7fca5aa2467f9dd00',
    // Checks are data in pkg/builtinchecks/yamls (a few files are not named after their check) over Go templates.
    files: {
      ...Object.fromEntries([
        'no-readiness-probe', 'no-liveness-probe', 'latest-tag', 'unset-cpu-requirements', 'unset-memory-requirements', 'env-var-secret',
        'duplicate-env-var', 'liveness-port', 'readiness-port', 'startup-port', 'invalid-target-ports', 'docker-sock', 'ssh-port',
        'non-existent-service-account', 'non-isolated-pod', 'dangling-networkpolicy', 'dangling-service', 'dangling-ingress',
        'dangling-horizontalpodautoscaler', 'pdb-unhealthy-pod-eviction-policy', 'no-anti-affinity', 'mismatching-selector',
        'job-ttl-seconds-after-finished', 'no-extensions-v1beta',
      ].map((id) => [id, `pkg/builtinchecks/yamls/${id}.yaml`])),
      'no-read-only-root-fs': 'pkg/builtinchecks/yamls/read-only-root-fs.yaml',
      'deprecated-service-account-field': 'pkg/builtinchecks/yamls/deprecated-service-account.yaml',
      'pdb-max-unavailable': 'pkg/builtinchecks/yamls/pdbs-max-unavailable.yaml',
      'pdb-min-available': 'pkg/builtinchecks/yamls/pdbs-min-available.yaml',
    },
  },
  'Checkov': {
    repo: 'bridgecrewio/checkov',
    commit: '03d5fdad8d6154b1565799a7b1fb8070c158866f',
    files: Object.fromEntries(Object.entries({
      CKV_GCP_1: 'GKEClusterLogging', CKV_GCP_7: 'GKEDisableLegacyAuth', CKV_GCP_8: 'GKEMonitoringEnabled',
      CKV_GCP_9: 'GKENodePoolAutoRepairEnabled', CKV_GCP_10: 'GKENodePoolAutoUpgradeEnabled', CKV_GCP_12: 'GKENetworkPolicyEnabled',
      CKV_GCP_13: 'GKEClientCertificateDisabled', CKV_GCP_18: 'GKEPublicControlPlane', CKV_GCP_20: 'GKEMasterAuthorizedNetworksEnabled',
      CKV_GCP_21: 'GKEHasLabels', CKV_GCP_22: 'GKEUseCosImage', CKV_GCP_23: 'GKEAliasIpEnabled', CKV_GCP_25: 'GKEPrivateClusterConfig',
      CKV_GCP_61: 'GKEEnableVPCFlowLogs', CKV_GCP_64: 'GKEPrivateNodes', CKV_GCP_65: 'GKEKubernetesRBACGoogleGroups',
      CKV_GCP_66: 'GKEBinaryAuthorization', CKV_GCP_68: 'GKESecureBootforShieldedNodes', CKV_GCP_69: 'GKEMetadataServerIsEnabled',
      CKV_GCP_70: 'GKEReleaseChannel', CKV_GCP_71: 'GKEEnableShieldedNodes', CKV_GCP_72: 'GKEEnsureIntegrityMonitoring',
      CKV_GCP_74: 'GoogleSubnetworkPrivateGoogleEnabled', CKV_GCP_84: 'ArtifactRegsitryEncryptedWithCMK', CKV_GCP_123: 'GKEDontUseNodePools',
    }).map(([id, file]) => [id, `checkov/terraform/checks/resource/gcp/${file}.py`])),
  },
};

/** The upstream checks a rule's source cites: for each `;`-separated part that names a tool, its ids before any `(`. */
export function citedChecks(source: string): { tool: keyof typeof UPSTREAM_CHECKS; id: string }[] {
  const out: { tool: keyof typeof UPSTREAM_CHECKS; id: string }[] = [];
  for (const part of source.split(';')) {
    const m = /^\s*(kube-score|Polaris|kube-linter|Checkov) ([^(]*)/.exec(part);
    if (!m) continue;
    const tool = m[1] as keyof typeof UPSTREAM_CHECKS;
    for (const id of m[2].split(/[,/]/).map((s) => s.trim()).filter(Boolean)) out.push({ tool, id });
  }
  return out;
}
