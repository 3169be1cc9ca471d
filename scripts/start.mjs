// `npm start`: build, then open the Electron window where its binary exists; otherwise serve the
// built renderer to a browser on 127.0.0.1 and say why.
import { execFileSync, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';

const require = createRequire(import.meta.url);
execFileSync('npx', ['electron-vite', 'build'], { stdio: 'inherit' });

let electronBinary;
try {
  electronBinary = require('electron');
} catch (error) {
  electronBinary = undefined;
  console.log(`Electron's binary is not installed (${error.message.split('\n')[0]}).`);
}
if (typeof electronBinary === 'string' && existsSync(electronBinary)) {
  const child = spawn('npx', ['electron-vite', 'preview'], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log('Falling back to browser mode.');
  await import('./serve-renderer.mjs');
}
