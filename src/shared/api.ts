/**
 * The one contract between the renderer and the main process: every method the renderer may call, with
 * schemas for what goes in and comes out. Electron's preload exposes exactly these methods over IPC;
 * browser mode serves exactly these over HTTP; main validates every payload against `input` first.
 */
import { z } from 'zod';
import { BLOCK_ID } from './blocks/rename';
import type { FieldValue } from './design';
import type { Sketch } from './sketch';
import type { ApiMethod } from './api-methods';

const fieldValue: z.ZodType<FieldValue> = z.lazy(() =>
  z.union([
    z.number(),
    z.string().max(10_000),
    z.boolean(),
    z.null(),
    z.array(z.number().nullable()).max(64),
    z.object({ type: z.string().max(200), fields: z.record(z.string().max(200), fieldValue).optional() }),
  ]),
);

const id = z.string().min(1).max(200);

const position = z.object({ x: z.number(), y: z.number() });

const layerNode = z.object({
  id,
  type: z.string().max(200),
  name: z.string().max(500).optional(),
  fields: z.record(z.string().max(200), fieldValue).optional(),
  trainable: z.boolean().optional(),
  tiedTo: id.optional(),
  fileParams: z.string().regex(/^\d{1,40}$/).optional(),
  // Any number: a repeat the core cannot use is a problem it reports at the node, not a file it refuses.
  repeat: z.number().optional(),
});

const graph = {
  nodes: z.array(layerNode).max(100_000),
  edges: z
    .array(z.object({ from: id, to: id, fromPort: z.number().int().min(0).optional(), toPort: z.number().int().min(0).optional() }))
    .max(400_000),
};

const blockId = z.string().regex(BLOCK_ID, 'a block name is a letter, then letters, digits or _');

const blockDefinition = z.object({
  design: z.object(graph),
  inputs: z.array(id).max(64),
  outputs: z.array(z.object({ node: id, port: z.number().int().min(0).optional() })).max(64),
  params: z
    .array(
      z.object({
        name: z.string().min(1).max(200),
        default: z.number(),
        min: z.number().optional(),
        targets: z.array(z.object({ node: id, field: z.string().max(200), scale: z.number().optional() })).max(1_000),
      }),
    )
    .max(100)
    .optional(),
  layout: z.record(id, position).optional(),
});

export const sketchSchema = z.object({
  name: z.string().max(500),
  convention: z.enum(['keras', 'pytorch']),
  design: z.object({ ...graph, blocks: z.record(blockId, blockDefinition).optional() }),
  layout: z.record(id, position),
}) satisfies z.ZodType<Sketch>;

const savedDesign = z.object({ id, sketch: sketchSchema, savedAt: z.number() });
export type SavedDesign = z.infer<typeof savedDesign>;

/** Exact counts cross the boundary as decimal text: JSON numbers would round past 2^53. */
const count = z.string().regex(/^\d+$/);

/** What the library lists of a design, without its sketch. */
const designSummary = z.object({
  id,
  name: z.string(),
  layers: z.number().int(),
  /** Totals in each convention; null where the design has problems that keep a layer from being counted. */
  paramsKeras: count.nullable(),
  paramsPytorch: count.nullable(),
  /** What one token uses, in the design's own convention, where experts make it less than its total (absent: the total). */
  activeParams: count.nullable().optional(),
  createdAt: z.number(),
  updatedAt: z.number(),
  /** When it went to the trash; null for a design in the library. */
  deletedAt: z.number().nullable(),
  /** Why the totals and picture are missing (the design is too large to summarise), in words. */
  summaryProblem: z.string().optional(),
});
export type DesignSummary = z.infer<typeof designSummary>;

export const SNAPSHOT_REASONS = ['saved', 'autosave', 'before restore', 'imported'] as const;
const snapshotSummary = z.object({
  id: z.number().int(),
  designId: id,
  takenAt: z.number(),
  reason: z.enum(SNAPSHOT_REASONS),
  name: z.string(),
  layers: z.number().int(),
  paramsKeras: count.nullable(),
  paramsPytorch: count.nullable(),
});
export type SnapshotSummary = z.infer<typeof snapshotSummary>;
const savedSnapshot = snapshotSummary.extend({ sketch: sketchSchema });
export type SavedSnapshot = z.infer<typeof savedSnapshot>;

const appInfo = z.object({
  runtime: z.enum(['electron', 'browser']),
  version: z.string(),
  /** Where saved designs live, for the about line. */
  storage: z.string(),
  /** Something the user must hear about the store, e.g. that a broken database was moved aside. */
  storageNotice: z.string().optional(),
});
export type AppInfo = z.infer<typeof appInfo>;

const designRef = z.object({ id });
const ok = z.literal(true);

export const API = {
  appInfo: { input: z.undefined(), output: appInfo },
  /**
   * Saves a sketch (a new design when `id` is absent) and returns what was stored. `snapshot: 'saved'`
   * (an explicit save) also keeps a snapshot in the design's history; autosaves keep one every few minutes.
   */
  saveDesign: { input: z.object({ id: id.optional(), sketch: sketchSchema, snapshot: z.enum(['saved', 'imported']).optional() }), output: savedDesign },
  openDesign: { input: designRef, output: savedDesign.nullable() },
  /** The design edited most recently, to reopen at start. */
  latestDesign: { input: z.undefined(), output: savedDesign.nullable() },
  /** The library (or, with `trash`, the designs in the trash), most recently edited first. */
  listDesigns: { input: z.object({ trash: z.boolean().optional() }), output: z.array(designSummary) },
  /**
   * Small SVG drawings of the designs' graphs, by id. Apart from the listing, which stays small for
   * thousands of designs: the library asks only for the rows in view.
   */
  designThumbnails: { input: z.object({ ids: z.array(id).max(500) }), output: z.record(id, z.string()) },
  renameDesign: { input: z.object({ id, name: z.string().min(1).max(500) }), output: designSummary },
  duplicateDesign: { input: designRef, output: savedDesign },
  /** Moves a design to the trash (emptied after 30 days); `restoreDesign` takes it back out. */
  trashDesign: { input: designRef, output: ok },
  restoreDesign: { input: designRef, output: ok },
  listSnapshots: { input: designRef, output: z.array(snapshotSummary) },
  openSnapshot: { input: z.object({ snapshot: z.number().int() }), output: savedSnapshot.nullable() },
  /** Makes a snapshot the design's current state, keeping the state it replaces as a snapshot first. */
  restoreSnapshot: { input: z.object({ snapshot: z.number().int() }), output: savedDesign },
} as const satisfies Record<ApiMethod, { input: z.ZodType; output: z.ZodType }>;

export { API_METHODS, apiChannel, type ApiMethod } from './api-methods';
export type ApiInput<M extends ApiMethod> = z.input<(typeof API)[M]['input']>;
export type ApiOutput<M extends ApiMethod> = z.output<(typeof API)[M]['output']>;

/** Errors cross the boundary as values, never as exceptions with a stack from the other side. */
export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: string };

/** What the renderer holds: one async function per method. */
export type Api = { [M in ApiMethod]: (...input: ApiInput<M> extends undefined ? [] : [ApiInput<M>]) => Promise<ApiResult<ApiOutput<M>>> };

/** What main implements: the same methods, given validated input, answering plainly or throwing. */
export type ApiHandlers = { [M in ApiMethod]: (input: z.output<(typeof API)[M]['input']>) => ApiOutput<M> | Promise<ApiOutput<M>> };

/** Validates a payload, runs the handler, and turns every failure into a value with a readable message. */
export async function answer<M extends ApiMethod>(handlers: ApiHandlers, method: M, payload: unknown): Promise<ApiResult<ApiOutput<M>>> {
  const input = API[method].input.safeParse(payload);
  if (!input.success) return { ok: false, error: `${method}: ${z.prettifyError(input.error)}` };
  try {
    return { ok: true, value: await handlers[method](input.data as never) };
  } catch (error) {
    return { ok: false, error: `${method}: ${error instanceof Error ? error.message : String(error)}` };
  }
}
