"""axe-core (node_modules/axe-core, a pinned devDependency) run on the page as it stands.

The pages' Content Security Policy refuses an inline script, so `page.add_script_tag`
(an inline <script> with the file's text) is blocked and reported as a violation; axe is
evaluated through devtools instead (`page.evaluate`, which the CSP does not govern, as
`tests.web.browser.wait_until` uses), once per document.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.conftest import ROOT

if TYPE_CHECKING:
    from playwright.sync_api import Page

__all__ = ["BLOCKING", "axe_findings"]

AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("critical", "serious", "moderate")  # issue 25: none of these on any page

_RUN = """async (impacts) => {
  const result = await axe.run(document, { resultTypes: ["violations"] });
  return result.violations
    .filter((v) => impacts.includes(v.impact))
    .map((v) => `${v.impact} ${v.id}: ${v.help} at ` +
      v.nodes.slice(0, 4).map((n) => n.target.join(" ")).join(", "));
}"""


def axe_findings(page: Page, where: str) -> list[str]:
    """The critical, serious and moderate findings on `page` now, each naming `where`."""
    if not AXE_JS.is_file():
        pytest.skip(f"{AXE_JS} not found: run `npm ci` (axe-core is a devDependency)")
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    found: list[str] = page.evaluate(_RUN, list(BLOCKING))
    return [f"{where}: {f}" for f in found]
