#!/usr/bin/env bash
# Regenerates lib/k8s/imports/ from crds/. cdk8s import writes one file per API group, so the CRDs of one group
# are given together as one multi-document file.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for group in cert-manager.io networking.gke.io cloud.google.com gateway.networking.k8s.io secrets-store.csi.x-k8s.io external-secrets.io; do
  ls crds/"$group"_*.yaml >/dev/null 2>&1 || continue
  for f in crds/"$group"_*.yaml; do cat "$f"; printf '\n---\n'; done > "$tmp/$group.yaml"
  npx cdk8s import "$tmp/$group.yaml" --output lib/k8s/imports --language typescript --no-check-upgrade --no-save
done
