"""HTTP phase: the Starlette application serving GraphQL-over-HTTP and GraphiQL."""
