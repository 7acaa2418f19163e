"""a.total needs b.discount, which needs a.netAmount: a -> b -> a."""

HOOKS = {
    "a": {"Order.total": lambda order, _args: order["netAmount"] - order["discount"]},
    "b": {"Order.discount": lambda order, _args: order["netAmount"] // 10},
}
