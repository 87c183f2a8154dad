"""Question matching: normalisation, the index built from the knowledge base, scoring."""
