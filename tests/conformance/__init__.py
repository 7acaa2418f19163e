"""Federation conformance suite: per-feature fixtures run against the real gateway process."""
