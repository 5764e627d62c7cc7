"""Render the Open Graph share image (static/img/share.png, 1200x630) with Debian's chromium.

Run once when the design changes: `make share-image`. The image is committed, so no page
view ever generates anything.
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from stopalprs.lib.browser import CHROMIUM_ARGS, chromium_path

CARD = """<!doctype html><html><head><meta charset="utf-8"><style>
body{margin:0;width:1200px;height:630px;display:flex;flex-direction:column;justify-content:center;
padding:0 90px;box-sizing:border-box;background:#1d3f8a;color:#fff;
font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",Arial,sans-serif}
.kicker{font-size:34px;letter-spacing:.08em;text-transform:uppercase;color:#fdf2c4;margin:0 0 18px}
h1{font-size:86px;line-height:1.05;margin:0 0 28px}
p{font-size:38px;line-height:1.3;margin:0;max-width:980px}
.plate{display:inline-block;border:6px solid #fff;border-radius:14px;padding:4px 22px;
font-family:monospace;letter-spacing:.12em;text-decoration:line-through}
</style></head><body>
<p class="kicker">Petition to your lawmakers</p>
<h1>You are being tracked. <span class="plate">ABC 123</span></h1>
<p>End license plate reader surveillance. Sign, then share.</p>
</body></html>"""


def main() -> None:
    out = Path(__file__).resolve().parent.parent / "static" / "img" / "share.png"
    path = chromium_path()
    if path is None:
        sys.exit("chromium is not installed: apt-get install chromium")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1200, "height": 630})
        page.set_content(CARD)
        page.screenshot(path=str(out))
        browser.close()
    print(f"wrote {out} ({out.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
