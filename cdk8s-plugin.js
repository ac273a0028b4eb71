// The checks as a cdk8s validation plugin, at a path that stays put: in cdk8s.yaml,
//   validations: [{ package: ./node_modules/cdk-fastapi-gke/cdk8s-plugin.js, version: <this version>, class: Cdk8sChecks }]
// (docs/app-repos.md). It loads the checks alone: no cdk8s, no cdktf.
'use strict';
module.exports = require('./build/lib/checks/cdk8s-plugin');
