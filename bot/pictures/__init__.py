"""Pictures drawn from the knowledge base (no discord import)."""
