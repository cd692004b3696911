#!/usr/bin/env python3
"""Catalogs of bench/mall.sh (standard library only): one Shopify product CSV per small shop.

  mall_seed.py DIR SHOPS PRODUCTS   writes DIR/small-0001.csv ... (PRODUCTS products each)

Unlike the benchmark catalog (20 adjectives, 20 nouns, lorem ipsum), a mall holds many shops
with words of their own: each shop has a trade (cheese, books, parrots...) whose real words
its titles use, and a few brand words of its own; descriptions mix the trade's words with a
large invented vocabulary. So the mall's vocabulary is as large as a real one's (tens of
thousands of words), which is what typo correction scans. Deterministic (seeded).
"""
import csv
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from seed import HEADER  # noqa: E402

TRADES = {
    "food": ("Camembert Comté Reblochon Brie Roquefort Époisses Munster Beaufort Cantal Tomme "
             "Chèvre Morbier Mimolette Ossau Salers Livarot Maroilles Abondance Fourme Saint-Nectaire "
             "plateau fromage affiné fermier crémeux lait cru").split(),
    "books": ("roman poésie essai édition originale reliure manuscrit atlas dictionnaire "
              "almanach encyclopédie recueil nouvelles théâtre mémoires correspondance "
              "illustré gravure cartonnage dédicace tirage exemplaire").split(),
    "animals": ("perroquet perruche cacatoès ara inséparable canari cage perchoir graines "
                "volière nichoir éleveur baguage sevrage jeune oiseau plumes").split(),
    "art": ("tirage photographie paysage portrait argentique cadre encadrement papier baryté "
            "noir blanc couleur série signé numéroté édition limitée").split(),
    "music-films": ("film DVD Blu-ray location séance cinéma classique western comédie drame "
                    "documentaire animation version restaurée coffret intégrale").split(),
    "home": ("bougie vase nappe coussin plaid tapis lampe miroir panier céramique lin "
             "coton bois chêne noyer artisanal fait main").split(),
}
SYLLABLES = ("ba be bi bo bu ca ce ci co cu da de di do du fa fe fi fo fu ga ge gi go gu la le li lo lu "
             "ma me mi mo mu na ne ni no nu pa pe pi po pu ra re ri ro ru sa se si so su ta te ti to tu "
             "va ve vi vo vu za ze zi zo zu an en in on ar er ir or ur al el il ol ul").split()


def word(rng, n):
    return "".join(rng.choice(SYLLABLES) for _ in range(n))


def main(out_dir, shops, per_shop):
    rng = random.Random(7)
    # An invented language of 40,000 words that descriptions draw from.
    lexicon = sorted({word(rng, rng.randint(2, 4)) for _ in range(60000)})[:40000]
    trades = list(TRADES)
    os.makedirs(out_dir, exist_ok=True)
    for s in range(1, shops + 1):
        trade = trades[(s - 1) % len(trades)]
        words = TRADES[trade]
        brands = [word(rng, 3).capitalize() for _ in range(5)]
        path = os.path.join(out_dir, f"small-{s:04d}.csv")
        with open(path, "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(HEADER)
            for i in range(1, per_shop + 1):
                title = f"{rng.choice(words).capitalize()} {rng.choice(words)} {rng.choice(brands)} {i:03d}"
                desc = " ".join(rng.choice(words) if rng.random() < 0.3 else rng.choice(lexicon)
                                for _ in range(40))
                price = rng.randint(300, 20000)
                w.writerow([
                    f"p-{i:03d}", title, f"<p>{desc.capitalize()}.</p>", brands[0], "", "",
                    ", ".join(rng.sample(words, 2)), "TRUE", "Title", "Default Title",
                    f"S{s:04d}-{i:03d}", "250", "shopify", str(rng.randint(0, 40)), "deny",
                    "manual", f"{price / 100:.2f}", "", "TRUE", "TRUE", "active",
                ])
        print(trade)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
