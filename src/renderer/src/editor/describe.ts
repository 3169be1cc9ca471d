// Moved to the shared core, where the exported pictures use it too; the canvas's imports keep this path.
export { layerSummary, tensorText } from '../../../shared/describe';
