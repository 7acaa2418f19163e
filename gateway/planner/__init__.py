"""Planning phase: turn an operation into a query plan, and print plans."""
