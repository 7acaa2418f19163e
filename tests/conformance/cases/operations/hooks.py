"""loans filters by the `since` argument (its default applies when the client gives none)."""

LOANS = [
    {"dueDate": "2025-06-01", "title": "Syv fantastiske fortællinger"},
    {"dueDate": "2026-11-01", "title": "Den afrikanske farm"},
]

HOOKS = {
    "loans": {"Member.loans": lambda _member, args: [
        loan for loan in LOANS if loan["dueDate"] >= args["since"]]},
}
