// The grid component: every grid of numbers in the app, drawn as DOM cells, animated in the browser.
//
// The server sends a walk (ui/grid.py builds it from convcore): each grid's values as the text to print,
// a tone per cell for its colour, each input cell's role (input or padding, read or unread), the
// window index map (the input rows and columns each output row and column reads) and the products.
// This module only looks things up and draws: it never computes a number it shows. Text goes in with
// textContent, never as HTML.
//
// One view per mounted component (keyed on its shadow root). Streamlit calls the default export again
// with new data on every rerun that changes it; the view then updates its cells in place.

const VIEWS = new WeakMap();
const PRESENTERS = []; // sliding-window views in the order they were built: the first one takes a clicker
// The pace: at 1× a walk plays in about PACE_TOTAL ms, and no step lasts longer than PACE_SLOWEST ms: d2l's 4-step examples at one step a second, a 32x32 walk (961 steps) in about ten seconds (several
// steps a frame). The other speeds multiply it. A speed's value is what the link carries (?speed=2).
const PACE_TOTAL = 10000;
const PACE_SLOWEST = 1000;
const SPEEDS = [
  ["½×", "0.5"],
  ["1×", "1"],
  ["2×", "2"],
  ["4×", "4"],
  ["10×", "10"],
];
const DEFAULT_SPEED = "1";
const REPORT_AFTER = 250; // ms after the last step before the cell on show goes to the server
const LOOP_HOLD = 2; // a looping grid (home) rests this many steps on its last frame before it starts again

export function period(count, speed) {
  return Math.min(PACE_SLOWEST, PACE_TOTAL / Math.max(1, count)) / Number(speed);
}

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (match, name) => (name in values ? String(values[name]) : match));
}

function paren(text) {
  return text.startsWith("-") || text.startsWith("−") ? `(${text})` : text;
}

// The tone alphabet of ui/grid/__init__.py: one character a cell, its colour's position on the scale.
const TONE_CHARS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
const TONE_LEVELS = TONE_CHARS.length - 1;

// A colour for a tone the server computed: sequential (white to slate) or diverging (blue < 0 < red,
// as RdBu), with the ink that reads on it.
function colour(char, diverging) {
  const index = char === undefined ? -1 : TONE_CHARS.indexOf(char);
  if (index < 0) return ["#ffffff", "#222"];
  const position = index / TONE_LEVELS;
  if (diverging) {
    const tone = position * 2 - 1;
    const strength = Math.min(1, Math.abs(tone));
    const hue = tone >= 0 ? 4 : 212;
    const light = 98 - strength * 52;
    return [`hsl(${hue} 70% ${light}%)`, light < 58 ? "#fff" : "#111"];
  }
  const light = 98 - position * 62;
  return [`hsl(215 28% ${light}%)`, light < 58 ? "#fff" : "#111"];
}

class Grid {
  // One grid of cells: an element per cell carrying data-grid, data-row, data-col and data-value.
  constructor(name, spec, options = {}) {
    this.name = name;
    this.root = el("figure", "grid");
    this.root.dataset.grid = name;
    this.title = el("figcaption", "grid-title");
    this.body = el("div", "cells");
    this.root.append(this.title, this.body);
    this.cells = [];
    this.options = options;
    this.set(spec);
  }

  set(spec) {
    this.spec = spec;
    this.title.textContent = spec.title || "";
    const { rows, cols } = spec;
    const rowBase = spec.rowBase || 0;
    const colBase = spec.colBase || 0;
    if (this.rows !== rows || this.cols !== cols || this.rowBase !== rowBase || this.colBase !== colBase) {
      this.rows = rows;
      this.cols = cols;
      this.rowBase = rowBase;
      this.colBase = colBase;
      this.body.replaceChildren();
      this.veils = null;
      this.body.style.gridTemplateColumns = `var(--label) repeat(${cols}, var(--cell))`;
      // every item placed explicitly: the outline overlaps cells instead of pushing them along
      const place = (node, row, col) => {
        node.style.gridRow = String(row + 1);
        node.style.gridColumn = String(col + 1);
        this.body.append(node);
        return node;
      };
      place(el("div", "corner"), 0, 0);
      for (let c = 0; c < cols; c += 1) place(el("div", "label col-label", String(c + colBase)), 0, c + 1);
      this.cells = [];
      for (let r = 0; r < rows; r += 1) {
        place(el("div", "label row-label", String(r + rowBase)), r + 1, 0);
        for (let c = 0; c < cols; c += 1) {
          const cell = place(el("div", "cell"), r + 1, c + 1);
          cell.dataset.grid = this.name;
          cell.dataset.row = String(r + rowBase);
          cell.dataset.col = String(c + colBase);
          cell.append(el("span", "v"));
          this.cells.push(cell);
        }
      }
      this.outline = el("div", "outline");
      this.outline.hidden = true;
      this.body.append(this.outline);
    }
    // write only what changed: a rerun that keeps a grid's numbers (a stride change keeps the input's)
    // touches none of its cells
    const roles = spec.roles || "";
    const tones = spec.tones || "";
    let longest = 1;
    this.cells.forEach((cell, k) => {
      const text = spec.values[k];
      longest = Math.max(longest, text.length);
      const look = `${roles[k] || "0"}${tones[k] || "~"}${spec.diverging ? "d" : "s"}`;
      if (cell.dataset.value !== text) {
        cell.dataset.value = text;
        cell.firstChild.textContent = text;
      }
      if (cell.look === look) return;
      cell.look = look;
      const role = roles[k] || "0";
      const pad = role === "2" || role === "3";
      const [background, ink] = colour(tones[k], spec.diverging);
      cell.classList.toggle("pad", pad);
      cell.classList.toggle("unread", role === "1" || role === "3");
      cell.style.backgroundColor = pad ? "" : background;
      cell.style.color = pad ? "" : ink;
    });
    this.longest = longest;
  }

  at(row, col) {
    const r = row - this.rowBase;
    const c = col - this.colBase;
    if (r < 0 || c < 0 || r >= this.rows || c >= this.cols) return null;
    return this.cells[r * this.cols + c];
  }

  size(cellPx, labelPx) {
    const sizing = `${cellPx}|${labelPx}|${this.longest}`;
    if (sizing === this.sizing) return;
    this.sizing = sizing;
    this.root.style.setProperty("--cell", `${cellPx}px`);
    this.root.style.setProperty("--label", `${labelPx}px`);
    const font = Math.min(cellPx * 0.46, (cellPx * 1.75) / Math.max(2, this.longest), this.options.maxFont || 40);
    this.root.style.setProperty("--font", `${Math.floor(font)}px`);
    this.root.classList.toggle("tiny", font < 7);
    this.root.classList.toggle("compact", cellPx < 34);
    this.cellPx = cellPx;
  }

  box(top, left, bottom, right) {
    // the outline over cells top..bottom, left..right (the grid's own coordinates), or hidden
    if (top === null) {
      this.outline.hidden = true;
      return;
    }
    const r0 = top - this.rowBase;
    const c0 = left - this.colBase;
    // placed absolutely over the cells (not as a grid item): moving it lays out nothing else, and it has
    // no transform (a changed transform node sends the whole page back through layerization)
    this.outline.hidden = false;
    const style = this.outline.style;
    style.left = `calc(var(--label) + ${c0} * var(--cell))`;
    style.top = `calc(var(--head) + ${r0} * var(--cell))`;
    style.width = `calc(${right - left + 1} * var(--cell))`;
    style.height = `calc(${bottom - top + 1} * var(--cell))`;
  }

  glide(on) {
    this.outline.style.transition = on ? "" : "none";
  }

  veil(row, col) {
    // two boxes: the rest of row `row` after `col`, and every row below it (none when row is null)
    if (!this.veils) {
      this.veils = [el("div", "veil"), el("div", "veil")];
      this.body.append(...this.veils);
    }
    const [rest, below] = this.veils;
    const place = (node, top, left, rows, cols) => {
      node.hidden = rows <= 0 || cols <= 0;
      if (node.hidden) return;
      node.style.top = `calc(var(--head) + ${top} * var(--cell))`;
      node.style.left = `calc(var(--label) + ${left} * var(--cell))`;
      node.style.width = `calc(${cols} * var(--cell))`;
      node.style.height = `calc(${rows} * var(--cell))`;
    };
    if (row === null) {
      rest.hidden = true;
      below.hidden = true;
      return;
    }
    place(rest, row, col + 1, 1, this.cols - col - 1);
    place(below, row + 1, 0, this.rows - row - 1, this.cols);
  }

  weights(values, rows, cols) {
    // the kernel weight on each window cell, printed small in its corner: labels that ride inside the
    // outline, so moving the window changes no cell's text (and lays out no cell)
    const shape = [rows, cols].map((line) => line.map((n) => n - line[0]).join(",")).join("|");
    const key = `${values ? values.join(" ") : ""}|${shape}`;
    if (key === this.weightKey) return;
    this.weightKey = key;
    this.outline.replaceChildren();
    const top = rows[0];
    const left = cols[0];
    rows.forEach((r, a) => cols.forEach((c, b) => {
      // a mark on each cell the window reads (dilation's gaps stay unmarked)
      const mark = el("span", "read");
      mark.style.left = `calc(${c - left} * var(--cell) - 3px)`;
      mark.style.top = `calc(${r - top} * var(--cell) - 3px)`;
      this.outline.append(mark);
      if (!values) return;
      const label = el("span", "weight", `×${values[a * cols.length + b]}`);
      label.style.left = `calc(${c - left} * var(--cell) - 3px)`;
      label.style.top = `calc(${r - top + 1} * var(--cell) - 3px)`;
      this.outline.append(label);
    }));
  }
}

class View {
  constructor(parent) {
    this.parent = parent;
    this.root = el("div", "grid-root");
    this.root.dataset.component = "grid";
    this.root.tabIndex = 0;
    parent.append(this.root);
    this.bar = el("div", "bar");
    this.panelsRow = el("div", "panels");
    this.math = el("div", "math");
    this.root.append(this.bar, this.panelsRow, this.math);
    this.cursor = 0;
    this.playing = false;
    this.speed = DEFAULT_SPEED;
    this.hover = null;
    this.lit = [];
    this.buildBar();
    this.onKey = (event) => this.key(event);
    this.root.addEventListener("keydown", this.onKey);
    // a presenter's clicker sends PageDown / PageUp: they step the first window on the page from
    // anywhere on it, unless a field has the focus (typing) or the grid itself does (its own keys)
    this.onPresenter = (event) => this.presenter(event);
    document.addEventListener("keydown", this.onPresenter);
    PRESENTERS.push(this);
    // the width comes from the observer, so an update never forces a layout to read it
    this.resize = new ResizeObserver((entries) => {
      this.width = entries[entries.length - 1].contentRect.width;
      this.layout();
    });
    this.resize.observe(this.root);
    this.frame = null;
  }

  buildBar() {
    const button = (name, label) => {
      const node = el("button", `btn ${name}`, label);
      node.type = "button";
      node.dataset.control = name;
      return node;
    };
    this.first = button("first", "«");
    this.prev = button("prev", "◀");
    this.play = button("play", "▶");
    this.next = button("next", "▶|");
    this.next.textContent = "▶❘";
    this.prev.textContent = "❘◀";
    this.speedBox = el("select", "speed");
    this.speedBox.dataset.control = "speed";
    SPEEDS.forEach(([label, value]) => {
      const option = el("option", "", label);
      option.value = value;
      this.speedBox.append(option);
    });
    this.speedBox.value = this.speed;
    this.scrub = el("input", "scrub");
    this.scrub.type = "range";
    this.scrub.min = "0";
    this.scrub.dataset.control = "scrub";
    this.where = el("span", "where");
    this.where.dataset.control = "where";
    this.bar.append(this.first, this.prev, this.play, this.next, this.speedBox, this.scrub, this.where);
    this.first.addEventListener("click", () => this.goto(0, true));
    this.prev.addEventListener("click", () => this.goto(this.cursor - 1, true));
    this.next.addEventListener("click", () => this.goto(this.cursor + 1, true));
    this.play.addEventListener("click", () => this.toggle());
    this.speedBox.addEventListener("change", () => {
      this.speed = this.speedBox.value;
      // the link carries the speed: the server keeps it (one rerun of the grid's fragment)
      if (this.setStateValue) this.setStateValue("speed", this.speed);
    });
    this.scrub.addEventListener("input", () => this.goto(Number(this.scrub.value), true, false));
    this.scrub.addEventListener("change", () => this.report());
  }

  // the speed the server sends (the link's, or the one picked last), taken when it changes
  takeSpeed(data) {
    const speed = SPEEDS.some(([, value]) => value === data.speed) ? data.speed : DEFAULT_SPEED;
    if (speed === this.serverSpeed) return;
    this.serverSpeed = speed;
    this.speed = speed;
    this.speedBox.value = speed;
  }

  // The cell a step, a scrub or a pause stopped on goes to the server as the pinned cell (shortly after the
  // last of a quick run of steps), so what the page draws for the cell on show (the SVG download's label)
  // follows it. A payload with report: false (home) keeps it in the browser.
  report() {
    if (!this.setStateValue || !this.data || this.data.report === false) return;
    clearTimeout(this.reportTimer);
    this.reportTimer = setTimeout(() => {
      if (this.playing || !this.data) return;
      const w = this.data.shape[1];
      this.pinCell([Math.floor(this.cursor / w), this.cursor % w]);
    }, REPORT_AFTER);
  }

  pinCell(cell) {
    if (this.known && this.known[0] === cell[0] && this.known[1] === cell[1]) return;
    this.known = cell;
    if (this.setStateValue) this.setStateValue("cell", cell);
  }

  update(data, setStateValue) {
    this.setStateValue = setStateValue;
    const first = !this.data;
    const old = this.data;
    this.data = data;
    const text = data.text;
    this.root.classList.toggle("projector", !!data.projector);
    this.root.classList.toggle("small-grid", !!data.small);
    this.play.title = text.play;
    this.prev.title = text.prev;
    this.next.title = text.next;
    this.first.title = text.first;
    this.speedBox.title = text.speed;
    this.scrub.title = text.scrub;
    this.scrub.setAttribute("aria-label", text.scrub);
    const [hOut, wOut] = data.shape;
    this.count = hOut * wOut;
    this.scrub.max = String(Math.max(0, this.count - 1));

    // the grids: input panels (with their kernels), the output, the arithmetic
    if (first || old.panels.length !== data.panels.length || old.kind !== data.kind) this.buildGrids();
    data.panels.forEach((panel, index) => {
      const group = this.panels[index];
      group.input.set({ ...panel.input, rowBase: -panel.top, colBase: -panel.left });
      if (panel.kernel) group.kernel.set(panel.kernel);
      group.kernel.root.hidden = !panel.kernel;
    });
    this.output.set(data.output);
    this.follow(data, old, first);
    this.hover = null;
    this.layout();
    this.show();
    this.autoplay(first);
  }

  // The cursor goes to the pinned cell the server sends when that changed (a click, a link, a shrunk map),
  // unless it is the cell this view itself reported (the user may have stepped on since). The speed too.
  follow(data, old, first) {
    const w = data.shape[1];
    const sent = data.cell;
    const changed = first || !old.cell || !sent || old.cell[0] !== sent[0] || old.cell[1] !== sent[1];
    const ours = sent && this.known && this.known[0] === sent[0] && this.known[1] === sent[1];
    if (changed && !ours) this.cursor = sent ? sent[0] * w + sent[1] : 0;
    if (sent && !ours) this.known = [sent[0], sent[1]];
    this.cursor = Math.min(Math.max(this.cursor, 0), this.count - 1);
    this.takeSpeed(data);
  }

  // a grid that plays by itself (home): from its first drawing, looping, unless the reader asked the system
  // for less motion
  autoplay(first) {
    if (!first || !this.data.autoplay) return;
    const still = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    if (!still) this.start();
  }

  buildGrids() {
    this.panelsRow.replaceChildren();
    this.math.replaceChildren();
    const data = this.data;
    this.panels = data.panels.map((panel, index) => {
      const group = el("div", "group");
      const input = new Grid("input", { ...panel.input, rowBase: -panel.top, colBase: -panel.left });
      input.root.dataset.channel = String(index);
      const kernel = new Grid("kernel", panel.kernel || { rows: 0, cols: 0, values: [] });
      kernel.root.dataset.channel = String(index);
      kernel.root.classList.add("small");
      group.append(input.root, kernel.root);
      this.panelsRow.append(group);
      input.body.addEventListener("pointerover", (event) => this.hoverInput(event, index));
      kernel.body.addEventListener("pointerover", (event) => this.hoverKernel(event, index));
      return { input, kernel, group };
    });
    this.output = new Grid("output", data.output);
    const outGroup = el("div", "group");
    outGroup.append(this.output.root);
    this.panelsRow.append(outGroup);
    this.output.body.addEventListener("pointerover", (event) => this.hoverOutput(event));
    this.output.body.addEventListener("click", (event) => this.clickOutput(event));
    this.panelsRow.addEventListener("pointerleave", () => this.unhover());
    this.root.addEventListener("pointerleave", () => this.unhover());

    this.mathTitle = el("div", "math-title");
    this.mathGrids = el("div", "math-grids");
    this.lines = el("div", "lines");
    this.math.append(this.mathTitle, this.mathGrids, this.lines);
    this.windowGrids = [];
    this.productGrids = [];
    data.panels.forEach((panel, index) => {
      const group = el("div", "group");
      const windowGrid = new Grid("window", { rows: 0, cols: 0, values: [] });
      const products = new Grid("product", { rows: 0, cols: 0, values: [] });
      windowGrid.root.dataset.channel = String(index);
      products.root.dataset.channel = String(index);
      windowGrid.root.classList.add("small");
      products.root.classList.add("small");
      group.append(windowGrid.root);
      if (panel.products) group.append(products.root);
      this.mathGrids.append(group);
      this.windowGrids.push(windowGrid);
      this.productGrids.push(products);
    });
  }

  layout() {
    if (!this.data) return;
    const width = this.width || this.root.clientWidth || 600;
    const projector = !!this.data.projector;
    // a small grid (home's) stays small beside its words
    const maxCell = this.data.small ? (projector ? 60 : 44) : projector ? 84 : 58;
    const minCell = 6;
    const label = projector ? 30 : width < 500 ? 18 : 24;
    const gap = 18;
    const inputs = this.panels.map((group) => group.input.cols);
    const kernels = this.panels.map((group) => (group.kernel.root.hidden ? 0 : group.kernel.cols));
    const outCols = this.output.cols;
    // side by side (every input and the output on one line), or stacked (each on a line of its own),
    // whichever gives the larger cells; a phone always stacks
    const columns = inputs.reduce((a, b) => a + b, 0) + outCols;
    const side = Math.floor((width - (inputs.length + 1) * (label + gap)) / columns);
    const stack = Math.floor((width - label - 8) / Math.max(outCols, ...inputs));
    // a phone stacks them unless its cells stay large side by side (d2l's 3x3 beside its 2x2 output)
    const stacked = (width < 480 && !this.data.small && side < 30) || (side < 18 && stack > side);
    const cell = Math.max(minCell, Math.min(maxCell, stacked ? stack : side));
    this.root.classList.toggle("stacked", stacked);
    this.root.classList.toggle("narrow", width < 480);
    const kernelMax = projector ? 72 : 48;
    this.panels.forEach((group, index) => {
      group.input.size(cell, label);
      const room = Math.floor((width - label - 8) / Math.max(1, kernels[index]));
      group.kernel.size(Math.max(minCell, Math.min(kernelMax, room, Math.max(cell, projector ? 56 : 36))), label);
    });
    this.output.size(cell, label);
    // the arithmetic: per channel a window and its products side by side
    const perGrid = (width - gap) / Math.max(2, this.panels.length * 2) - label - gap;
    const mathCell = Math.max(minCell, Math.min(kernelMax, Math.floor(perGrid / Math.max(1, ...kernels))));
    this.windowGrids.forEach((grid) => grid.size(mathCell, label));
    this.productGrids.forEach((grid) => grid.size(mathCell, label));
  }

  // the cell on display: the hovered output cell, or the cursor (the playing frame, a scrub, a pin)
  shown() {
    return this.hover !== null ? this.hover : this.cursor;
  }

  goto(index, stop, report = true) {
    if (stop) this.pause(false);
    this.cursor = Math.min(Math.max(index, 0), this.count - 1);
    this.show();
    if (stop && report) this.report();
  }

  toggle() {
    if (this.playing) this.pause();
    else this.start();
  }

  // Playing and pausing touch only the button, the root's data-playing (no style depends on it: a
  // changed attribute that selectors read restyles every cell) and the outlines' glide.
  // A step lasts period(count, speed) ms; a walk with more steps than frames moves several a frame.
  start() {
    if (this.count <= 1) return;
    if (this.cursor >= this.count - 1) this.cursor = 0;
    this.playing = true;
    this.play.textContent = "❚❚";
    this.play.title = this.data.text.pause;
    this.root.dataset.playing = "true";
    this.grids().forEach((grid) => grid.glide(false));
    let last = performance.now();
    let held = 0; // steps spent on the last frame (a looping grid rests there before starting again)
    const tick = (now) => {
      if (!this.playing) return;
      const step = period(this.count, this.speed);
      const due = Math.floor((now - last + 1) / step);
      if (due >= 1) {
        // a frame that comes late (a hidden tab) does not make up for lost time in one burst
        last = due > 8 ? now : last + due * step;
        if (this.cursor >= this.count - 1) {
          if (!this.data.loop) {
            this.pause();
            return;
          }
          held += due;
          if (held > LOOP_HOLD) {
            held = 0;
            this.cursor = 0;
            this.show();
          }
        } else {
          this.cursor = Math.min(this.count - 1, this.cursor + due);
          this.show();
        }
      }
      this.frame = requestAnimationFrame(tick);
    };
    this.show();
    this.frame = requestAnimationFrame(tick);
  }

  pause(report = true) {
    if (!this.playing && this.frame === null) return;
    this.playing = false;
    if (this.frame !== null) cancelAnimationFrame(this.frame);
    this.frame = null;
    this.play.textContent = "▶";
    if (this.data) this.play.title = this.data.text.play;
    this.root.dataset.playing = "false";
    this.grids().forEach((grid) => grid.glide(true));
    this.show();
    if (report) this.report();
  }

  grids() {
    return this.panels ? [...this.panels.map((group) => group.input), this.output] : [];
  }

  key(event) {
    const wOut = this.data.shape[1];
    const moves = {
      ArrowRight: 1,
      ArrowLeft: -1,
      PageDown: 1,
      PageUp: -1,
      ArrowDown: wOut,
      ArrowUp: -wOut,
    };
    if (event.key === " " || event.key === "Spacebar") {
      this.toggle();
    } else if (event.key in moves) {
      this.goto(this.cursor + moves[event.key], true);
    } else if (event.key === "Home") {
      this.goto(0, true);
    } else if (event.key === "End") {
      this.goto(this.count - 1, true);
    } else {
      return;
    }
    event.preventDefault();
  }

  cellOf(event, grid) {
    const cell = event.target.closest(".cell");
    if (!cell || !grid.body.contains(cell)) return null;
    return [Number(cell.dataset.row), Number(cell.dataset.col)];
  }

  hoverOutput(event) {
    const at = this.cellOf(event, this.output);
    if (!at) return;
    this.hover = at[0] * this.data.shape[1] + at[1];
    this.show();
  }

  clickOutput(event) {
    const at = this.cellOf(event, this.output);
    if (!at) return;
    this.pause();
    this.hover = null;
    this.cursor = at[0] * this.data.shape[1] + at[1];
    this.show();
    this.root.focus({ preventScroll: true });
    this.pinCell(at);
  }

  hoverKernel(event, channel) {
    const group = this.panels[channel];
    const at = this.cellOf(event, group.kernel);
    if (!at) return;
    // every input cell this weight multiplies: rows[i][a] x cols[j][b] over all output cells
    const { rows, cols } = this.data.window;
    const lit = [];
    const rowSet = new Set(rows.map((row) => row[at[0]]));
    const colSet = new Set(cols.map((col) => col[at[1]]));
    this.clear();
    rowSet.forEach((r) => colSet.forEach((c) => {
      const cell = group.input.at(r, c);
      if (cell) lit.push([cell, "kernel"]);
    }));
    const weight = group.kernel.at(at[0], at[1]);
    if (weight) lit.push([weight, "kernel"]);
    this.light(lit);
    this.hoverState = "kernel";
  }

  hoverInput(event, channel) {
    const group = this.panels[channel];
    const at = this.cellOf(event, group.input);
    if (!at) return;
    // every output cell whose window reads this input cell
    const { rows, cols } = this.data.window;
    const outRows = [];
    const outCols = [];
    rows.forEach((row, i) => { if (row.includes(at[0])) outRows.push(i); });
    cols.forEach((col, j) => { if (col.includes(at[1])) outCols.push(j); });
    this.clear();
    const lit = [[group.input.at(at[0], at[1]), "input"]];
    outRows.forEach((i) => outCols.forEach((j) => lit.push([this.output.at(i, j), "reader"])));
    this.light(lit);
    this.hoverState = "input";
  }

  unhover() {
    if (this.hover === null && !this.hoverState) return;
    this.hover = null;
    this.hoverState = null;
    this.show();
  }

  clear() {
    this.lit.forEach((cell) => {
      delete cell.dataset.lit;
    });
    this.lit = [];
  }

  light(pairs) {
    pairs.forEach(([cell, how]) => {
      if (!cell) return;
      cell.dataset.lit = how;
      this.lit.push(cell);
    });
  }

  show() {
    const data = this.data;
    if (!data) return;
    const [hOut, wOut] = data.shape;
    const index = this.shown();
    const i = Math.floor(index / wOut);
    const j = index % wOut;
    const text = data.text;
    this.root.dataset.cell = `${i},${j}`;
    this.scrub.value = String(this.cursor);
    this.where.textContent = fill(text.where, { i, j, k: index + 1, n: this.count });
    this.clear();
    const rows = data.window.rows[i];
    const cols = data.window.cols[j];
    const lit = [];
    data.panels.forEach((panel, channel) => {
      const group = this.panels[channel];
      const kernel = panel.kernel;
      rows.forEach((r) => cols.forEach((c) => lit.push([group.input.at(r, c), "window"])));
      group.input.box(Math.min(...rows), Math.min(...cols), Math.max(...rows), Math.max(...cols));
      group.input.weights(kernel ? kernel.values : null, rows, cols);
      if (kernel) group.kernel.cells.forEach((cell) => lit.push([cell, "window"]));
    });
    this.light(lit);
    // while it plays, a veil over the output cells not written yet (their values stay readable under it)
    this.output.veil(this.playing ? Math.floor(this.cursor / wOut) : null, this.cursor % wOut);
    this.light([[this.output.at(i, j), "output"]]);
    this.output.box(i, j, i, j);
    if (data.marks) {
      data.panels.forEach((panel, channel) => {
        this.panels[channel].input.cells.forEach((cell) => cell.classList.remove("mark"));
        const mark = data.marks[index];
        const cell = mark && this.panels[channel].input.at(mark[0], mark[1]);
        if (cell) cell.classList.add("mark");
      });
    }
    this.arithmetic(i, j, index);
  }

  arithmetic(i, j, index) {
    const data = this.data;
    const text = data.text;
    const rows = data.window.rows[i];
    const cols = data.window.cols[j];
    const kh = rows.length;
    const kw = cols.length;
    this.mathTitle.textContent = fill(text.math_title, { i, j });
    this.mathTitle.dataset.cell = `${i},${j}`;
    data.panels.forEach((panel, channel) => {
      const group = this.panels[channel];
      const values = [];
      rows.forEach((r) => cols.forEach((c) => {
        const cell = group.input.at(r, c);
        values.push(cell ? cell.dataset.value : "");
      }));
      this.windowGrids[channel].set({
        title: data.panels.length > 1 ? `${panel.input.title}: ${text.window}` : text.window,
        rows: kh, cols: kw, values, tones: null, rowBase: 0, colBase: 0,
      });
      this.windowGrids[channel].cells.forEach((cell) => { cell.dataset.lit = "window"; });
      if (panel.products) {
        const start = index * kh * kw;
        const products = panel.products.slice(start, start + kh * kw);
        this.productGrids[channel].set({
          title: data.panels.length > 1 ? `${panel.input.title}: ${text.products}` : text.products,
          rows: kh, cols: kw, values: products,
          tones: panel.product_tones ? panel.product_tones.slice(start, start + kh * kw) : null,
          diverging: !!panel.product_diverging, rowBase: 0, colBase: 0,
        });
        this.productGrids[channel].cells.forEach((cell) => { cell.dataset.lit = "product"; });
      }
    });
    // the step's equation is the server's (ui/equations.py): the same string the GIF and SVG captions draw
    const lines = data.equations[index];
    const reads = fill(text.reads, { rows: rows.join(", "), cols: cols.join(", ") });
    const nodes = lines.map((line) => el("div", "line", line));
    nodes.push(el("div", "reads", reads));
    this.lines.replaceChildren(...nodes);
  }

  presenter(event) {
    if (event.key !== "PageDown" && event.key !== "PageUp") return;
    if (PRESENTERS.find((view) => view.root.isConnected) !== this || !this.data) return;
    if (event.composedPath().includes(this.root)) return; // the grid's own handler has it
    const active = document.activeElement;
    const typing = active && (/^(INPUT|TEXTAREA|SELECT)$/.test(active.tagName) || active.isContentEditable);
    if (typing || event.altKey || event.ctrlKey || event.metaKey) return;
    event.preventDefault(); // a step, not a page scroll
    this.goto(this.cursor + (event.key === "PageDown" ? 1 : -1), true);
  }

  destroy() {
    this.pause(false);
    clearTimeout(this.reportTimer);
    this.resize.disconnect();
    this.root.removeEventListener("keydown", this.onKey);
    document.removeEventListener("keydown", this.onPresenter);
    PRESENTERS.splice(PRESENTERS.indexOf(this), 1);
    this.root.remove();
  }
}

// Transposed convolution (kind "scatter"): the walk goes input cell by input cell. Each step lights the
// input cell, the kernel and the output cells it writes (input value × kernel weight added in), and the
// output shows the running sums after that step (the server sends each write's running sum as text).
// Hovering an output cell lists every contribution to it. Play, step, scrub and the keys are View's.
class ScatterView extends View {
  update(data, setStateValue) {
    this.setStateValue = setStateValue;
    const first = !this.data;
    const old = this.data;
    this.data = data;
    const text = data.text;
    this.root.dataset.kind = "scatter";
    this.root.classList.toggle("projector", !!data.projector);
    this.play.title = text.play;
    this.prev.title = text.prev;
    this.next.title = text.next;
    this.first.title = text.first;
    this.speedBox.title = text.speed;
    this.scrub.title = text.scrub;
    this.scrub.setAttribute("aria-label", text.scrub);
    const [h, w] = data.shape;
    this.count = h * w;
    this.scrub.max = String(Math.max(0, this.count - 1));
    if (first) this.buildGrids();
    this.input.set({ ...data.input, rowBase: 0, colBase: 0 });
    this.kernel.set(data.kernel);
    this.output.set({ ...data.output, rowBase: -data.top, colBase: -data.left });
    this.painted = null;
    this.follow(data, old, first);
    this.hover = null;
    this.hoverState = null;
    this.layout();
    this.show();
    this.autoplay(first);
  }

  buildGrids() {
    this.panelsRow.replaceChildren();
    this.math.replaceChildren();
    const group = el("div", "group");
    this.input = new Grid("input", { rows: 0, cols: 0, values: [] });
    this.kernel = new Grid("kernel", { rows: 0, cols: 0, values: [] });
    this.kernel.root.classList.add("small");
    group.append(this.input.root, this.kernel.root);
    this.output = new Grid("output", { rows: 0, cols: 0, values: [] });
    const outGroup = el("div", "group");
    outGroup.append(this.output.root);
    this.panelsRow.append(group, outGroup);
    this.panels = [{ input: this.input, kernel: this.kernel, group }];
    this.input.body.addEventListener("pointerover", (event) => this.hoverInput(event));
    this.input.body.addEventListener("click", (event) => this.clickInput(event));
    this.output.body.addEventListener("pointerover", (event) => this.hoverOutput(event));
    this.panelsRow.addEventListener("pointerleave", () => this.unhover());
    this.root.addEventListener("pointerleave", () => this.unhover());
    this.mathTitle = el("div", "math-title");
    this.mathGrids = el("div", "math-grids");
    this.lines = el("div", "lines");
    this.math.append(this.mathTitle, this.mathGrids, this.lines);
    this.products = new Grid("product", { rows: 0, cols: 0, values: [] });
    this.products.root.classList.add("small");
    const productGroup = el("div", "group");
    productGroup.append(this.products.root);
    this.mathGrids.append(productGroup);
    this.windowGrids = [];
    this.productGrids = [this.products];
  }

  // the output cell step (i, j) writes with kernel cell (a, b), or null when it falls in no drawn cell
  target(i, j, a, b) {
    return this.output.at(this.data.rows[i][a], this.data.cols[j][b]);
  }

  // the output as it stands after step `index`: each cell shows the running sum of its last write so far
  paint(index) {
    if (this.painted === index) return;
    this.painted = index;
    const data = this.data;
    const [kh, kw] = [data.kernel.rows, data.kernel.cols];
    const w = data.shape[1];
    const latest = new Map();
    for (let step = 0; step <= index; step += 1) {
      const i = Math.floor(step / w);
      const j = step % w;
      for (let a = 0; a < kh; a += 1) {
        for (let b = 0; b < kw; b += 1) {
          const cell = this.target(i, j, a, b);
          if (cell) latest.set(cell, (step * kh + a) * kw + b);
        }
      }
    }
    this.output.cells.forEach((cell) => {
      const k = latest.get(cell);
      const text = k === undefined ? data.zero : data.running[k];
      const tone = k === undefined ? undefined : data.running_tones[k];
      if (cell.dataset.value !== text) {
        cell.dataset.value = text;
        cell.firstChild.textContent = text;
      }
      cell.classList.toggle("unwritten", k === undefined);
      const look = `r${tone}`;
      if (cell.look === look) return;
      cell.look = look;
      if (cell.classList.contains("pad")) return;
      const [background, ink] = colour(tone, data.output.diverging);
      cell.style.backgroundColor = background;
      cell.style.color = ink;
    });
  }

  show() {
    const data = this.data;
    if (!data) return;
    const w = data.shape[1];
    const index = this.shown();
    const i = Math.floor(index / w);
    const j = index % w;
    this.root.dataset.cell = `${i},${j}`;
    this.scrub.value = String(this.cursor);
    this.where.textContent = fill(data.text.where, { i, j, k: index + 1, n: this.count });
    this.paint(index);
    this.clear();
    const lit = [[this.input.at(i, j), "input"]];
    this.kernel.cells.forEach((cell) => lit.push([cell, "window"]));
    const rows = data.rows[i];
    const cols = data.cols[j];
    rows.forEach((r) => cols.forEach((c) => lit.push([this.output.at(r, c), "write"])));
    this.light(lit);
    this.input.box(i, j, i, j);
    this.output.box(Math.min(...rows), Math.min(...cols), Math.max(...rows), Math.max(...cols));
    this.output.weights(null, rows, cols);
    this.arithmetic(i, j, index);
  }

  arithmetic(i, j, index) {
    const data = this.data;
    const text = data.text;
    const [kh, kw] = [data.kernel.rows, data.kernel.cols];
    const x = data.input.values[index];
    this.mathTitle.textContent = fill(text.math_title, { i, j, x });
    this.mathTitle.dataset.cell = `${i},${j}`;
    this.products.root.hidden = false;
    const start = index * kh * kw;
    this.products.set({
      title: text.products, rows: kh, cols: kw, values: data.products.slice(start, start + kh * kw),
      tones: data.product_tones.slice(start, start + kh * kw), diverging: !!data.product_diverging,
      rowBase: 0, colBase: 0,
    });
    const lines = [];
    data.rows[i].forEach((r, a) => data.cols[j].forEach((c, b) => {
      const k = (index * kh + a) * kw + b;
      const product = data.products[k];
      const weight = data.kernel.values[a * kw + b];
      const cell = this.output.at(r, c);
      const inside = cell && !cell.classList.contains("pad");
      const where = inside ? "" : ` (${text.dropped})`;
      lines.push(`Y[${r}, ${c}] += ${paren(x)}×${paren(weight)} = ${product} → ${data.running[k]}${where}`);
    }));
    const shown = lines.length > 12 ? [...lines.slice(0, 9), fill(text.more_terms, { n: lines.length })] : lines;
    this.lines.replaceChildren(...shown.map((line) => el("div", "line", line)));
  }

  hoverInput(event) {
    const at = this.cellOf(event, this.input);
    if (!at) return;
    this.hover = at[0] * this.data.shape[1] + at[1];
    this.show();
  }

  clickInput(event) {
    const at = this.cellOf(event, this.input);
    if (!at) return;
    this.pause();
    this.hover = null;
    this.cursor = at[0] * this.data.shape[1] + at[1];
    this.show();
    this.root.focus({ preventScroll: true });
    this.pinCell(at);
  }

  // every contribution to output cell (r, c): the input cells and kernel weights that wrote it, listed
  hoverOutput(event) {
    const at = this.cellOf(event, this.output);
    if (!at) return;
    const data = this.data;
    const text = data.text;
    const [r, c] = at;
    const [kh, kw] = [data.kernel.rows, data.kernel.cols];
    const w = data.shape[1];
    this.hover = null;
    this.hoverState = "output";
    this.paint(this.count - 1);
    this.clear();
    this.input.box(null);
    this.output.box(r, c, r, c);
    this.output.weights(null, [r], [c]);
    const lit = [[this.output.at(r, c), "output"]];
    const terms = [];
    const lines = [];
    data.rows.forEach((row, i) => row.forEach((rr, a) => {
      if (rr !== r) return;
      data.cols.forEach((col, j) => col.forEach((cc, b) => {
        if (cc !== c) return;
        const k = ((i * w + j) * kh + a) * kw + b;
        const x = data.input.values[i * w + j];
        const weight = data.kernel.values[a * kw + b];
        lines.push(`X[${i}, ${j}] × K[${a}, ${b}] = ${paren(x)}×${paren(weight)} = ${data.products[k]}`);
        terms.push(paren(data.products[k]));
        lit.push([this.input.at(i, j), "input"]);
        lit.push([this.kernel.at(a, b), "kernel"]);
      }));
    }));
    this.light(lit);
    const cell = this.output.at(r, c);
    const total = cell ? cell.dataset.value : "";
    this.mathTitle.textContent = fill(text.contributions, { r, c, n: terms.length });
    this.mathTitle.dataset.cell = `${r},${c}`;
    this.products.root.hidden = true;
    const shown = terms.length > 12 ? [...terms.slice(0, 9), fill(text.more_terms, { n: terms.length })] : terms;
    const sum = terms.length ? `Y[${r}, ${c}] = ${shown.join(" + ")} = ${total}` : `Y[${r}, ${c}] = ${total}`;
    const nodes = [...lines.slice(0, 16), sum].map((line) => el("div", "line contribution", line));
    if (cell && cell.classList.contains("pad")) nodes.push(el("div", "reads", text.dropped_cell));
    this.lines.replaceChildren(...nodes);
  }
}

// Static grids side by side (a feature map, several output channels): the same cells, no window.
// A view of static panels in a row that wraps, laid out again whenever its width changes.
class PanelView {
  constructor(parent, rootClass, rowClass) {
    this.root = el("div", `grid-root ${rootClass}`);
    this.root.dataset.component = "grid";
    this.row = el("div", rowClass);
    this.root.append(this.row);
    parent.append(this.root);
    this.resize = new ResizeObserver((entries) => {
      this.width = entries[entries.length - 1].contentRect.width;
      this.layout();
    });
    this.resize.observe(this.root);
  }

  destroy() {
    this.resize.disconnect();
    this.root.remove();
  }
}

class MapView extends PanelView {
  constructor(parent) {
    super(parent, "maps", "panels");
    this.grids = [];
  }

  update(data) {
    this.data = data;
    this.root.classList.toggle("projector", !!data.projector);
    if (this.grids.length !== data.grids.length || this.grids.some((grid, k) => grid.name !== data.grids[k].name)) {
      this.grids = data.grids.map((spec) => new Grid(spec.name, spec));
      this.row.replaceChildren(...this.grids.map((grid) => grid.root));
    }
    this.grids.forEach((grid, k) => {
      const spec = data.grids[k];
      // a spec with a version this grid already shows is the same numbers sent again (the LeNet page's
      // conv2 while it trains): its 3,325 cells are not set again
      if (spec.version !== undefined && grid.version === spec.version) return;
      grid.version = spec.version;
      grid.set(spec);
      // a grid may outline a region the server names (the learning page's compared window)
      if (spec.box) grid.box(...spec.box);
      else grid.box(null);
      grid.root.classList.toggle("quiet", !!spec.quiet);
      // a quiet grid speaks in colour; its numbers stay on hover
      grid.cells.forEach((cell) => {
        if (spec.quiet) cell.title = cell.dataset.value;
        else if (cell.title) cell.removeAttribute("title");
      });
    });
    this.layout();
  }

  layout() {
    if (!this.data) return;
    const width = this.width || this.root.clientWidth || 600;
    const projector = !!this.data.projector;
    const label = projector ? 30 : width < 500 ? 18 : 24;
    const columns = this.grids.reduce((sum, grid) => sum + grid.cols, 0);
    const side = Math.floor((width - this.grids.length * (label + 18)) / Math.max(1, columns));
    const stack = Math.floor((width - label - 8) / Math.max(1, ...this.grids.map((grid) => grid.cols)));
    // a small picture (a home card's) keeps its grids side by side, however fine their cells
    const stacked = !this.data.small && side < 18 && stack > side;
    const largest = this.data.small ? (projector ? 48 : 34) : projector ? 84 : 58;
    const cell = Math.max(this.data.small ? 3 : 6, Math.min(largest, stacked ? stack : side));
    this.root.classList.toggle("stacked", stacked);
    this.root.classList.toggle("small-picture", !!this.data.small);
    this.grids.forEach((grid) => grid.size(cell, label));
  }
}

// Linked static grids (kind "links"): the grids of "maps", in rows (data.rows: lists of grid indices), and
// a link table from the server. data.links lists, for a grid and what of it is hovered ("cell", "row" or
// "col"), one list per cell, row or column of the cells to light, as flat indices over every grid's cells in
// order (grid after grid, each row by row), and optionally a caption line for each. A hovered cell uses its
// grid's "cell" table, else "row", else "col"; a row or column label its own. Hovering, a tap, or the
// keyboard (a grid takes the focus; the arrows move within it) lights those cells (data-lit="link", the
// hovered cell "source") and writes the caption: nothing goes to the server.
class LinkView extends MapView {
  constructor(parent) {
    super(parent);
    this.root.classList.add("links");
    this.caption = el("div", "links-caption");
    this.caption.dataset.caption = "";
    this.caption.setAttribute("aria-live", "polite");
    this.root.append(this.caption);
    this.lit = [];
    this.cursor = {};
    const target = (event) => event.target.closest && event.target.closest(".cell, .row-label, .col-label");
    // frames (data.frames): the server's cells to light one frame after another, played a frame a second
    this.bar = el("div", "controls links-bar");
    this.bar.hidden = true;
    this.playButton = el("button", "btn play", "▶");
    this.playButton.dataset.control = "play";
    this.prevButton = el("button", "btn prev", "|◀");
    this.prevButton.dataset.control = "prev";
    this.nextButton = el("button", "btn next", "▶|");
    this.nextButton.dataset.control = "next";
    this.where = el("span", "where");
    this.bar.append(this.prevButton, this.playButton, this.nextButton, this.where);
    this.root.prepend(this.bar);
    this.frame = -1;
    this.timer = null;
    this.playButton.addEventListener("click", () => (this.timer ? this.pause() : this.play()));
    this.prevButton.addEventListener("click", () => { this.pause(); this.show(Math.max(0, this.frame - 1)); });
    this.nextButton.addEventListener("click", () => {
      this.pause();
      this.show(Math.min(this.frameCount() - 1, this.frame + 1));
    });
    this.root.addEventListener("pointerover", (event) => {
      if (event.target.closest && event.target.closest(".links-bar")) return;
      const node = target(event);
      if (node) {
        this.pause();
        this.hover(node);
      } else if (event.pointerType !== "touch" && this.frame < 0) this.clear();
    });
    this.root.addEventListener("pointerdown", (event) => {
      if (event.target.closest && event.target.closest(".links-bar")) return;
      const node = target(event);
      this.pause();
      if (node) this.hover(node);
      else this.clear();
    });
    this.root.addEventListener("pointerleave", (event) => {
      if (this.frame >= 0) return; // a frame on show (playing, or stepped to) stays when the pointer leaves
      if (event.pointerType !== "touch" && !this.root.contains(this.root.getRootNode().activeElement)) this.clear();
    });
    this.root.addEventListener("focusin", (event) => {
      const figure = event.target.closest && event.target.closest("figure.grid");
      if (figure) this.move(figure.dataset.grid, 0, 0);
    });
    this.root.addEventListener("focusout", () => {
      if (this.frame < 0) this.clear();
    });
    this.root.addEventListener("keydown", (event) => {
      const figure = event.target.closest && event.target.closest("figure.grid");
      const steps = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
      if (!figure || !(event.key in steps || event.key === "Escape")) return;
      event.preventDefault();
      event.stopPropagation(); // the page's presenter keys stay with the sliding window
      if (event.key === "Escape") this.clear();
      else this.move(figure.dataset.grid, ...steps[event.key]);
    });
  }

  update(data) {
    const names = data.grids.map((spec) => spec.name).join("|");
    const rows = JSON.stringify(data.rows || null);
    if (names !== this.names || rows !== this.rowsKey) {
      this.names = names;
      this.rowsKey = rows;
      this.grids = data.grids.map((spec) => new Grid(spec.name, spec));
      const groups = data.rows || [this.grids.map((grid, k) => k)];
      this.groups = groups.map((group) => group.map((k) => this.grids[k]));
      const lines = this.groups.map((group) => {
        const line = el("div", "panels link-row");
        line.append(...group.map((grid) => grid.root));
        return line;
      });
      this.row.className = "link-rows";
      this.row.replaceChildren(...lines);
    }
    this.pause();
    this.clear();
    super.update(data);
    const text = (data.frames && data.frames.text) || {};
    this.bar.hidden = !data.frames;
    this.playButton.title = text.play || "";
    this.prevButton.title = text.prev || "";
    this.nextButton.title = text.next || "";
    this.byName = {};
    this.all = [];
    this.tables = {};
    this.grids.forEach((grid) => {
      this.byName[grid.name] = grid;
      this.all.push(...grid.cells);
      grid.body.querySelectorAll(".row-label").forEach((node, r) => { node.dataset.linkRow = String(r); });
      grid.body.querySelectorAll(".col-label").forEach((node, c) => { node.dataset.linkCol = String(c); });
    });
    (data.links || []).forEach((table) => {
      (this.tables[table.grid] ??= {})[table.on] = table;
      const grid = this.byName[table.grid];
      if (grid) grid.root.tabIndex = 0;
    });
  }

  layout() {
    if (!this.data || !this.groups) return;
    const width = this.width || this.root.clientWidth || 600;
    const projector = !!this.data.projector;
    const label = projector ? 30 : width < 500 ? 18 : 24;
    const largest = projector ? 84 : 58;
    // one cell size for every grid: the largest that lets each row's grids sit side by side, else stacked
    let cell = largest;
    let stacked = false;
    this.groups.forEach((group) => {
      const columns = group.reduce((sum, grid) => sum + grid.cols, 0);
      const side = Math.floor((width - group.length * (label + 18)) / Math.max(1, columns));
      const stack = Math.floor((width - label - 8) / Math.max(1, ...group.map((grid) => grid.cols)));
      if (side < 18 && stack > side) stacked = true;
      cell = Math.min(cell, side < 18 && stack > side ? stack : side);
    });
    cell = Math.max(6, cell);
    this.root.classList.toggle("stacked", stacked);
    this.grids.forEach((grid) => grid.size(cell, label));
  }

  clear() {
    this.lit.forEach((cell) => delete cell.dataset.lit);
    this.lit = [];
    if (this.caption) this.caption.textContent = "";
    delete this.root.dataset.hover;
    this.frame = -1;
    delete this.root.dataset.frame;
    if (this.where) this.where.textContent = "";
  }

  frameCount() {
    return (this.data && this.data.frames && this.data.frames.lists.length) || 0;
  }

  // frame k: its cells lit (data-lit="link"), its caption, data-frame="k" on the root
  show(k) {
    const frames = this.data && this.data.frames;
    if (!frames || k < 0 || k >= frames.lists.length) return;
    this.clear();
    frames.lists[k].forEach((index) => {
      const cell = this.all[index];
      if (!cell) return;
      cell.dataset.lit = "link";
      this.lit.push(cell);
    });
    this.frame = k;
    this.root.dataset.frame = String(k);
    this.caption.textContent = frames.captions[k] || "";
    this.where.textContent = fill(frames.text.where || "{k} / {n}", { k: k + 1, n: frames.lists.length });
  }

  play() {
    const count = this.frameCount();
    if (!count) return;
    if (this.frame < 0 || this.frame >= count - 1) this.show(0);
    this.root.dataset.playing = "true";
    this.playButton.textContent = "❚❚";
    const tick = () => {
      if (this.frame >= this.frameCount() - 1) {
        this.pause();
        return;
      }
      this.show(this.frame + 1);
      this.timer = setTimeout(tick, PACE_SLOWEST);
    };
    this.timer = setTimeout(tick, PACE_SLOWEST);
  }

  pause() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.root.dataset.playing = "false";
    if (this.playButton) this.playButton.textContent = "▶";
  }

  hover(node) {
    const figure = node.closest("figure.grid");
    const grid = figure && this.byName && this.byName[figure.dataset.grid];
    if (!grid) return;
    if (node.classList.contains("cell")) this.light(grid, "cell", Number(node.dataset.row), Number(node.dataset.col));
    else if (node.dataset.linkRow !== undefined) this.light(grid, "row", Number(node.dataset.linkRow), null);
    else if (node.dataset.linkCol !== undefined) this.light(grid, "col", null, Number(node.dataset.linkCol));
  }

  move(name, dr, dc) {
    const grid = this.byName && this.byName[name];
    if (!grid) return;
    const [r, c] = this.cursor[name] || [0, 0];
    const next = [Math.max(0, Math.min(grid.rows - 1, r + dr)), Math.max(0, Math.min(grid.cols - 1, c + dc))];
    this.cursor[name] = next;
    this.light(grid, "cell", ...next);
  }

  light(grid, on, row, col) {
    const tables = this.tables[grid.name] || {};
    let table = tables[on];
    let kind = on;
    if (on === "cell" && !table) {
      kind = tables.row ? "row" : "col";
      table = tables[kind];
    }
    this.clear();
    if (!table) return;
    const key = kind === "cell" ? row * grid.cols + col : kind === "row" ? row : col;
    (table.lists[key] || []).forEach((index) => {
      const cell = this.all[index];
      if (!cell) return;
      cell.dataset.lit = "link";
      this.lit.push(cell);
    });
    if (on === "cell") {
      const source = grid.at(row, col);
      if (source) {
        source.dataset.lit = "source";
        this.lit.push(source);
      }
    }
    this.caption.textContent = (table.captions && table.captions[key]) || "";
    this.root.dataset.hover = `${grid.name},${kind},${key}`;
  }
}

// Receptive-field maps: every feature map of a stack as a panel, the selected cell's box lit in each.
// The server sends each panel's extent, its padding, the box and (for maps small enough to draw cell by
// cell) one category character a cell; a large map is drawn as exact rectangles instead. A click on the
// last map pins a cell and tells the server, which traces it and sends new boxes.
const FIELD_KINDS = { 0: "map", 1: "pad", 2: "read", 3: "box-pad", 4: "gap" };
const TICK_STEPS = [1, 5, 10, 25, 50, 100, 250, 500, 1000];

function tickStep(cellPx, last) {
  const labelPx = 7 * String(last).length + 10;
  return TICK_STEPS.find((step) => cellPx * step >= labelPx) || TICK_STEPS[TICK_STEPS.length - 1];
}

class FieldPanel {
  constructor(spec) {
    this.root = el("figure", "grid field");
    this.root.dataset.grid = spec.name;
    this.title = el("figcaption", "grid-title field-title");
    this.head = el("div", "field-head");
    this.size = el("div", "field-line");
    this.counts = el("div", "field-line");
    this.title.append(this.head, this.size, this.counts);
    this.body = el("div", "field-body");
    this.rowLabels = el("div", "field-ticks rows");
    this.colLabels = el("div", "field-ticks cols");
    this.area = el("div", "field-area");
    this.body.append(this.colLabels, this.rowLabels, this.area);
    this.root.append(this.title, this.body);
    this.key = null;
  }

  set(spec) {
    this.spec = spec;
    this.head.textContent = spec.head;
    this.size.textContent = spec.size_text;
    this.counts.textContent = spec.counts;
    const [r0, r1] = spec.rows;
    const [c0, c1] = spec.cols;
    this.nRows = r1 - r0 + 1;
    this.nCols = c1 - c0 + 1;
    const key = `${r0},${r1},${c0},${c1}|${spec.cats ? "cells" : "shapes"}`;
    if (key !== this.key) {
      this.key = key;
      this.area.replaceChildren();
      this.cells = null;
      if (spec.cats) {
        this.cells = [];
        for (let r = r0; r <= r1; r += 1) {
          for (let c = c0; c <= c1; c += 1) {
            const cell = el("div", "fcell");
            cell.dataset.grid = spec.name;
            cell.dataset.row = String(r);
            cell.dataset.col = String(c);
            cell.dataset.value = "";
            this.area.append(cell);
            this.cells.push(cell);
          }
        }
      } else {
        this.padRect = el("div", "frect pad");
        this.area.append(this.padRect);
      }
      this.mapRect = el("div", "frect map");
      this.area.append(this.mapRect);
      this.boxRect = el("div", "frect box");
      this.hoverRect = el("div", "frect hover");
      this.hoverRect.hidden = true;
      this.area.append(this.boxRect, this.hoverRect);
      this.sized = null;
    }
    if (this.cells) {
      const cats = spec.cats;
      this.cells.forEach((cell, k) => {
        const kind = FIELD_KINDS[cats[k]] || "none";
        if (cell.dataset.kind === kind) return;
        cell.dataset.kind = kind;
        if (kind === "read" || kind === "gap" || kind === "box-pad") cell.dataset.lit = "box";
        else delete cell.dataset.lit;
      });
    }
    this.root.classList.toggle("clickable", !!spec.click);
    this.root.classList.toggle("shapes", !spec.cats);
    this.sized = null;
  }

  // a rectangle over rows top..bottom, columns left..right, in map coordinates
  place(node, top, left, bottom, right) {
    const [r0] = this.spec.rows;
    const [c0] = this.spec.cols;
    node.style.top = `${(top - r0) * this.cellPx}px`;
    node.style.left = `${(left - c0) * this.cellPx}px`;
    node.style.width = `${(right - left + 1) * this.cellPx}px`;
    node.style.height = `${(bottom - top + 1) * this.cellPx}px`;
  }

  layout(cellPx, labelPx) {
    const sizing = `${cellPx}|${labelPx}|${this.key}|${this.spec.box.join(",")}|${this.spec.padding.join(",")}`;
    if (sizing === this.sized) return;
    this.sized = sizing;
    this.cellPx = cellPx;
    const spec = this.spec;
    const [r0, r1] = spec.rows;
    const [c0, c1] = spec.cols;
    this.root.style.setProperty("--label", `${labelPx}px`);
    this.area.style.width = `${this.nCols * cellPx}px`;
    this.area.style.height = `${this.nRows * cellPx}px`;
    this.area.style.gridTemplateColumns = this.cells ? `repeat(${this.nCols}, ${cellPx}px)` : "";
    this.area.style.gridAutoRows = this.cells ? `${cellPx}px` : "";
    this.root.classList.toggle("fine", cellPx < 8);
    const [h, w] = spec.size;
    const [ph, pw] = spec.padding;
    if (!this.cells) {
      this.padRect.hidden = !(ph || pw);
      this.place(this.padRect, -ph, -pw, h - 1 + ph, w - 1 + pw);
    }
    this.place(this.mapRect, 0, 0, h - 1, w - 1);
    const [top, left, bottom, right] = spec.box;
    this.place(this.boxRect, top, left, bottom, right);
    // index labels along the top and the left, every cell when they fit, else every 5th, 10th, ...
    const ticks = (holder, first, last, vertical) => {
      holder.replaceChildren();
      const step = tickStep(cellPx, Math.max(Math.abs(first), Math.abs(last)));
      for (let v = first; v <= last; v += 1) {
        if (v % step !== 0) continue;
        const tick = el("span", "tick", String(v));
        const offset = (v - first + 0.5) * cellPx;
        if (vertical) tick.style.top = `${offset}px`;
        else tick.style.left = `${offset}px`;
        holder.append(tick);
      }
    };
    ticks(this.colLabels, c0, c1, false);
    ticks(this.rowLabels, r0, r1, true);
    this.colLabels.style.width = `${this.nCols * cellPx}px`;
    this.rowLabels.style.height = `${this.nRows * cellPx}px`;
  }

  cellAt(event) {
    // the map cell under the pointer (null outside the map itself)
    const rect = this.area.getBoundingClientRect();
    const r = Math.floor((event.clientY - rect.top) / this.cellPx) + this.spec.rows[0];
    const c = Math.floor((event.clientX - rect.left) / this.cellPx) + this.spec.cols[0];
    const [h, w] = this.spec.size;
    if (r < 0 || c < 0 || r >= h || c >= w) return null;
    return [r, c];
  }

  hover(at) {
    this.hoverRect.hidden = !at;
    if (at) this.place(this.hoverRect, at[0], at[1], at[0], at[1]);
  }
}

class FieldView extends PanelView {
  constructor(parent) {
    super(parent, "fields", "panels field-panels");
    this.panels = [];
  }

  update(data, setStateValue) {
    this.data = data;
    this.setStateValue = setStateValue;
    this.root.classList.toggle("projector", !!data.projector);
    this.root.dataset.cell = data.cell.join(",");
    if (this.panels.length !== data.panels.length) {
      this.panels = data.panels.map((spec) => new FieldPanel(spec));
      this.row.replaceChildren(...this.panels.map((panel) => panel.root));
      const last = this.panels[this.panels.length - 1];
      last.area.addEventListener("pointermove", (event) => this.hoverLast(event));
      last.area.addEventListener("pointerleave", () => last.hover(null));
      last.area.addEventListener("click", (event) => this.clickLast(event));
    }
    this.panels.forEach((panel, k) => panel.set(data.panels[k]));
    this.layout();
  }

  hoverLast(event) {
    const last = this.panels[this.panels.length - 1];
    last.hover(last.spec.click ? last.cellAt(event) : null);
  }

  clickLast(event) {
    const last = this.panels[this.panels.length - 1];
    if (!last.spec.click) return;
    const at = last.cellAt(event);
    // the click's time makes every click a change, so clicking a cell the page's inputs moved away from
    // pins it again
    if (at && this.setStateValue) this.setStateValue("cell", [at[0], at[1], Date.now()]);
  }

  layout() {
    if (!this.data) return;
    const width = this.width || this.root.clientWidth || 600;
    const projector = !!this.data.projector;
    const label = projector ? 34 : 26;
    const count = this.panels.length;
    const perRow = Math.max(1, Math.min(this.data.per_row, Math.floor(width / 150) || 1));
    const gap = 18;
    const panelPx = Math.min(400, Math.floor((width - gap * (perRow - 1)) / perRow) - label - 4);
    const common = this.data.common;
    const spans = this.panels.map((panel) => Math.max(panel.nRows, panel.nCols));
    const maxCell = projector ? 60 : 40;
    // one common scale: as big as lets every panel sit in one row (else as the panel width allows)
    const minPanel = projector ? 240 : 170; // grid.css: .field's min-width
    const rowWidth = (cell) =>
      this.panels.reduce((sum, panel) => sum + Math.max(minPanel, panel.nCols * cell + label + 4), 0) +
      gap * (count - 1);
    let inRow = maxCell;
    while (inRow > 1 && rowWidth(inRow) > width) inRow -= 1;
    const commonCell = Math.min(maxCell, Math.max(inRow, panelPx / (common || 1)));
    this.panels.forEach((panel, k) => {
      const cell = common ? commonCell : Math.min(maxCell, panelPx / spans[k]);
      // panels of one size in rows of per_row; with one common scale each is as wide as its own map
      panel.root.style.width = common ? "" : `${panelPx + label}px`;
      panel.layout(cell, label);
    });
    this.root.style.setProperty("--panels", String(count));
  }
}

// Practice (kind "practice"): a set of questions from convcore, answered in the browser. ui/practice.py
// sends every question with its answer as a salted FNV-1a-64 hash of "salt|text" (text: the number as a
// cell prints it) and the decimal places it prints. The typed number is rounded to those places, hashed
// the same way and compared: checking never waits for the server. A committed answer goes to the server
// (a trigger), which records the score and sends that question's reveal (the right value and its
// arithmetic). The hash and the rounding below must stay the same as ui/practice.py's.
const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const MASK64 = 0xffffffffffffffffn;

export function fnv1a64(text) {
  let hash = FNV_OFFSET;
  for (const byte of new TextEncoder().encode(text)) {
    hash = ((hash ^ BigInt(byte)) * FNV_PRIME) & MASK64;
  }
  return hash.toString(16).padStart(16, "0");
}

// The typed text as a cell would print it, or null when it is not a number. An integer answer (0 places)
// takes an integer only: any other number keeps its own text, which never matches.
export function canonical(typed, places) {
  const text = String(typed).trim().replace(/[−－]/g, "-").replace(/＋/g, "+").replace(/．/g, ".");
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text)) return null;
  const x = Number(text);
  if (!Number.isFinite(x)) return null;
  if (places === 0) return Number.isInteger(x) ? String(x === 0 ? 0 : x) : String(x);
  const out = x.toFixed(places);
  return Number(out) === 0 ? (0).toFixed(places) : out;
}

class PracticeView {
  constructor(parent) {
    this.root = el("div", "grid-root practice");
    this.root.dataset.component = "grid";
    parent.append(this.root);
    this.head = el("div", "practice-head");
    this.progress = el("span", "practice-progress");
    this.scoreBox = el("span", "practice-score");
    this.head.append(this.progress, this.scoreBox);
    this.describe = el("div", "practice-describe");
    this.panels = el("div", "panels");
    this.ask = el("div", "practice-ask");
    this.prompt = el("div", "practice-prompt");
    this.form = el("div", "practice-form");
    this.message = el("div", "practice-message");
    this.message.dataset.message = "";
    this.message.setAttribute("role", "alert");
    this.ask.append(this.prompt, this.form, this.message);
    this.feedback = el("div", "practice-feedback");
    this.feedback.setAttribute("aria-live", "polite");
    this.root.append(this.head, this.describe, this.panels, this.ask, this.feedback);
    this.local = {};
    this.grids = {};
    this.lit = [];
    this.resize = new ResizeObserver((entries) => {
      this.width = entries[entries.length - 1].contentRect.width;
      this.layout();
    });
    this.resize.observe(this.root);
  }

  update(data, setStateValue, setTriggerValue) {
    this.setTriggerValue = setTriggerValue;
    if (data.set !== this.setId) {
      this.setId = data.set;
      this.local = {};
      this.review = null;
      this.last = null;
      this.shownSetting = null;
      this.formFor = null;
    }
    this.data = data;
    this.root.dataset.practice = data.mode;
    this.root.classList.toggle("projector", !!data.projector);
    Object.entries(data.answered).forEach(([k, value]) => {
      this.local[k] = { texts: value.text, correct: value.correct };
    });
    if (this.last === null) {
      const answered = Object.keys(this.local).map(Number);
      this.last = answered.length ? Math.max(...answered) : null;
    }
    this.render();
  }

  next() {
    const n = this.data.questions.length;
    for (let k = 0; k < n; k += 1) if (!(String(k) in this.local)) return k;
    return n;
  }

  render() {
    const data = this.data;
    const text = data.text;
    const n = data.questions.length;
    const current = this.review !== null ? this.review : this.next();
    const done = current >= n;
    const shown = done ? n - 1 : current;
    const q = data.questions[shown];
    const setting = data.settings[q.setting];
    // a rerun sends the same setting again (an answer's reveal): its grids stay, only a new one is drawn
    const drawnKey = JSON.stringify(setting);
    if (this.shownSetting !== q.setting || this.drawn !== drawnKey) {
      this.shownSetting = q.setting;
      this.drawn = drawnKey;
      this.grids = {};
      this.lit = [];
      const nodes = setting.grids.map((spec) => {
        const drawn = new Grid(spec.name, spec);
        if (spec.small) drawn.root.classList.add("small");
        this.grids[spec.name] = drawn;
        return drawn.root;
      });
      this.panels.replaceChildren(...nodes);
      this.describe.replaceChildren(...(setting.lines || []).map((line) => el("div", "line", line)));
    }
    // the output cells: hidden until answered (cell questions), then the value and whether it was right
    const output = this.grids[setting.output];
    if (output && data.mode === "cell") {
      output.cells.forEach((cell) => {
        delete cell.dataset.value;
        delete cell.dataset.correct;
        cell.dataset.hidden = "";
        cell.firstChild.textContent = "";
      });
      data.questions.forEach((other, k) => {
        if (other.setting !== q.setting || !(String(k) in this.local)) return;
        const cell = output.at(other.ask[1], other.ask[2]);
        const given = this.local[String(k)];
        const reveal = data.reveals[String(k)];
        const value = reveal ? reveal.value : given.correct ? given.texts[0] : null;
        if (!cell || value === null) return;
        delete cell.dataset.hidden;
        cell.dataset.value = value;
        cell.dataset.correct = String(!!given.correct);
        cell.firstChild.textContent = value;
      });
      const asked = !done && this.review === null ? output.at(q.ask[1], q.ask[2]) : null;
      if (asked) asked.firstChild.textContent = "?";
    }
    // the window: lit cells and outlines
    this.lit.forEach((cell) => delete cell.dataset.lit);
    this.lit = [];
    Object.values(this.grids).forEach((drawn) => drawn.box(null));
    if (!done) {
      (q.lit || []).forEach(([name, r, c, how]) => {
        const cell = this.grids[name] && this.grids[name].at(r, c);
        if (!cell) return;
        cell.dataset.lit = how;
        this.lit.push(cell);
      });
      (q.box || []).forEach(([name, top, left, bottom, right]) => {
        if (this.grids[name]) this.grids[name].box(top, left, bottom, right);
      });
      if (q.weights && this.grids.kernel) {
        const [name, rows, cols] = q.weights;
        this.grids[name].weights(this.grids.kernel.spec.values, rows, cols);
      } else if (this.grids.input) this.grids.input.weights(null, [], []);
    }
    const reveal = this.review !== null ? data.reveals[String(this.review)] : null;
    if (reveal && reveal.box && this.grids[reveal.box[0]]) this.grids[reveal.box[0]].box(...reveal.box.slice(1));
    // the question, the boxes, the score
    this.progress.textContent = fill(text.question, { k: shown + 1, n });
    const right = Object.values(this.local).filter((given) => given.correct).length;
    const asked = Object.keys(this.local).length;
    let streak = 0;
    for (let k = n - 1; k >= 0; k -= 1) {
      const given = this.local[String(k)];
      if (!given) continue;
      if (!given.correct) break;
      streak += 1;
    }
    this.scoreBox.dataset.score = `${right}/${asked}`;
    this.scoreBox.textContent = fill(text.score, { right, asked, streak });
    this.prompt.textContent = done ? fill(text.done, { right, total: n }) : q.prompt;
    if (this.formFor !== `${current}|${this.review !== null}`) this.buildForm(done ? null : q, current);
    this.showFeedback();
    this.layout();
  }

  buildForm(q, k) {
    this.formFor = `${k}|${this.review !== null}`;
    this.message.textContent = "";
    this.inputs = [];
    if (!q) {
      this.form.replaceChildren();
      return;
    }
    if (this.review !== null) {
      const next = el("button", "btn practice-next", this.data.text.next);
      next.type = "button";
      next.dataset.control = "next";
      next.addEventListener("click", () => this.moveOn());
      this.form.replaceChildren(next);
      this.nextButton = next;
      return;
    }
    const nodes = q.labels.map((label, index) => {
      const holder = el("label", "practice-field");
      const name = el("span", "practice-label", label);
      const input = el("input", "practice-input");
      input.type = "text";
      input.inputMode = "decimal";
      input.autocomplete = "off";
      input.enterKeyHint = "done";
      input.dataset.answer = String(index);
      input.setAttribute("aria-label", label);
      input.addEventListener("keydown", (event) => {
        if (event.key !== "Enter") return;
        event.preventDefault();
        this.commit();
      });
      input.addEventListener("input", () => {
        input.removeAttribute("aria-invalid");
      });
      this.inputs.push(input);
      holder.append(name, input);
      return holder;
    });
    const check = el("button", "btn practice-check", this.data.text.check);
    check.type = "button";
    check.dataset.control = "check";
    check.addEventListener("click", () => this.commit());
    this.form.replaceChildren(...nodes, check);
  }

  commit() {
    const data = this.data;
    const k = this.next();
    if (k >= data.questions.length || this.review !== null) return;
    const q = data.questions[k];
    const texts = [];
    for (let index = 0; index < this.inputs.length; index += 1) {
      const input = this.inputs[index];
      const typed = canonical(input.value, q.places[index]);
      if (typed === null) {
        // refused in words under the box; what was typed stays
        this.message.textContent = data.text.not_number;
        input.setAttribute("aria-invalid", "true");
        input.focus();
        return;
      }
      texts.push(typed);
    }
    const correct = texts.every((typed, index) => fnv1a64(`${data.salt}|${typed}`) === q.hashes[index]);
    this.local[String(k)] = { texts, correct };
    this.last = k;
    if (this.setTriggerValue) {
      this.setTriggerValue("answer", { q: k, texts, typed: this.inputs.map((input) => input.value) });
    }
    // a cell question moves on at once (its answer stays in the grid); a size or a field stays for its reveal
    if (data.mode !== "cell") this.review = k;
    this.render();
    this.focus();
  }

  moveOn() {
    this.review = null;
    this.render();
    this.focus();
  }

  focus() {
    const target = this.review !== null ? this.nextButton : this.inputs && this.inputs[0];
    if (target) target.focus({ preventScroll: true });
  }

  showFeedback() {
    const data = this.data;
    const text = data.text;
    const k = this.last;
    if (k === null || !(String(k) in this.local)) {
      this.feedback.replaceChildren();
      delete this.feedback.dataset.feedback;
      return;
    }
    const given = this.local[String(k)];
    const reveal = data.reveals[String(k)];
    const q = data.questions[k];
    this.feedback.dataset.feedback = given.correct ? "right" : "wrong";
    this.feedback.dataset.question = String(k);
    const nodes = [];
    const verdict = given.correct ? text.right : text.wrong;
    const typed = fill(text.typed, { typed: given.texts.join(" × ") });
    nodes.push(el("div", `practice-verdict ${given.correct ? "right" : "wrong"}`, `${verdict} ${typed}`));
    if (reveal) {
      const value = el("div", "practice-value", `${q.labels.length > 1 ? "" : `${q.labels[0]} = `}${reveal.value}`);
      value.dataset.value = reveal.value;
      nodes.push(value);
      if (reveal.products) {
        const products = new Grid("product", { ...reveal.products, title: text.products, tones: null });
        products.root.classList.add("small");
        products.cells.forEach((cell) => { cell.dataset.lit = "product"; });
        this.feedbackGrids = [products];
        nodes.push(products.root);
      } else if (reveal.grid) {
        const shape = new Grid(reveal.grid.name, reveal.grid);
        this.feedbackGrids = [shape];
        nodes.push(shape.root);
      } else {
        this.feedbackGrids = [];
      }
      const lines = el("div", "lines");
      lines.dataset.arithmetic = "";
      lines.append(...reveal.lines.map((line) => el("div", "line", line)));
      nodes.push(lines);
    } else {
      this.feedbackGrids = [];
    }
    this.feedback.replaceChildren(...nodes);
  }

  layout() {
    if (!this.data) return;
    const width = this.width || this.root.clientWidth || 600;
    const projector = !!this.data.projector;
    const label = projector ? 30 : width < 500 ? 18 : 24;
    const grids = Object.values(this.grids);
    const columns = grids.reduce((sum, drawn) => sum + drawn.cols, 0);
    const side = Math.floor((width - grids.length * (label + 18)) / Math.max(1, columns));
    const stack = Math.floor((width - label - 8) / Math.max(1, ...grids.map((drawn) => drawn.cols)));
    const stacked = side < 30 && stack > side;
    const cell = Math.max(8, Math.min(projector ? 84 : 58, stacked ? stack : side));
    this.root.classList.toggle("stacked", stacked);
    grids.forEach((drawn) => drawn.size(drawn.root.classList.contains("small") ? Math.min(cell, projector ? 72 : 48) : cell, label));
    (this.feedbackGrids || []).forEach((drawn) => drawn.size(Math.min(cell, projector ? 64 : 40), label));
  }

  destroy() {
    this.resize.disconnect();
    this.root.remove();
  }
}

export default function (component) {
  const { data, parentElement, setStateValue, setTriggerValue } = component;
  let view = VIEWS.get(parentElement);
  const kinds = { maps: MapView, links: LinkView, fields: FieldView, scatter: ScatterView, practice: PracticeView };
  const Kind = (data && kinds[data.kind]) || View;
  if (view && !(view instanceof Kind)) {
    view.destroy();
    view = null;
  }
  if (!view) {
    view = new Kind(parentElement);
    VIEWS.set(parentElement, view);
  }
  if (data) view.update(data, setStateValue, setTriggerValue);
  return () => {
    view.destroy();
    VIEWS.delete(parentElement);
  };
}
