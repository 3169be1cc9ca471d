import type { Session } from 'electron';

/**
 * The app needs no permission from Chromium (camera, microphone, notifications, geolocation, MIDI,
 * clipboard reading, USB, serial, HID…): every request and every check is answered no, so that a page
 * that got into the window could not ask the user for one either. Saving files uses downloads, not a permission.
 */
export function denyAllPermissions(session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'>): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}
