"""Pictures for the demo: the demo outlets' images are offline, so the portal draws its own.

``/demo-img/<n>.svg`` is a simple landscape per number (no text, no scripts): nothing leaves the
machine.
"""

from __future__ import annotations

import random

_PALETTE = ("#1d3557", "#457b9d", "#2a9d8f", "#e76f51", "#6d597a", "#b5838d", "#264653", "#8d99ae")


def demo_svg(n: int) -> str:
    """A simple landscape picture for demo image ``n`` (no text, no scripts)."""
    rng = random.Random(n)
    a, b = rng.sample(_PALETTE, 2)
    hills = "".join(
        f'<path d="M0 {260 + i * 30} Q {200 + rng.randint(-80, 80)} {180 + i * 40} 400 {250 + i * 25} '
        f'T 800 {240 + i * 30} V 450 H 0 Z" fill="{_PALETTE[(n + i) % len(_PALETTE)]}" opacity="0.{6 + i}"/>'
        for i in range(3)
    )
    sun = f'<circle cx="{rng.randint(120, 680)}" cy="{rng.randint(70, 150)}" r="42" fill="#f4d35e"/>'
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 800 450" width="800" height="450">'
        f'<defs><linearGradient id="g" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="{a}"/>'
        f'<stop offset="1" stop-color="{b}"/></linearGradient></defs>'
        f'<rect width="800" height="450" fill="url(#g)"/>{sun}{hills}</svg>'
    )
