"""Platform-neutral answers: the Answer model, the composer and the text renderers."""
