"""Shared layout of the target-language instruction sets.

Every language file has the same 88 everyday questions with answers (written
for swapexp in that language, parallel in meaning across languages) plus short
templated items (capitals, days, months, opposites, colours, arithmetic,
numbers in words) whose slots are filled with that language's own words.
"""

# category of each of the 88 handwritten items, in order
CATEGORIES = [
    "health",
    "health",
    "science",
    "science",
    "general",
    "geography",
    "education",
    "cooking",
    "health",
    "science",
    "money",
    "writing",
    "work",
    "science",
    "health",
    "science",
    "technology",
    "science",
    "social",
    "animals",
    "cooking",
    "health",
    "technology",
    "education",
    "health",
    "geography",
    "animals",
    "writing",
    "science",
    "home",
    "social",
    "nature",
    "writing",
    "health",
    "health",
    "technology",
    "nature",
    "general",
    "science",
    "health",
    "daily_life",
    "social",
    "daily_life",
    "animals",
    "nature",
    "work",
    "social",
    "work",
    "work",
    "education",
    "cooking",
    "science",
    "safety",
    "culture",
    "health",
    "social",
    "science",
    "home",
    "education",
    "technology",
    "social",
    "health",
    "geography",
    "environment",
    "travel",
    "health",
    "education",
    "work",
    "writing",
    "geography",
    "animals",
    "safety",
    "animals",
    "culture",
    "health",
    "sports",
    "work",
    "nature",
    "sports",
    "cooking",
    "technology",
    "education",
    "science",
    "social",
    "food",
    "science",
    "travel",
    "culture",
]
assert len(CATEGORIES) == 88

ADDITIONS = [(12, 7), (25, 13), (40, 60), (18, 9), (101, 99), (7, 8)]
PRODUCTS = [(6, 7), (12, 4), (9, 9), (15, 3), (8, 11), (20, 5)]
NUMBER_WORDS = [3, 7, 10, 12, 15, 20, 25, 40, 50, 100]


def rows(lang: str, handwritten: list[tuple[str, str]], templated: list[tuple[str, str, str]]) -> list[dict]:
    assert len(handwritten) == len(CATEGORIES), (lang, len(handwritten))
    out = [
        {"prompt": p, "response": r, "category": c, "lang": lang}
        for c, (p, r) in zip(CATEGORIES, handwritten, strict=True)
    ]
    out += [{"prompt": p, "response": r, "category": c, "lang": lang} for c, p, r in templated]
    return out
