"""The scorer against the demo generator's addresses, whose intended quality is known for each one.

Not a fit to the generator (its outcome weights are never read): only the order of qualities is checked, and
that real street, district and landmark words are never taken for random typing or placeholders.
"""

from __future__ import annotations

import random
from statistics import mean

import pytest

from wasl.demo.addresses import make_address
from wasl.demo.markets import MARKETS
from wasl.demo.types import AddressQuality
from wasl.risk.quality import QualityScore, address_quality

Q = AddressQuality
PER_QUALITY = 150


def _scored(market_code: str) -> dict[AddressQuality, list[QualityScore]]:
    market = MARKETS[market_code]
    rng = random.Random(f"demo-addresses-{market_code}")
    found: dict[AddressQuality, list[QualityScore]] = {quality: [] for quality in Q}
    for quality in Q:
        for _ in range(PER_QUALITY):
            city = rng.choice(market.cities)
            a = make_address(
                rng, market=market, city=city, quality=quality, latin=rng.random() < 0.3, name="", phone=""
            )
            found[quality].append(
                address_quality(
                    line1=a.line1,
                    line2=a.line2,
                    city=a.city,
                    region=a.region,
                    postal_code=a.postal_code,
                    country=a.country,
                )
            )
    return found


@pytest.mark.parametrize("market_code", sorted(MARKETS))
def test_qualities_come_out_in_order_and_real_words_are_never_noise(market_code: str) -> None:
    scored = _scored(market_code)
    means = [mean(result.score for result in scored[quality]) for quality in Q]
    assert means == sorted(means, reverse=True)  # complete > partial > landmark > vague > placeholder
    assert len(set(means)) == len(means)
    assert means[0] >= 0.9
    for result in scored[Q.COMPLETE]:
        # At worst a locality named like a street ("Boring Road") and no postal code: 0.75.
        assert result.score >= 0.75
        assert result.facts["has_building_number"] is True
        assert result.facts["has_street"] is True
    for result in scored[Q.PLACEHOLDER]:
        assert result.facts["is_placeholder"] is True
    every_code = {
        reason.code for results in scored.values() for result in results for reason in result.reasons
    }
    assert "gibberish_address" not in every_code
    assert "postal_code_city_mismatch" not in every_code
    assert "bad_postal_code" not in every_code
