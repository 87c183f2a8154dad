"""The knowledge base: schema, YAML loading with line numbers, and validation."""
