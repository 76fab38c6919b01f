"""Word lists and reference tables the dataset generator draws from (data only)."""

from __future__ import annotations

#: The 15 markets of the seed, in the seed's order.
COUNTRIES: tuple[str, ...] = (
    "us",
    "th",
    "my",
    "vn",
    "mx",
    "de",
    "fr",
    "it",
    "es",
    "jp",
    "br",
    "gb",
    "ph",
    "sg",
    "id",
)

#: Markets that get the large product set (1,000 products).
BIG_MARKETS: frozenset[str] = frozenset({"us", "gb", "de", "jp"})

#: Level-1 category id -> (name, product nouns used to build names in that category).
CATEGORIES: dict[str, tuple[str, tuple[str, ...]]] = {
    "601450": ("Beauty & Personal Care", ("Serum", "Lip Tint", "Face Mask", "Hair Dryer")),
    "601152": ("Womenswear & Underwear", ("Dress", "Blouse", "Bra", "Cardigan")),
    "700645": ("Health", ("Vitamin Gummies", "Massage Gun", "Posture Corrector")),
    "603014": ("Sports & Outdoor", ("Yoga Mat", "Camping Lantern", "Water Bottle", "Tent")),
    "601739": ("Phones & Electronics", ("Phone Case", "Earbuds", "Power Bank", "Ring Light")),
    "600942": ("Home Appliances", ("Air Fryer", "Humidifier", "Vacuum", "Fan")),
    "824328": ("Menswear & Underwear", ("Hoodie", "Boxer Briefs", "Polo Shirt", "Jacket")),
    "605248": ("Fashion Accessories", ("Sunglasses", "Hair Clip", "Scarf", "Belt")),
    "700437": ("Food & Beverages", ("Matcha Powder", "Protein Bar", "Coffee Beans", "Snack Box")),
    "600001": ("Household Products", ("Storage Box", "Cleaning Spray", "Night Light", "Hanger")),
    "604453": ("Furniture", ("Desk", "Bookshelf", "Desk Chair", "Side Table")),
    "600024": ("Kitchenware", ("Knife Set", "Frying Pan", "Spice Rack", "Mug")),
    "600154": ("Home Textiles", ("Blanket", "Pillow Cover", "Bed Sheet", "Curtain")),
    "824584": ("Luggage & Bags", ("Backpack", "Tote Bag", "Suitcase", "Crossbody Bag")),
    "604206": ("Toys & Hobbies", ("Building Blocks", "Plush Toy", "Puzzle", "RC Car")),
    "601352": ("Shoes", ("Sneakers", "Sandals", "Boots", "Slippers")),
    "604579": ("Tools & Hardware", ("Drill", "Tool Kit", "Tape Measure", "Work Lamp")),
    "604968": ("Home Improvement", ("Desk Lamp", "Floor Lamp", "LED Strip", "Wall Shelf")),
    "602118": ("Pet Supplies", ("Cat Tree", "Dog Leash", "Pet Bed", "Litter Mat")),
    "601755": ("Computers & Office", ("Keyboard", "Desk Organizer", "Mouse Pad", "Monitor Stand")),
    "602284": ("Baby & Maternity", ("Baby Carrier", "Bottle Warmer", "Diaper Bag", "Bib Set")),
    "605196": ("Automotive & Motorcycle", ("Car Mount", "Seat Cover", "Dash Cam", "Tire Gauge")),
    "951432": ("Collectibles", ("Trading Cards", "Figurine", "Coin Album", "Blind Box")),
    "801928": ("Books, Magazines & Audio/Video", ("Notebook", "Comic Book", "Vinyl Record")),
    "953224": ("Jewelry & Accessories", ("Necklace", "Earrings", "Ring", "Bracelet")),
    "856720": ("Pre-Owned Goods", ("Vintage Camera", "Used Handbag", "Retro Console")),
    "802184": ("Kids' Fashion", ("Kids Pajamas", "Kids Raincoat", "School Shoes")),
}

ADJECTIVES: tuple[str, ...] = (
    "Portable",
    "Minimalist",
    "Wireless",
    "Adjustable",
    "Compact",
    "Premium",
    "Foldable",
    "Vintage",
    "Smart",
    "Eco",
    "Classic",
    "Cozy",
    "Magnetic",
    "Rechargeable",
    "Mini",
    "Deluxe",
)
MATERIALS: tuple[str, ...] = (
    "Bamboo",
    "Cotton",
    "Silicone",
    "Steel",
    "Wooden",
    "Ceramic",
    "Linen",
    "Glass",
    "LED",
    "Leather",
)
SHOP_WORDS: tuple[str, ...] = (
    "Nova",
    "Lumen",
    "Maple",
    "Orbit",
    "Cedar",
    "Pixel",
    "Harbor",
    "Sunny",
    "Atlas",
    "Kiwi",
    "Zen",
    "Urban",
    "Bloom",
    "Echo",
    "Velvet",
    "Summit",
)
SHOP_SUFFIXES: tuple[str, ...] = ("Store", "Official", "Home", "Studio", "Mall", "Co", "Shop")

#: Content-niche taxonomy for creators and live streamers (not the product categories).
CREATOR_CATEGORIES: dict[str, str] = {
    "1001": "Beauty",
    "1002": "Fashion",
    "1003": "Food",
    "1004": "Tech",
    "1005": "Home & Living",
    "1006": "Fitness",
    "1007": "Comedy",
    "1008": "Pets",
    "1009": "Parenting",
    "1010": "Gaming",
}
NICK_WORDS: tuple[str, ...] = (
    "daily",
    "with",
    "mia",
    "leo",
    "chef",
    "style",
    "tech",
    "home",
    "fit",
    "pet",
    "glow",
    "deals",
    "sam",
    "luna",
    "max",
    "ivy",
    "vibes",
    "finds",
    "life",
    "studio",
)
VIDEO_HOOKS: tuple[str, ...] = (
    "You need this",
    "Unboxing my new",
    "Honest review of the",
    "3 ways to use a",
    "Why everyone loves this",
    "Best budget",
    "Testing the viral",
    "Before and after with a",
)
LIVE_TITLES: tuple[str, ...] = (
    "Flash sale",
    "Mega deals",
    "New arrivals",
    "Weekend live",
    "Q&A and giveaways",
    "Clearance",
)
REVIEW_TEXTS: tuple[str, ...] = (
    "Great quality for the price",
    "Arrived fast, works as described",
    "Smaller than expected",
    "Exactly like the video",
    "Would buy again",
    "Packaging was damaged but product is fine",
    "Five stars, my kids love it",
    "Colour is a bit different from the pictures",
)
COMMENT_TEXTS: tuple[str, ...] = (
    "Where can I buy this?",
    "Link please!",
    "I have one and it's amazing",
    "Is it worth it?",
    "Need this in my life",
    "Does it ship to my country?",
    "Love the editing",
    "Just ordered!",
)
