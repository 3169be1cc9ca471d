// `npm start`: build, then open the Electron window where its binary exists; otherwise fall back to
// browser mode (`npm run serve`) and say what is missing.
import { execFileSync, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';

const require = createRequire(import.meta.url);
execFileSync('npx', ['electron-vite', 'build'], { stdio: 'inherit' });

let electronBinary;
let missing;
try {
  electronBinary = require('electron');
  if (!existsSync(electronBinary)) missing = `no binary at ${electronBinary}`;
} catch (error) {
  missing = error.message.split('\n')[0];
}
// Electron needs its own build of SQLite (a different ABI from Node's); made once, then kept in native/.
if (!missing) execFileSync('node', ['scripts/build-sqlite-electron.mjs'], { stdio: 'inherit' });
const [command, args] = missing ? ['node', ['out/main/serve.js']] : ['npx', ['electron-vite', 'preview']];
if (missing) {
  console.log(`Electron's binary is not installed (${missing}); it is downloaded by npm install where the network allows.`);
  console.log('Falling back to browser mode: the same app in your browser.');
}
const child = spawn(command, args, { stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 0));
