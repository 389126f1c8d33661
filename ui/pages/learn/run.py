"""``Run``: one training run of the learning page, made once per settings signature and kept in session state.

The numbers are convcore's (``learning_run``'s ``Trajectory``, see its docstring for what record ``k``
holds); a run adds the settings that made it, the target it learned from and how a kernel of its size
does on the noise-free target.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch

from convcore.learn import BestKernel, Trajectory
from ui.pages.learn.settings import Settings


@dataclass(frozen=True, eq=False)
class Run:
    """One training run: its settings, its target Y, convcore's trajectory and the noise-free best."""

    signature: str  # the settings' signature: the run is kept while it stays the same
    settings: Settings
    Y: torch.Tensor  # the target, noise included
    trajectory: Trajectory  # record k: the kernel after k updates and its loss
    best_clean: BestKernel  # the lowest loss of this size on the noise-free target: can it express it at all?

    @property
    def last(self) -> int:
        """The last step there is to reveal."""
        return self.trajectory.last
