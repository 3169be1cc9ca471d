/**
 * The one contract between the renderer and the main process: every method the renderer may call, with
 * schemas for what goes in and comes out. Electron's preload exposes exactly these methods over IPC;
 * browser mode serves exactly these over HTTP; main validates every payload against `input` first.
 */
import { z } from 'zod';
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

export const sketchSchema = z.object({
  name: z.string().max(500),
  convention: z.enum(['keras', 'pytorch']),
  design: z.object({
    nodes: z
      .array(
        z.object({
          id,
          type: z.string().max(200),
          name: z.string().max(500).optional(),
          fields: z.record(z.string().max(200), fieldValue).optional(),
          trainable: z.boolean().optional(),
        }),
      )
      .max(100_000),
    edges: z
      .array(z.object({ from: id, to: id, fromPort: z.number().int().min(0).optional(), toPort: z.number().int().min(0).optional() }))
      .max(400_000),
  }),
  layout: z.record(id, z.object({ x: z.number(), y: z.number() })),
}) satisfies z.ZodType<Sketch>;

const savedDesign = z.object({ id, sketch: sketchSchema, savedAt: z.number() });
export type SavedDesign = z.infer<typeof savedDesign>;

const appInfo = z.object({
  runtime: z.enum(['electron', 'browser']),
  version: z.string(),
  /** Where saved designs live, for the about line; `memory` until the SQLite store lands. */
  storage: z.string(),
});
export type AppInfo = z.infer<typeof appInfo>;

export const API = {
  appInfo: { input: z.undefined(), output: appInfo },
  /** Saves a sketch (a new design when `id` is absent) and returns what was stored. */
  saveDesign: { input: z.object({ id: id.optional(), sketch: sketchSchema }), output: savedDesign },
  openDesign: { input: z.object({ id }), output: savedDesign.nullable() },
  /** The design saved most recently, to reopen at start. */
  latestDesign: { input: z.undefined(), output: savedDesign.nullable() },
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
