// The process tests/store-kill.test.ts kills: it autosaves designs in a loop and reports, on stdout,
// each save that has returned. Run as `node --import tsx autosave-loop.ts FIRST_VERSION`.
import { writeSync } from 'node:fs';
import { openStore } from '../../src/main/store/open-store';
import { versionedSketch, DESIGNS } from './versioned-sketch';

const store = openStore({ path: process.env.PARAMSKETCH_DB! });
writeSync(1, 'ready\n');
for (let version = Number(process.argv[2]); ; version++) {
  const id = `design-${version % DESIGNS}`;
  store.save(versionedSketch(version), { id, snapshot: version % 7 === 0 ? 'saved' : undefined });
  // Synchronous: once this line is out, the save it reports has returned.
  writeSync(1, `saved ${id} ${version}\n`);
}
