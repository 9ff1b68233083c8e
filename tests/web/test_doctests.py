"""The examples in the web modules' docstrings are true (they document the formats)."""

from __future__ import annotations

import doctest
from types import ModuleType

import pytest

from reskontro.interfaces.web import core, forms, i18n


@pytest.mark.parametrize("module", [core, forms, i18n], ids=lambda m: m.__name__)
def test_the_docstring_examples_hold(module: ModuleType) -> None:
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0
