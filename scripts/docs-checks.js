// Writes docs/checks.md from the rule packs (run after `tsc -b`).
const fs = require('fs');
const path = require('path');
const { ALL_PACKS, rulesMarkdown } = require('../build/lib/checks');
fs.writeFileSync(path.join(__dirname, '..', 'docs', 'checks.md'), rulesMarkdown(ALL_PACKS));
