"""Mutation resolvers: plain values derived from the arguments."""


def _rename(_root, args):
    return {"cardNo": args["cardNo"], "name": args["name"], "email": "karen@example.org"}


HOOKS = {
    "members": {"Mutation.rename": _rename},
    "loans": {
        "Mutation.giveBack": lambda _root, args: {"id": args["loanId"], "dueDate": None,
                                                    "borrower": {"cardNo": "c1"}},
        "Mutation.borrow": lambda _root, args: {"id": "l2", "dueDate": "2026-12-24",
                                                  "borrower": {"cardNo": args["cardNo"]}},
    },
}
