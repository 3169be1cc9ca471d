// Runs inside the page (plain JavaScript, evaluated as text: tsx's transform would add helpers the
// page doesn't have). Defines window.probe with the renderer benchmark's in-page measurements.
window.probe = {
  /**
   * Types `units` values into the field, each at a random moment within a frame (as keystrokes arrive).
   * Per edit: `work`, the main thread's time for it (input until the total changed in the DOM, plus the
   * rendering of the frame that shows it), and `onScreen`, input until that frame was painted, which also
   * holds the wait for the next 60 Hz frame.
   */
  async edits(count, units, warmup) {
    const input = document.querySelector('#field-units');
    const total = document.querySelector('[data-testid="total"]');
    const nextFrame = () => new Promise((resolve) => requestAnimationFrame(resolve));
    // [when the frame's animation-frame callbacks ran (its rendering starts there), when it was painted]
    const afterPaint = () =>
      new Promise((resolve) =>
        requestAnimationFrame(() => {
          const frameStart = performance.now();
          setTimeout(() => resolve([frameStart, performance.now()]));
        }),
      );
    const work = [];
    const onScreen = [];
    for (let i = 0; i < count + warmup; i++) {
      await nextFrame();
      await new Promise((wait) => setTimeout(wait, Math.random() * 16));
      const before = total.textContent;
      let changedAt = 0;
      const changed = new Promise((resolve) => {
        const observer = new MutationObserver(() => {
          if (total.textContent !== before) (changedAt = performance.now()), observer.disconnect(), resolve();
        });
        observer.observe(total, { characterData: true, childList: true, subtree: true });
      });
      const t0 = performance.now();
      input.value = String(units[i % 2]);
      input.dispatchEvent(new Event('input', { bubbles: true }));
      await changed;
      const [frameStart, painted] = await afterPaint();
      if (i >= warmup) work.push(changedAt - t0 + (painted - frameStart)), onScreen.push(painted - t0);
    }
    return { work, onScreen };
  },
  frames: [],
  counting: false,
  countFrames() {
    this.counting = true;
    const tick = (t) => this.counting && (this.frames.push(t), requestAnimationFrame(tick));
    requestAnimationFrame(tick);
  },
  stopFrames() {
    this.counting = false;
    return this.frames;
  },
  /**
   * Resolves, after the next file chosen in the editor's file input, with ms from that input's change event
   * until the total shows `total` (counted) and until the first frame showing layer `layerId` was painted.
   */
  watchImport(total, layerId) {
    const input = document.querySelector('[data-testid="file-input"]');
    return new Promise((resolve) => {
      const start = () => {
        const t0 = performance.now();
        const seen = {};
        const finish = () => 'counted' in seen && 'painted' in seen && (observer.disconnect(), resolve(seen));
        const observer = new MutationObserver(() => {
          if (!('counted' in seen) && document.querySelector('[data-testid="total"]')?.textContent === total) (seen.counted = performance.now() - t0), finish();
          if (!seen.drawn && document.querySelector(`.svelte-flow__node[data-id="${layerId}"]`)) {
            seen.drawn = true;
            requestAnimationFrame(() => setTimeout(() => ((seen.painted = performance.now() - t0), finish())));
          }
        });
        observer.observe(document, { subtree: true, childList: true, characterData: true });
      };
      input.addEventListener('change', start, { capture: true, once: true });
    });
  },
};
