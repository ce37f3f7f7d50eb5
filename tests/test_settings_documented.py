"""Every setting is documented in the README (datasette's rule)."""

from communique.settings import describe
from conftest import REPO


def test_every_setting_is_in_the_readme():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    missing = [name for name, _, _ in describe() if f"`{name}`" not in readme]
    assert not missing, f"settings missing from README: {missing}"
