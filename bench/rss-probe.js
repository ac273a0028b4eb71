/**
 * Peak RSS where /usr/bin/time is missing: `npm run bench` then runs each command with
 * NODE_OPTIONS=--require=bench/rss-probe.js, and every Node.js process of it (npx, npm, the app) appends its own peak
 * RSS in bytes to $BENCH_RSS_FILE on exit. The bench takes the largest, as GNU time's %M would.
 */
'use strict';
const fs = require('fs');

const file = process.env.BENCH_RSS_FILE;
if (file) {
  process.on('exit', () => {
    try {
      fs.appendFileSync(file, `${process.resourceUsage().maxRSS * 1024}\n`);
    } catch {
      // Reporting is best effort; never change how the measured process ends.
    }
  });
}
