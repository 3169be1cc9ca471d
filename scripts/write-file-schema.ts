// Writes resources/paramsketch-file.schema.json, the JSON Schema of the native file format, from the zod
// schema the app reads files with. Run it after changing the format: `npx tsx scripts/write-file-schema.ts`
// (tests/paramsketch-file.test.ts fails while the committed schema differs from what this writes).
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { paramsketchFileJsonSchema } from '../src/shared/files/paramsketch-file';

const target = fileURLToPath(new URL('../resources/paramsketch-file.schema.json', import.meta.url));
writeFileSync(target, `${JSON.stringify(paramsketchFileJsonSchema(), null, 2)}\n`);
console.log(`wrote ${target}`);
