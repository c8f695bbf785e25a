"""Support links: every strand points a school to current public guidance it can act on.

Becta's online tool promised to "provide support links to help you"; the links sit on criteria
and travel with the actions of the next level, so a school sees them beside its next steps.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest

import ictrules_becta
from ictrules import Engine, Strand

from .conftest import AS_OF

FRAMEWORK = ictrules_becta.load().framework

#: The public bodies whose guidance the links may point to.
PUBLISHERS = (
    "www.gov.uk",
    "ico.org.uk",
    "saferinternet.org.uk",
    "www.ncsc.gov.uk",
    "educationendowmentfoundation.org.uk",
)

LINKS = sorted(
    {
        link
        for strand in FRAMEWORK.strands
        for rules in strand.levels
        for criterion in rules.criteria
        for link in criterion.links
    }
)


def _strand_links(strand: Strand) -> list[str]:
    return [link for rules in strand.levels for c in rules.criteria for link in c.links]


@pytest.mark.parametrize("link", LINKS)
def test_every_link_is_a_well_formed_https_address_of_a_public_body(link: str) -> None:
    parts = urlsplit(link)
    assert parts.scheme == "https", link
    assert parts.netloc in PUBLISHERS, link
    assert not parts.query, link
    assert not parts.fragment, link
    assert parts.path.startswith("/"), link
    assert not any(char.isspace() for char in link), link
    assert not link.endswith((".", ",", ")")), link


@pytest.mark.parametrize("strand", FRAMEWORK.strands, ids=lambda s: s.code)
def test_every_strand_has_guidance_at_every_level_a_school_can_move_to(strand: Strand) -> None:
    links = _strand_links(strand)
    assert links, f"{strand.code} has no support link"
    for rules in strand.levels:
        if rules.criteria:
            assert any(c.links for c in rules.criteria), (
                f"{strand.code} level {rules.level}: no criterion carries a support link"
            )


def test_a_criterion_lists_each_link_once() -> None:
    for strand in FRAMEWORK.strands:
        for rules in strand.levels:
            for criterion in rules.criteria:
                assert len(set(criterion.links)) == len(criterion.links), criterion.id


@pytest.mark.parametrize("code", [strand.code for strand in FRAMEWORK.strands])
def test_a_school_at_the_bottom_sees_guidance_beside_its_next_steps(
    engine: Engine, lowest_facts: dict[str, Any], code: str
) -> None:
    result = engine.assess({"facts": lowest_facts}, "becta-srf", as_of=AS_OF).strand(code)
    assert result.next_level == 4
    linked = [action for action in result.actions if action.links]
    assert linked, f"{code}: no next step carries a link"
    assert all(link in LINKS for action in linked for link in action.links)
