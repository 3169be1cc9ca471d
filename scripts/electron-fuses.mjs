// Flips Electron's fuses in a *packaged* copy of the app's Electron binary: settings compiled into the
// binary that no command-line switch or environment variable can turn back. Run by the packaging step,
// after the app is copied next to the binary and before signing:
//   node scripts/electron-fuses.mjs path/to/Paramsketch(.exe|.app)
// Never on node_modules/electron's own binary: scripts/build-sqlite-electron.mjs runs that one as Node
// (ELECTRON_RUN_AS_NODE), which the first fuse below switches off for good.
// There is no packager in the project yet; whichever is added (electron-builder, Forge) must also write
// the ASAR's integrity hash into the app (both do) for `EnableEmbeddedAsarIntegrityValidation` to pass.
import { flipFuses, FuseV1Options, FuseVersion } from '@electron/fuses';
import { pathToFileURL } from 'node:url';

/** What each fuse is set to, and why. */
export const FUSE_SETTINGS = {
  // ELECTRON_RUN_AS_NODE would turn the signed app into a plain Node that runs any script it is handed.
  [FuseV1Options.RunAsNode]: false,
  // Cookies and local storage on disk encrypted with the OS keychain's key.
  [FuseV1Options.EnableCookieEncryption]: true,
  // NODE_OPTIONS (--require a script) and --inspect would let another program drive the main process.
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  // The app's code is read from app.asar only, and only if it matches the hash embedded at packaging.
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  // The renderer is served from app://, so file:// pages need none of their historical extra privileges.
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
};

export function flipAppFuses(binary) {
  return flipFuses(binary, {
    version: FuseVersion.V1,
    // Apple silicon refuses to run a binary whose ad-hoc signature no longer matches; a real signature comes after.
    resetAdHocDarwinSignature: process.platform === 'darwin' && process.arch === 'arm64',
    ...FUSE_SETTINGS,
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const binary = process.argv[2];
  if (!binary) {
    console.error('usage: node scripts/electron-fuses.mjs <packaged Electron binary or .app>');
    process.exit(2);
  }
  await flipAppFuses(binary);
  console.log(`fuses set in ${binary}: ${Object.entries(FUSE_SETTINGS).map(([fuse, on]) => `${FuseV1Options[fuse]}=${on ? 'on' : 'off'}`).join(', ')}`);
}
