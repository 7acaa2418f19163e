"""ratings computes blurb from the title the gateway sends (a @requires on the interface object)."""

HOOKS = {
    "ratings": {"Holding.blurb": lambda holding, _args: f"{holding['title']} ({holding['stars']})"},
}
