"""The benchmark: measures, compares with the team's targets, writes benchmark/report.{md,json}.

    python benchmark/run.py

Not part of the test run. Every figure is a median of repeated runs; ratios are
measured in the same run. Targets are what the team aims for; the report says
whether each is met.
"""

from __future__ import annotations

import json
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import plotly.io as pio  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

import convcore  # noqa: E402
from convcore import presets  # noqa: E402

PAGES = [path.stem for path in sorted((ROOT / "views").glob("*.py"))]


def median_ms(function, repeat: int = 7, warmup: int = 1) -> float:
    for _ in range(warmup):
        function()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1e3)
    return statistics.median(times)


def rerun_ms() -> dict[str, float]:
    """Each page's rerun at its defaults, in AppTest (script run plus Streamlit's own handling)."""
    from tests.apptest import open_page

    results = {}
    for page in PAGES:
        at = open_page(None if page == "home" else page)
        results[page] = round(median_ms(at.run, repeat=9, warmup=2), 1)
    return results


def animation() -> dict[str, float]:
    """Build time and bytes of the sliding-window animation for a 32x32 input and a 3x3 kernel."""
    from ui import animation as anim

    X = torch.rand(32, 32, generator=torch.Generator().manual_seed(0))
    walk = convcore.sliding_window(X, presets.kernel("sobel_x"), padding=1)

    def build_and_encode():
        return pio.to_json(
            anim.build(anim.conv_scene(walk), (0, 0), show_values=False).to_dict(), validate=False
        )

    payload = build_and_encode()
    return {
        "frames": len(json.loads(payload)["frames"]),
        "animation_build_ms": round(median_ms(build_and_encode), 1),
        "animation_bytes": len(payload.encode()),
    }


def conv_vs_torch() -> dict[str, float]:
    """convcore.conv2d over F.conv2d on a 1x3x720x1024 image, 3->3 3x3; the textbook loop over corr2d."""
    generator = torch.Generator().manual_seed(0)
    image = torch.rand(1, 3, 720, 1024, generator=generator)
    weight = torch.randn(3, 3, 3, 3, generator=generator)
    ours = median_ms(lambda: convcore.conv2d(image, weight, padding=1), repeat=15)
    theirs = median_ms(lambda: F.conv2d(image, weight, padding=1), repeat=15)
    X, K = torch.rand(256, 256, generator=generator), presets.kernel("sobel_x")
    loops = median_ms(lambda: convcore.corr2d_loops(X, K), repeat=3)
    fast = median_ms(lambda: convcore.corr2d(X, K), repeat=15)
    return {
        "conv2d_ms": round(ours, 2),
        "torch_conv2d_ms": round(theirs, 2),
        "conv_vs_torch": round(ours / theirs, 3),
        "corr2d_loops_ms": round(loops, 1),
        "corr2d_ms": round(fast, 3),
        "loops_over_fast": round(loops / fast),
    }


def learning() -> dict[str, float]:
    """Steps per second of learn_kernel: d2l's experiment, and a 3x3 kernel on 128x128."""
    X = presets.edge_image()
    Y = convcore.corr2d(X, presets.kernel("d2l_edge"))
    big = torch.rand(128, 128, generator=torch.Generator().manual_seed(0))
    big_target = convcore.corr2d(big, presets.kernel("sobel_x"))
    results = {}
    cases = {"d2l": (X, Y, (1, 2), 3e-2), "3x3_on_128": (big, big_target, (3, 3), 1e-5)}
    for name, (inputs, target, size, lr) in cases.items():
        records = []

        def run(inputs=inputs, target=target, size=size, lr=lr, records=records):
            records[:] = list(convcore.learn_kernel(inputs, target, size, lr=lr, steps=2000))

        elapsed = median_ms(run, repeat=3)
        assert len(records) == 2000 and not records[-1].diverged, f"{name}: the run must not diverge"
        results[f"learn_steps_per_s_{name}"] = round(len(records) / (elapsed / 1e3))
    return results


TARGETS = {  # name -> (limit, "max" or "min", unit)
    **{
        f"rerun_ms.{page}": (50, "max", "ms")
        for page in ("home", "explorer", "channels", "receptive_field", "learn")
    },
    "animation_build_ms": (150, "max", "ms"),
    "animation_bytes": (2_000_000, "max", "bytes"),
    "conv_vs_torch": (1.1, "max", "ratio"),
    "learn_steps_per_s_d2l": (1000, "min", "steps/s"),
    "learn_steps_per_s_3x3_on_128": (1000, "min", "steps/s"),
}


def flatten(results: dict) -> dict:
    flat = {}
    for key, value in results.items():
        if isinstance(value, dict):
            flat.update({f"{key}.{inner}": v for inner, v in value.items()})
        else:
            flat[key] = value
    return flat


def main() -> None:
    results = {"rerun_ms": rerun_ms(), **animation(), **conv_vs_torch(), **learning()}
    flat = flatten(results)
    rows = []
    for name, value in flat.items():
        target = TARGETS.get(name)
        if target:
            limit, kind, unit = target
            met = value <= limit if kind == "max" else value >= limit
            goal = f"{'<=' if kind == 'max' else '>='} {limit:,} {unit}"
            rows.append(f"| `{name}` | {value:,} | {goal} | {'met' if met else '**not met**'} |")
        else:
            rows.append(f"| `{name}` | {value:,} | | |")
    machine = f"{platform.machine()}, {torch.get_num_threads()} torch threads, torch {torch.__version__}"
    report = "\n".join(
        ["# Benchmark report", "", f"Measured {time.strftime('%Y-%m-%d %H:%M')} on {machine}.", "",
         "| measure | value | target | |", "| --- | ---: | --- | --- |", *rows, ""]
    )  # fmt: skip
    (ROOT / "benchmark" / "report.md").write_text(report)
    (ROOT / "benchmark" / "report.json").write_text(json.dumps({"machine": machine, **flat}, indent=2) + "\n")
    print(report)


if __name__ == "__main__":
    main()
