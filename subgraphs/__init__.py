"""subgraphs package."""
