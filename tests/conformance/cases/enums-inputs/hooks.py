"""Root fields filter by the (default-filled) input object they receive."""


def _matching(rows, args):
    wanted = (args.get("filter") or {}).get("finish")
    return [row for row in rows if wanted is None or row["finish"] == wanted]


HOOKS = {
    "paints": {"Query.paints": lambda _s, args: [
        row for row in _matching(PAINTS, args)
        if row["liters"] >= (args.get("filter") or {}).get("minLiters", 0)]},
    "stock": {"Query.paintCount": lambda _s, args: len(_matching(STOCK, args))},
}

PAINTS = [
    {"id": "p1", "color": "RED", "finish": "MATT", "liters": 1},
    {"id": "p2", "color": "GREEN", "finish": "GLOSS", "liters": 5},
    {"id": "p3", "color": "BLUE", "finish": "MATT", "liters": 10},
]
STOCK = [{"finish": "MATT"}, {"finish": "GLOSS"}, {"finish": "MATT"}]
