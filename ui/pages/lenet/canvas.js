// The drawing pad of the LeNet page: draw a digit with the mouse or a finger.
//
// A 280x280 canvas; a stroke is drawn as you move. When a stroke ends, the pad sends the server what was
// drawn as 28x28 ink levels (0..255, the mean of each 10x10 block's ink), which is the picture the
// server turns into a digit (convcore's digit_image); the pad shows no number. "Clear" sends an empty
// picture. Nothing here is HTML from the server: the labels go in with textContent.

const PADS = new WeakMap();
const SIDE = 280;
const CELLS = 28;

class Pad {
  constructor(parent) {
    this.root = document.createElement("div");
    this.root.className = "pad";
    this.root.dataset.component = "pad";
    this.canvas = document.createElement("canvas");
    this.canvas.width = SIDE;
    this.canvas.height = SIDE;
    this.canvas.className = "pad-canvas";
    this.clear = document.createElement("button");
    this.clear.type = "button";
    this.clear.className = "pad-clear";
    this.root.append(this.canvas, this.clear);
    parent.append(this.root);
    this.ctx = this.canvas.getContext("2d", { willReadFrequently: true });
    this.wipe();
    this.drawing = false;
    this.canvas.addEventListener("pointerdown", (event) => this.down(event));
    this.canvas.addEventListener("pointermove", (event) => this.move(event));
    this.canvas.addEventListener("pointerup", () => this.up());
    this.canvas.addEventListener("pointerleave", () => this.up());
    this.clear.addEventListener("click", () => {
      this.wipe();
      this.send([]);
    });
  }

  wipe() {
    this.ctx.fillStyle = "#000";
    this.ctx.fillRect(0, 0, SIDE, SIDE);
  }

  at(event) {
    const box = this.canvas.getBoundingClientRect();
    return [((event.clientX - box.left) * SIDE) / box.width, ((event.clientY - box.top) * SIDE) / box.height];
  }

  down(event) {
    event.preventDefault();
    this.canvas.setPointerCapture?.(event.pointerId);
    this.drawing = true;
    this.last = this.at(event);
    this.line(this.last, this.last);
  }

  move(event) {
    if (!this.drawing) return;
    const point = this.at(event);
    this.line(this.last, point);
    this.last = point;
  }

  line(from, to) {
    const ctx = this.ctx;
    ctx.strokeStyle = "#fff";
    ctx.lineWidth = 22;
    ctx.lineCap = "round";
    ctx.lineJoin = "round";
    ctx.beginPath();
    ctx.moveTo(from[0], from[1]);
    ctx.lineTo(to[0], to[1]);
    ctx.stroke();
  }

  up() {
    if (!this.drawing) return;
    this.drawing = false;
    const pixels = this.ctx.getImageData(0, 0, SIDE, SIDE).data;
    const block = SIDE / CELLS;
    const ink = [];
    for (let r = 0; r < CELLS; r += 1) {
      for (let c = 0; c < CELLS; c += 1) {
        let sum = 0;
        for (let y = r * block; y < (r + 1) * block; y += 1) {
          for (let x = c * block; x < (c + 1) * block; x += 1) sum += pixels[(y * SIDE + x) * 4];
        }
        ink.push(Math.round(sum / (block * block)));
      }
    }
    this.send(ink);
  }

  send(ink) {
    if (this.setStateValue) this.setStateValue("pixels", ink);
  }

  update(data, setStateValue) {
    this.setStateValue = setStateValue;
    this.clear.textContent = data.clear;
    this.canvas.setAttribute("aria-label", data.label);
  }
}

export default function (component) {
  const { data, parentElement, setStateValue } = component;
  let pad = PADS.get(parentElement);
  if (!pad) {
    pad = new Pad(parentElement);
    PADS.set(parentElement, pad);
  }
  if (data) pad.update(data, setStateValue);
  return () => {
    pad.root.remove();
    PADS.delete(parentElement);
  };
}
