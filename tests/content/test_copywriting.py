"""``trenz.content.copywriting``: descriptions and titles from text or a product, reviews."""

from __future__ import annotations

from typing import Any

import pytest

from tests.content.support import FAST, assert_fully_known, finish, sent_body
from trenz_async import TrenzClient
from trenz_async.errors import TaskFailedError
from trenz_async.models.content import ProductDescription, ProductTitles, ReviewAnalysis

pytestmark = pytest.mark.anyio
DESCRIPTION = "/open/v1/ai/products/description"
TITLE = "/open/v1/ai/products/title"
REVIEWS = "/open/v1/ai/products/review-analysis"
INFO = "Bamboo desk lamp\nUSB-C, three colour temperatures"


async def test_a_description_from_your_own_product_text(
    client: TrenzClient, trenz_simulator: Any
) -> None:
    handle = await client.content.copywriting.product_description(product_info=INFO)
    finish(trenz_simulator, DESCRIPTION)
    result = await handle.wait(policy=FAST)
    assert type(result) is ProductDescription
    assert result.text is not None
    assert result.text.startswith("Meet the Bamboo desk lamp.")
    assert result.language == "en"
    assert_fully_known(result)
    assert sent_body(trenz_simulator, DESCRIPTION) == {"product_info": INFO}


async def test_a_description_of_a_data_product_names_it(
    client: TrenzClient, trenz_simulator: Any, product_id: str
) -> None:
    product = await client.data.products.get(product_id, country="us")
    handle = await client.content.copywriting.product_description(
        product_id=product_id, country="US"
    )
    finish(trenz_simulator, DESCRIPTION)
    result = await handle.wait(policy=FAST)
    assert product.item.product_name
    assert product.item.product_name in (result.text or "")
    assert sent_body(trenz_simulator, DESCRIPTION) == {"product_id": product_id, "country": "us"}


async def test_five_titles_for_a_product(client: TrenzClient, trenz_simulator: Any) -> None:
    handle = await client.content.copywriting.product_title(product_info=INFO)
    finish(trenz_simulator, TITLE)
    result = await handle.wait(policy=FAST)
    assert type(result) is ProductTitles
    titles = list(result.titles or [])
    assert len(titles) == len(set(titles)) == 5
    assert all(title.startswith("Bamboo desk lamp | ") for title in titles)
    assert_fully_known(result)


async def test_review_analysis_agrees_with_the_products_reviews(
    client: TrenzClient, trenz_simulator: Any, product_id: str
) -> None:
    reviews = await client.data.products.reviews(product_id, country="us", page_size=10).collect()
    handle = await client.content.copywriting.review_analysis(product_id=product_id, country="us")
    finish(trenz_simulator, REVIEWS)
    result = await handle.wait(policy=FAST)
    assert type(result) is ReviewAnalysis
    assert (result.product_id, result.country) == (product_id, "us")
    assert result.review_count == len(reviews)
    assert reviews, "the first US product has reviews in the seeded dataset"
    ratings = [review.rating for review in reviews if review.rating is not None]
    assert result.average_rating == round(sum(ratings) / len(ratings), 2)
    assert result.sentiment_score is not None
    assert 0 <= result.sentiment_score <= 1
    assert result.positive_points or result.negative_points
    assert result.summary == f"{len(reviews)} reviews, average rating {result.average_rating}."
    assert_fully_known(result)


async def test_review_analysis_of_an_unknown_product_fails_with_the_services_message(
    client: TrenzClient, trenz_simulator: Any, trenz_api_key: str
) -> None:
    before = trenz_simulator.balance(trenz_api_key)
    handle = await client.content.copywriting.review_analysis(product_id="123", country="us")
    finish(trenz_simulator, REVIEWS)
    with pytest.raises(TaskFailedError) as caught:
        await handle.wait(policy=FAST)
    assert "Product 123 not found in market us" in str(caught.value)
    assert caught.value.task_id == handle.task_id
    assert trenz_simulator.balance(trenz_api_key) == before - 5  # charged when accepted
