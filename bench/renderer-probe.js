// Runs inside the page (plain JavaScript, evaluated as text: tsx's transform would add helpers the
// page doesn't have). Defines window.probe with the renderer benchmark's in-page measurements.
window.probe = {
  /** Types `units` values into the field; per edit, the time until the total on screen changed and a frame was painted. */
  async edits(count, units, warmup) {
    const input = document.querySelector('#field-units');
    const total = document.querySelector('[data-testid="total"]');
    const times = [];
    for (let i = 0; i < count + warmup; i++) {
      const before = total.textContent;
      const changed = new Promise((resolve) => {
        const observer = new MutationObserver(() => {
          if (total.textContent !== before) observer.disconnect(), resolve();
        });
        observer.observe(total, { characterData: true, childList: true, subtree: true });
      });
      const t0 = performance.now();
      input.value = String(units[i % 2]);
      input.dispatchEvent(new Event('input', { bubbles: true }));
      await changed;
      await new Promise((painted) => requestAnimationFrame(() => setTimeout(painted)));
      if (i >= warmup) times.push(performance.now() - t0);
    }
    return times;
  },
  frames: [],
  countFrames() {
    const tick = (t) => (this.frames.push(t), requestAnimationFrame(tick));
    requestAnimationFrame(tick);
  },
};
